import * as assert from "assert";
import { PolicyResource, unknownCheckingProxy } from "@pulumi/policy";
import { toSubjects } from "../../../policies/lib/crossguard";
import { TYPES } from "../../../policies/lib/subjects";
import { UNKNOWN_SENTINEL } from "../../helpers/unknown-props";

/** A stack resource as the SDK hands it to a stack policy: its properties behind a new proxy. */
const resource = (name: string, props: Record<string, unknown>): PolicyResource =>
    ({
        type: TYPES.container,
        name,
        urn: `urn:pulumi:s::p::${TYPES.container}::${name}`,
        props: unknownCheckingProxy(props),
        propertyDependencies: {
            image: [{ urn: "urn:pulumi:s::p::docker:index/remoteImage:RemoteImage::img" }],
        },
    }) as unknown as PolicyResource;

describe("toSubjects (stack resources as rules see them)", () => {
    it("gives the next stack policy of a request the subject made for the first (same shared properties)", () => {
        const deserialized = { name: "chom-redis", image: UNKNOWN_SENTINEL };
        const [first] = toSubjects([resource("redis", deserialized)]);
        assert.deepStrictEqual(first.dependencies, {
            image: ["urn:pulumi:s::p::docker:index/remoteImage:RemoteImage::img"],
        });
        assert.strictEqual(first.urn, `urn:pulumi:s::p::${TYPES.container}::redis`);
        const [again] = toSubjects([resource("redis", deserialized)]);
        assert.strictEqual(again, first);
    });

    it("makes a new subject for another resource, or for properties no request shares", () => {
        const deserialized = { name: "chom-redis", memory: 256 };
        const [redis] = toSubjects([resource("redis", deserialized)]);
        const [other] = toSubjects([resource("other", deserialized)]);
        assert.notStrictEqual(other, redis);
        assert.strictEqual(other.name, "other");
        const plain = { ...resource("plain", {}), props: { name: "plain" } } as PolicyResource;
        assert.notStrictEqual(toSubjects([plain])[0], toSubjects([plain])[0]);
    });
});
