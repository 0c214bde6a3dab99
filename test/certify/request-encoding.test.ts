/**
 * The driver encodes Struct messages itself and appends them to envelopes built with the generated
 * classes; the pack decodes them with google-protobuf. These check the bytes are what
 * google-protobuf would have produced and that the requests decode to the same messages.
 */
import * as assert from "assert";
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { digestWhileWaiting, prepareRequests } from "../../policies/certify/analyzer-driver";
import { digestEntry } from "../../policies/lib/subject-digest";
import type { RecordedResource } from "../../policies/certify/recorded";
import { encodeStruct, JsonValue, withField } from "../../policies/certify/struct-encoding";
import { recordedResource } from "../helpers/recorded-resource";

/**
 * JSON values as property maps hold them (strings of whole graphemes, so astral characters but no
 * lone surrogates).
 */
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true }),
        fc.integer(),
        fc.string({ unit: "grapheme" }),
        fc.array(tie("value"), { maxLength: 5 }),
        fc.dictionary(
            fc.string({ unit: "grapheme" }).filter((k) => k !== "__proto__"),
            tie("value"),
            { maxKeys: 5 },
        ),
    ),
})).value;
/**
 * Keys: any string but "__proto__", which google-protobuf's own map drops (it sets the prototype);
 * see the test of that key.
 */
const key = fc.string({ unit: "grapheme" }).filter((k) => k !== "__proto__");
const propertyMap = fc.dictionary(key, json, { maxKeys: 8 });

const googleBytes = (obj: Record<string, JsonValue>) =>
    Buffer.from(Struct.fromJavaScript(obj as never).serializeBinary());

describe("request encoding", () => {
    it("encodes a Struct to exactly the bytes google-protobuf produces (keys sorted, lengths over 127, nesting)", () => {
        fc.assert(
            fc.property(propertyMap, (obj) =>
                assert.deepStrictEqual(encodeStruct(obj), googleBytes(obj)),
            ),
            { numRuns: 300 },
        );
        const big = {
            text: "x".repeat(20_000),
            list: Array.from({ length: 300 }, (_, i) => ({ i, s: "é€😀" })),
        };
        assert.deepStrictEqual(encodeStruct(big), googleBytes(big));
        assert.deepStrictEqual(encodeStruct({}), googleBytes({}));
    });

    it('sends a "__proto__" key as an ordinary key, as the Go engine does (google-protobuf\'s JS map would drop it)', () => {
        const obj = JSON.parse('{"__proto__": 1, "a": true}') as Record<string, JsonValue>;
        const bytes = encodeStruct(obj);
        assert.ok(bytes.includes(Buffer.from("__proto__")), "the key is on the wire");
        // A Struct is the concatenation of its entries ("__proto__" sorts before "a").
        assert.deepStrictEqual(
            bytes,
            Buffer.concat([
                encodeStruct(JSON.parse('{"__proto__": 1}') as Record<string, JsonValue>),
                encodeStruct({ a: true }),
            ]),
        );
    });

    it("refuses a value JSON cannot hold instead of sending something else", () => {
        assert.throws(
            () => encodeStruct({ f: (() => 1) as unknown as JsonValue }),
            /of type function cannot be sent/,
        );
    });

    it("appends a length-delimited field that decoders read wherever it comes", () => {
        const env = new pb.AnalyzeRequest();
        env.setType("t");
        env.setUrn("urn:x");
        const bytes = withField(env.serializeBinary(), 2, encodeStruct({ a: [1, "b"] }));
        const decoded = pb.AnalyzeRequest.deserializeBinary(bytes);
        assert.strictEqual(decoded.getUrn(), "urn:x");
        assert.deepStrictEqual(decoded.getProperties()!.toJavaScript(), { a: [1, "b"] });
    });

    it("prepares Analyze and AnalyzeStack requests that decode to every field of the resources", () => {
        const provider = recordedResource("urn:pulumi:s::p::pulumi:providers:docker::prov", {
            host: "ssh://x",
        });
        const container: RecordedResource = {
            urn: "urn:pulumi:s::p::docker:index/container:Container::app",
            type: "docker:index/container:Container",
            name: "app",
            custom: true,
            parent: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s",
            provider: `${provider.urn}::id-1`,
            inputs: { image: "php", ports: [{ internal: 80, ip: "0.0.0.0" }] },
            outputs: { image: "php", id: "x" },
            dependencies: [provider.urn],
            propertyDependencies: { image: [provider.urn] },
            options: {
                protect: true,
                ignoreChanges: ["env"],
                additionalSecretOutputs: [],
                aliases: [],
                customTimeouts: { create: 60, update: 0, delete: 5 },
            },
        };
        const prepared = prepareRequests([provider, container]);

        const analyze = pb.AnalyzeRequest.deserializeBinary(prepared.perResource[1]);
        assert.strictEqual(analyze.getType(), container.type);
        assert.strictEqual(analyze.getUrn(), container.urn);
        assert.deepStrictEqual(analyze.getProperties()!.toJavaScript(), container.inputs);
        assert.strictEqual(analyze.getOptions()!.getProtect(), true);
        assert.deepStrictEqual(analyze.getOptions()!.getIgnorechangesList(), ["env"]);
        assert.strictEqual(analyze.getOptions()!.getCustomtimeouts()!.getCreate(), 60);
        assert.strictEqual(analyze.getProvider()!.getUrn(), provider.urn);
        assert.deepStrictEqual(
            analyze.getProvider()!.getProperties()!.toJavaScript(),
            provider.inputs,
        );

        const stack = pb.AnalyzeStackRequest.deserializeBinary(prepared.stack).getResourcesList();
        assert.deepStrictEqual(
            stack.map((r) => r.getUrn()),
            [provider.urn, container.urn],
        );
        assert.deepStrictEqual(stack[1].getProperties()!.toJavaScript(), container.outputs);
        assert.strictEqual(stack[1].getParent(), container.parent);
        assert.deepStrictEqual(stack[1].getDependenciesList(), [provider.urn]);
        assert.deepStrictEqual(stack[1].getPropertydependenciesMap().get("image")!.getUrnsList(), [
            provider.urn,
        ]);
    });

    describe("the subject digest's entries made while waiting for the pack", () => {
        const resources = Array.from({ length: 3000 }, (_, i) =>
            recordedResource(`urn:pulumi:s::p::docker:index/container:Container::c${i}`, {
                name: `c${i}`,
                env: [`N=${i}`],
            }),
        );
        const expected = resources.map((r) =>
            digestEntry({ type: r.type, urn: r.urn, props: r.inputs }),
        );

        it("are each resource's own entry, made in slices that let other work run", async () => {
            const prepared = prepareRequests(resources);
            digestWhileWaiting(prepared);
            let turns = 0;
            while (prepared.digestEntries[resources.length - 1] === undefined) {
                turns++;
                await new Promise((resolve) => setImmediate(resolve));
            }
            assert.deepStrictEqual(prepared.digestEntries, expected);
            assert.ok(turns > 1, `all ${resources.length} entries made in one turn`);
        });

        it("stop when told, leaving the rest to be made during Analyze", async () => {
            const prepared = prepareRequests(resources);
            const stop = digestWhileWaiting(prepared);
            await new Promise((resolve) => setImmediate(resolve));
            stop();
            const made = prepared.digestEntries.filter((e) => e !== undefined).length;
            await new Promise((resolve) => setTimeout(resolve, 50));
            assert.strictEqual(prepared.digestEntries.filter((e) => e !== undefined).length, made);
            assert.ok(made < resources.length, "stopped after all were made");
            assert.deepStrictEqual(prepared.digestEntries.slice(0, made), expected.slice(0, made));
        });
    });
});
