import * as assert from "assert";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { shareDeserializedProperties } from "../../../policies/lib/shared-deserialization";

type Deserialize = (struct: Struct, proxySecrets: boolean) => Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: Deserialize };

describe("shared deserialization (the pack's policies share a request's properties)", () => {
    const props = { image: "nginx:1.27", ports: [{ internal: 80, external: 8080 }], labels: [] };

    it("gives every policy of a request the one deserialized value, equal to the SDK's own", () => {
        const unshared = sdk.deserializeProperties(Struct.fromJavaScript(props), false);
        shareDeserializedProperties();
        shareDeserializedProperties(); // installing twice wraps once
        const request = Struct.fromJavaScript(props);
        const first = sdk.deserializeProperties(request, false);
        assert.strictEqual(sdk.deserializeProperties(request, false), first);
        assert.deepStrictEqual(first, unshared);
    });

    it("deserializes another request afresh, and never shares the secrets-proxy form", () => {
        shareDeserializedProperties();
        const request = Struct.fromJavaScript(props);
        const plain = sdk.deserializeProperties(request, false);
        assert.notStrictEqual(
            sdk.deserializeProperties(Struct.fromJavaScript(props), false),
            plain,
        );
        assert.notStrictEqual(sdk.deserializeProperties(request, true), plain);
        assert.notStrictEqual(
            sdk.deserializeProperties(request, true),
            sdk.deserializeProperties(request, true),
        );
    });
});
