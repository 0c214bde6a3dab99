/**
 * The subject digest is one thing wherever it is computed: a preview, its `--export-state` file
 * and `--state` of that file give the same digest, and an independent implementation of the
 * README's algorithm (test/interop/subject_digest.py, Python) recomputes it from the export.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readStateFile } from "../../policies/certify/state-file";
import { canonicalJson } from "../../policies/lib/canonical-json";
import {
    canonicalListOf,
    digestEntry,
    exportedResources,
    subjectDigest,
    subjectDigestText,
} from "../../policies/lib/subject-digest";
import { certifyLandsraad, certifyState, REPO, removedAfterSuite, tempDir } from "../helpers/cli";

const PYTHON_DIGEST = path.join(REPO, "test", "interop", "subject_digest.py");
const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** The digest as the Python implementation of the README computes it from an export file. */
function pythonDigest(file: string): string {
    const run = spawnSync("python3", [PYTHON_DIGEST, file], { encoding: "utf8" });
    assert.strictEqual(
        run.status,
        0,
        `python3 ${PYTHON_DIGEST}: ${run.error?.message ?? run.stderr}`,
    );
    return run.stdout.trim();
}

function subjectOf(outDir: string): string {
    const statement = JSON.parse(
        fs.readFileSync(path.join(outDir, "attestation.json"), "utf8"),
    ) as { subject: { digest: { sha256: string } }[] };
    return statement.subject[0].digest.sha256;
}

/**
 * An export as `pulumi stack export` writes one: real-looking ciphertexts, a pending delete,
 * non-ASCII and float values.
 */
function handMadeExport(ciphertext: string, memory = 1536): object {
    const urn = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-11-30T10:00:00Z", magic: "x", version: "v3.274.0" },
            secrets_providers: { type: "passphrase", state: { salt: "v1:abc" } },
            resources: [
                {
                    urn: urn("pulumi:pulumi:Stack", "shop-prod"),
                    custom: false,
                    type: "pulumi:pulumi:Stack",
                    outputs: { url: "https://shop" },
                },
                {
                    urn: urn("docker:index/container:Container", "zé-app"),
                    custom: true,
                    id: "4f1c",
                    type: "docker:index/container:Container",
                    inputs: {
                        name: "zé-app",
                        memory,
                        cpus: "1.5",
                        cpuShares: 0.1,
                        ratio: 1e-7,
                        big: 1e21,
                        neg: -2.5,
                        ok: true,
                        none: null,
                        envs: [{ ...SIG, ciphertext }],
                        labels: [
                            { label: "ü", value: "€" },
                            { label: 'a\u0001b\n"', value: "\ud83d\ude00" },
                        ],
                        "\u00e9": 1,
                        e: 2,
                        "\ud83d\ude00": 3,
                        "\uffff": 4,
                    },
                    outputs: { id: "4f1c" },
                },
                {
                    urn: urn("docker:index/container:Container", "old"),
                    custom: true,
                    delete: true,
                    type: "docker:index/container:Container",
                    inputs: { name: "old" },
                },
                {
                    urn: urn("docker:index/network:Network", "a-net"),
                    custom: true,
                    type: "docker:index/network:Network",
                    inputs: { name: "a-net", __defaults: ["driver"] },
                },
            ],
        },
    };
}

describe("subject digest: preview, its export and --state agree, and a third party recomputes it", function () {
    this.timeout(240_000);
    const dirs = removedAfterSuite();

    it("preview, --export-state and --state of that export give one digest, and Python recomputes it from the export", async () => {
        const work = tempDir("digest");
        dirs.push(work);
        const exportFile = path.join(work, "export.json");
        const preview = await certifyLandsraad(work, "--quiet");
        assert.strictEqual(preview.code, 0, preview.stderr);
        const fromState = await certifyState(exportFile, path.join(work, "state"), "--quiet");
        assert.strictEqual(fromState.code, 0, fromState.stderr);
        const digest = subjectOf(path.join(work, "out"));
        assert.match(digest, /^[0-9a-f]{64}$/);
        assert.strictEqual(subjectOf(path.join(work, "state")), digest, "--state of the export");
        assert.strictEqual(
            subjectDigest(exportedResources(JSON.parse(fs.readFileSync(exportFile, "utf8")))),
            digest,
            "the export file read as the README says",
        );
        assert.strictEqual(
            pythonDigest(exportFile),
            digest,
            "the independent Python implementation",
        );
        // The landsraad_tst stack carries secrets whose derived values a preview knows and an
        // export does not.
        assert.ok(
            fs.readFileSync(exportFile, "utf8").includes("1b47061264138c4ac30d75fd1eb44270"),
            "the export holds secrets",
        );
    });

    it("TypeScript and Python agree on a hand-made export with ciphertexts, non-ASCII keys, odd numbers and a pending delete", () => {
        const work = tempDir("digest-hand");
        dirs.push(work);
        const file = path.join(work, "export.json");
        fs.writeFileSync(file, JSON.stringify(handMadeExport("v1:AAAA:bbbb")));
        const ts = subjectDigest(exportedResources(JSON.parse(fs.readFileSync(file, "utf8"))));
        assert.strictEqual(pythonDigest(file), ts);
        // What certify --state evaluates digests the same (its reader redacts secrets and drops
        // pending deletes too).
        const read = readStateFile(file);
        assert.strictEqual(
            subjectDigest(
                read.resources.map((r) => ({ type: r.type, urn: r.urn, props: r.inputs })),
            ),
            ts,
        );
        assert.strictEqual(read.resources.length, 3);
    });

    it("is the same made entry by entry, in any order, as certify makes it while the pack works", () => {
        const resources = exportedResources(handMadeExport("v1:AAAA:bbbb"));
        const entries = resources.map((r) => ({ urn: r.urn, entry: digestEntry(r) })).reverse();
        const whole = subjectDigestText(resources);
        assert.strictEqual(canonicalListOf(entries), whole);
        // ... and the whole is RFC 8785 of the sorted list itself.
        const sorted = [...resources].sort((a, b) => (a.urn < b.urn ? -1 : 1));
        assert.strictEqual(
            whole,
            canonicalJson(sorted.map((r) => JSON.parse(digestEntry(r)) as unknown)),
        );
    });

    it("ignores a secret's ciphertext (it changes on every encryption) but not a plain input", () => {
        const digestOf = (doc: object) => subjectDigest(exportedResources(doc));
        const base = digestOf(handMadeExport("v1:AAAA:bbbb"));
        assert.strictEqual(digestOf(handMadeExport("v1:CCCC:dddd")), base);
        assert.notStrictEqual(digestOf(handMadeExport("v1:AAAA:bbbb", 1537)), base);
    });
});
