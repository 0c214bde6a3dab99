import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { canonicalJson } from "../../../policies/lib/canonical-json";
import {
    isSharedRequestProps,
    readKnown,
    unknownValueError,
    withKnownValuesUnwrapped,
} from "../../../policies/lib/preview-proxy";
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

describe("withKnownValuesUnwrapped", () => {
    const unknownImage = () => ({
        name: "chom-redis",
        image: UNKNOWN_SENTINEL,
        labels: [{ label: "chom.service", value: "redis" }],
        envs: ["A=1"],
        memory: 256,
    });

    it("hands over the raw properties where no value is unknown", () => {
        const target = { name: "chom-redis", labels: [{ label: "a", value: "b" }], memory: 256 };
        const props = unknownCheckingProxy(target);
        assert.strictEqual(withKnownValuesUnwrapped(props), target);
        assert.ok(isSharedRequestProps(target));
    });

    it("reads known properties raw and an unknown one through the proxy, which throws as before", () => {
        const target = unknownImage();
        const props = unknownCheckingProxy(target);
        const view = withKnownValuesUnwrapped(props);
        assert.strictEqual(view.labels, target.labels);
        assert.strictEqual(view.memory, 256);
        assert.strictEqual(view.missing, undefined);
        assert.deepStrictEqual(Object.keys(view), Object.keys(target));
        const thrown = (read: () => unknown) => {
            try {
                read();
            } catch (e) {
                return e as Error;
            }
            assert.fail("no UnknownValueError");
        };
        const fromView = thrown(() => view.image);
        assert.ok(fromView instanceof UnknownValueError);
        assert.strictEqual(fromView.message, thrown(() => props.image).message);
        assert.ok(isSharedRequestProps(view));
    });

    it("keeps the proxy for a nested unknown and for values that are not plain data", () => {
        const nested = { envs: ["A=1", UNKNOWN_SENTINEL], memory: 1 };
        const view = withKnownValuesUnwrapped(unknownCheckingProxy(nested));
        assert.strictEqual(view.memory, 1);
        assert.strictEqual(view.envs[0], "A=1");
        assert.throws(() => view.envs[1], UnknownValueError);
        class Asset {
            path = UNKNOWN_SENTINEL.slice(1);
        }
        const withAsset = { asset: new Asset(), memory: 1 };
        const viewOfAsset = withKnownValuesUnwrapped(unknownCheckingProxy(withAsset));
        assert.notStrictEqual(viewOfAsset.asset, withAsset.asset);
        assert.strictEqual(viewOfAsset.asset.path, withAsset.asset.path);
    });

    it("is found through as the proxy is: the digest text is the same", () => {
        const props = unknownCheckingProxy(unknownImage());
        const view = withKnownValuesUnwrapped(props);
        assert.strictEqual(canonicalJson(view), canonicalJson(props));
        assert.strictEqual(canonicalJson([{ props: view }]), canonicalJson([{ props }]));
    });

    it("makes one view per object (the policies of a request share it) and leaves plain objects alone", () => {
        const target = unknownImage();
        const first = withKnownValuesUnwrapped(unknownCheckingProxy(target));
        assert.strictEqual(withKnownValuesUnwrapped(unknownCheckingProxy(target)), first);
        const plain = unknownImage();
        assert.strictEqual(withKnownValuesUnwrapped(plain), plain);
        assert.ok(!isSharedRequestProps(plain));
    });
});
