/** The offline engine's own parts, one by one: what each must do exactly like the CLI. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { applyCheckDefaults } from "../../policies/certify/provider-check";
import { parsePolicyConfig, reconcilePolicyConfig } from "../../policies/certify/policy-config";
import { engineJson, REDACTED, readStackFile } from "../../policies/certify/stack-file";
import { parseUrn, readStateFile, stateExport } from "../../policies/certify/state-file";
import { SECRET_SIG, SIG_KEY, UNKNOWN_SENTINEL } from "../../policies/certify/recorded";
import { removedAfterSuite, tempDir, tinyPack } from "../helpers/cli";
import { realPackAnalyzerInfo } from "../helpers/real-pack";
import { recordedResource } from "../helpers/recorded-resource";
import { subjectDigest } from "../../policies/lib/subject-digest";
import Ajv from "ajv";
import {
    analyzeWithPack,
    digestWhileWaiting,
    openSession,
    policiesOf,
    prepareRequests,
} from "../../policies/certify/analyzer-driver";
import type { RecordedResource } from "../../policies/certify/recorded";
import {
    AJV_OPTIONS,
    isPrecompiled,
    objectSchema,
    validatorFor,
} from "../../policies/certify/config-validators";
import { PackProcess } from "../../policies/certify/pack-process";
import { configSchemaOf } from "../../policies/lib/rule";
import { RULES } from "../../policies/rules";

describe("offline engine parts", () => {
    const dirs = removedAfterSuite();

    describe("provider Check defaults", () => {
        it("binds a port without ip to 0.0.0.0/tcp and fills the container defaults, keeping what was set", () => {
            const out = applyCheckDefaults("docker:index/container:Container", {
                image: "x",
                restart: "always",
                ports: [{ internal: 80 }, { internal: 443, ip: "198.18.0.1" }],
            });
            assert.deepStrictEqual(out.ports, [
                { internal: 80, ip: "0.0.0.0", protocol: "tcp" },
                { internal: 443, ip: "198.18.0.1", protocol: "tcp" },
            ]);
            assert.strictEqual(out.restart, "always");
            assert.strictEqual(out.networkMode, "bridge");
            assert.strictEqual(out.memoryReservation, 0);
        });
        it("defaults a null input as the bridged provider does: null is unset", () => {
            const out = applyCheckDefaults("docker:index/container:Container", {
                image: "x",
                restart: null,
                ports: [{ internal: 80, ip: null }],
            });
            assert.strictEqual(out.restart, "no");
            assert.deepStrictEqual(out.ports, [{ internal: 80, ip: "0.0.0.0", protocol: "tcp" }]);
        });
        it("leaves an unknown port list unknown and other resource types alone", () => {
            assert.strictEqual(
                applyCheckDefaults("docker:index/container:Container", { ports: UNKNOWN_SENTINEL })
                    .ports,
                UNKNOWN_SENTINEL,
            );
            assert.deepStrictEqual(
                applyCheckDefaults("docker:index/network:Network", { name: "n" }),
                { name: "n" },
            );
        });
    });

    describe("policy config", () => {
        const policies = [
            {
                name: "p-a",
                enforcementLevel: "mandatory" as const,
                configSchema: { properties: { max: { type: "number", default: 10 } } },
            },
            { name: "p-b", enforcementLevel: "advisory" as const },
        ];
        it("applies schema defaults, then `all`, then per-policy settings, like the engine", () => {
            const { config, warnings } = reconcilePolicyConfig(
                "pack@v1",
                policies,
                parsePolicyConfig(
                    JSON.stringify({ all: "advisory", "p-a": { max: 3 }, "p-b": "disabled" }),
                    "cfg",
                ),
            );
            assert.deepStrictEqual(config["p-a"], {
                enforcementLevel: "advisory",
                properties: { max: 3 },
            });
            assert.deepStrictEqual(config["p-b"], { enforcementLevel: "disabled", properties: {} });
            assert.deepStrictEqual(warnings, []);
        });
        it("names the policy and the field of a value its schema rejects", () => {
            assert.throws(
                () =>
                    reconcilePolicyConfig("pack@v1", policies, {
                        "p-a": { properties: { max: "ten" } },
                    }),
                /validating policy config: pack@v1:\n {2}p-a: max: must be number/,
            );
        });
        it("warns about a policy name the pack does not have (the engine ignores it silently)", () => {
            const { warnings } = reconcilePolicyConfig("pack@v1", policies, {
                "p-typo": { enforcementLevel: "mandatory" },
            });
            assert.deepStrictEqual(warnings, [
                'policy config names "p-typo", which is not a policy of pack@v1: ignored',
            ]);
        });
        it("rejects what is neither a level nor an object, naming the key", () => {
            assert.throws(
                () => parsePolicyConfig('{"p-a": 3}', "cfg.json"),
                /cfg\.json: parsing "p-a": 3 is not a valid value; must be a string or object/,
            );
        });
        it("has a build-time validator for every schema the real pack reports in GetAnalyzerInfo", async () => {
            const reported = policiesOf(await realPackAnalyzerInfo());
            assert.strictEqual(reported.length, RULES.length + 1);
            const missing = reported.filter(
                (p) =>
                    p.configSchema &&
                    !isPrecompiled(
                        objectSchema(p.configSchema.properties, p.configSchema.required),
                    ),
            );
            assert.deepStrictEqual(
                missing.map((p) => p.name),
                [],
            );
        });
        it("reports the same errors from a build-time validator as from one compiled at run time", () => {
            const rule = RULES.find((r) => Object.keys(r.config).length > 0)!;
            const schema = objectSchema(configSchemaOf(rule).properties, undefined);
            assert.ok(isPrecompiled(schema), `${rule.id}'s schema is precompiled`);
            const bad = {
                exceptions: [{ resource: 3 }],
                ...Object.fromEntries(Object.keys(rule.config).map((k) => [k, { not: "valid" }])),
            };
            const fresh = new Ajv(AJV_OPTIONS).compile(schema);
            const built = validatorFor(schema);
            assert.strictEqual(built(bad), false);
            assert.strictEqual(fresh(bad), false);
            assert.deepStrictEqual(built.errors, fresh.errors);
        });
    });

    describe("remediation", function () {
        this.timeout(120_000);
        /** A pack whose one policy remediates memory to 128 and logs the memory its Analyze saw. */
        const remediatingPack = (log: string) => {
            const dir = tinyPack(
                `fs.appendFileSync(${JSON.stringify(log)}, String(args.props.memory) + "\\n");`,
                'const fs = require("fs");',
                'enforcementLevel: "remediate", remediateResource: (args) => ({ ...args.props, memory: 128 })',
            );
            dirs.push(dir);
            return dir;
        };
        const container = (): RecordedResource =>
            recordedResource("urn:pulumi:dev::tiny::docker:index/container:Container::cache", {
                image: "redis",
                memory: 64,
            });
        const analyze = async (applyRemediations: boolean) => {
            const log = path.join(tempDir("remediation-log"), "seen.txt");
            dirs.push(path.dirname(log));
            const pack = await PackProcess.start({
                packDir: remediatingPack(log),
                stack: "dev",
                project: "tiny",
                config: {},
                timeoutMs: 60_000,
            });
            try {
                const ctx = {
                    stack: "dev",
                    project: "tiny",
                    organization: "organization",
                    config: {},
                    secretKeys: [],
                    applyRemediations,
                };
                const session = await openSession(pack, {}, ctx);
                const prepared = prepareRequests([container()]);
                // The digest entry made ahead, from the inputs before the remediation.
                digestWhileWaiting(prepared);
                await new Promise((resolve) => setImmediate(resolve));
                const outcome = await analyzeWithPack(session, prepared, [], ctx);
                const { type, urn, inputs } = prepared.resources[0];
                return {
                    inputs,
                    analyzedMemory: fs.readFileSync(log, "utf8").trim(),
                    digestOfFinalInputs:
                        outcome.resourcesDigest === subjectDigest([{ type, urn, props: inputs }]),
                };
            } finally {
                await pack.stop();
            }
        };
        it("analyzes the remediated inputs in a preview, as the engine goes on with them", async () => {
            assert.deepStrictEqual(await analyze(true), {
                inputs: { image: "redis", memory: 128 },
                analyzedMemory: "128",
                digestOfFinalInputs: true,
            });
        });
        it("leaves a state file's inputs as they are, as `pulumi policy analyze` only reports remediations", async () => {
            assert.deepStrictEqual(await analyze(false), {
                inputs: { image: "redis", memory: 64 },
                analyzedMemory: "64",
                digestOfFinalInputs: true,
            });
        });
    });

    describe("stack file", () => {
        /** The stack file of `stack` read from a fresh project directory holding only `text`. */
        const stackFileOf = (project: string, stack: string, text: string) => {
            const dir = tempDir("stackfile");
            dirs.push(dir);
            fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
            return readStackFile(dir, project, stack);
        };
        it("hands structured values over as the engine does: object keys in Go's sorted order", () => {
            const stackFile = stackFileOf(
                "chom",
                "dev",
                [
                    "config:",
                    "  chom:tls:",
                    "    headers:",
                    "      X-Frame-Options: DENY",
                    "      Referrer-Policy: no-referrer",
                    "      10: ten",
                    "      2: two",
                    "    redirects: [b, a]",
                    "    ä: umlaut",
                    "    z: last ascii",
                ].join("\n"),
            );
            assert.strictEqual(
                stackFile.config["chom:tls"],
                '{"headers":{"10":"ten","2":"two","Referrer-Policy":"no-referrer","X-Frame-Options":"DENY"},"redirects":["b","a"],"z":"last ascii","ä":"umlaut"}',
            );
            // By UTF-8 bytes U+FFFD (EF BF BD) comes before U+1F600 (F0 ..); UTF-16 order says no.
            assert.strictEqual(
                engineJson({ "\u{1F600}": 1, "\uFFFD": 2 }),
                '{"\uFFFD":2,"\u{1F600}":1}',
            );
        });
        it("turns every secure value (top-level or nested) into a redacted set secret, never decrypting", () => {
            const s = stackFileOf(
                "p",
                "s",
                "config:\n  p:a: { secure: v1:NfHNO9UTD8lSMfDq:qk5gC2NQkf+t+nuh/gZkTIwUd9Y2eFck }\n  p:b: { x: 1, y: { secure: AAABAHhJp0FkZ2VydGVzdGNpcGhlcnRleHQ= } }\n  size: 3\n",
            );
            assert.deepStrictEqual(s.secretKeys, ["p:a", "p:b"]);
            assert.strictEqual(s.config["p:a"], REDACTED);
            assert.deepStrictEqual(JSON.parse(s.config["p:b"]), { x: 1, y: REDACTED });
            assert.strictEqual(
                s.config["p:size"],
                "3",
                "a key without namespace belongs to the project",
            );
            assert.ok(!JSON.stringify(s).includes("v1:"), "no ciphertext is carried");
        });
    });

    describe("state export", () => {
        it("parses URNs with parent types and names containing '::'", () => {
            assert.deepStrictEqual(
                parseUrn(
                    "urn:pulumi:dev::chom::chom:host:Server$docker:index/container:Container::a::b",
                ),
                {
                    stack: "dev",
                    project: "chom",
                    type: "docker:index/container:Container",
                    name: "a::b",
                },
            );
            assert.strictEqual(parseUrn("not-a-urn"), undefined);
        });
        it("writes secrets as the redaction marker only, and reads any secret back redacted", () => {
            const secret = { [SIG_KEY]: SECRET_SIG, value: "hunter2-from-a-real-decrypt" };
            const resource = recordedResource(
                "urn:pulumi:dev::chom::docker:index/container:Container::c",
                { envs: [secret] },
            );
            const text = JSON.stringify(stateExport([resource], "test"));
            assert.ok(!text.includes("hunter2"));
            const dir = tempDir("state");
            dirs.push(dir);
            const file = path.join(dir, "export.json");
            const withPlaintext = text.replace('\\"[secret]\\"', '\\"hunter2\\"');
            assert.ok(
                withPlaintext.includes("hunter2"),
                "the export now carries a plaintext secret",
            );
            fs.writeFileSync(file, withPlaintext);
            const back = readStateFile(file);
            assert.deepStrictEqual(back.resources[0].inputs.envs, [
                { [SIG_KEY]: SECRET_SIG, value: REDACTED },
            ]);
            assert.strictEqual(back.stack, "dev");
        });
    });
});
