import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { readKnown, unknownValueError } from "../../../policies/lib/preview-proxy";
import { serviceOf } from "../../../policies/lib/service-identity";
import { container } from "../../helpers/fixture-stack";
import { UNKNOWN_SENTINEL } from "../../helpers/unknown-props";

describe("unknownValueError", () => {
    it("is the SDK's UnknownValueError (so a rule's result is UNKNOWN, not a pack error), with our message", () => {
        const e = unknownValueError(["image"], "the image is unknown");
        assert.ok(e instanceof UnknownValueError);
        assert.strictEqual(e.message, "the image is unknown");
    });
    it("is what the service-identity resolver throws for a container nothing identifies during preview", () => {
        const c = container("app", { name: "x1", labels: [] });
        c.name = "x1";
        c.props = unknownCheckingProxy({
            ...c.props,
            image: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => serviceOf(c),
            (e: Error) =>
                e instanceof UnknownValueError &&
                e.message ===
                    "the image of container x1 is unknown and neither its name nor a chom.service label says what it runs",
        );
    });
});

describe("readKnown", () => {
    const props = unknownCheckingProxy({ known: 3, later: UNKNOWN_SENTINEL });
    it("answers the value read, or the given stand-in where the read hits an unknown value", () => {
        assert.strictEqual(
            readKnown(() => props.known, null),
            3,
        );
        assert.strictEqual(
            readKnown(() => props.later, null),
            null,
        );
        assert.strictEqual(
            readKnown(() => props.later, undefined),
            undefined,
        );
    });
    it("lets any other error through", () => {
        assert.throws(
            () =>
                readKnown(() => {
                    throw new TypeError("not an unknown");
                }, null),
            /not an unknown/,
        );
    });
});
