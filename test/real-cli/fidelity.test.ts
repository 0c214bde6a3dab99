/**
 * Fidelity of the offline engine, proven against the real CLI (issue 11 item 4): for the compliant
 * landsraad_tst export and each noncompliant variant the suite already certifies, `pulumi policy
 * analyze --file` and `chom-certify --state` reach the same blocked/passed verdict and report the
 * same set of (policy, resource, state) findings. A difference is a bug in certify.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EXCEPTED_PREFIX } from "../../policies/lib/judge";
import type { Evaluation } from "../../policies/lib/results";
import { certifyLandsraad, certifyState, cleanup, runCli, tempDir } from "../helpers/cli";
import { Export, exportVariants, readExport } from "../helpers/export-variants";
import { BuiltCli, ensureCli, REPO, Workspace } from "../helpers/pulumi-cli";

const PACK_DIR = path.join(REPO, "policies");
/** Preload that makes the pack process record the requests it is sent (compiled helper). */
const RECORDER = path.join(REPO, "test", "helpers", "analyzer-request-recorder.js");

/** The requests a pack recorded, by file name (method and resource). */
function recorded(dir: string): Map<string, Buffer> {
    return new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

/** What the engine prints for one finding (`pulumi policy analyze --json`). */
interface PolicyEvent {
    policyEvent?: {
        resourceUrn: string;
        message: string;
        policyName: string;
        enforcementLevel: string;
    };
}

/**
 * A finding as both sides can say it: the SDK words an unreadable value "can't run policy ..."; an
 * exception is an advisory note.
 */
function stateOfMessage(message: string): "FAIL" | "UNKNOWN" | "EXCEPTED" {
    if (message.startsWith("can't run policy")) return "UNKNOWN";
    return message.startsWith(EXCEPTED_PREFIX) ? "EXCEPTED" : "FAIL";
}

describe("fidelity: chom-certify --state agrees with the real `pulumi policy analyze --file`", function () {
    this.timeout(30 * 60 * 1000);
    let cli: BuiltCli;
    let ws: Workspace;
    let work: string;
    let exported: Export;

    before(async () => {
        cli = ensureCli();
        ws = new Workspace(cli, "fidelity");
        work = tempDir("fidelity");
        const run = await certifyLandsraad(work, "--quiet");
        assert.strictEqual(run.code, 0, run.stderr);
        exported = readExport(path.join(work, "export.json"));
    });
    after(() => {
        ws?.dispose();
        if (work) cleanup(work);
    });

    it("sends the pack the engine's own requests, byte for byte: Remediate, Analyze, AnalyzeStack", async () => {
        const file = path.join(work, "as-exported.json");
        fs.writeFileSync(file, JSON.stringify(exported));
        const engineDir = fs.mkdtempSync(path.join(work, "engine-requests-"));
        const oursDir = fs.mkdtempSync(path.join(work, "certify-requests-"));
        ws.setEnv("NODE_OPTIONS", `--require=${RECORDER}`);
        ws.setEnv("CHOM_RECORD_REQUESTS", engineDir);
        try {
            const real = await ws.analyzeExport(file, PACK_DIR);
            assert.strictEqual(real.code, 0, real.stderr.slice(-2000));
        } finally {
            ws.setEnv("NODE_OPTIONS", undefined);
            ws.setEnv("CHOM_RECORD_REQUESTS", undefined);
        }
        const ours = await runCli(
            ["--state", file, "--out", path.join(work, "out-requests"), "--quiet"],
            undefined,
            undefined,
            {
                ...process.env,
                NODE_OPTIONS: `--require=${RECORDER}`,
                CHOM_RECORD_REQUESTS: oursDir,
            },
        );
        assert.strictEqual(ours.code, 0, ours.stderr);

        const engine = recorded(engineDir);
        const certify = recorded(oursDir);
        const resources = exported.deployment.resources.length;
        assert.strictEqual(
            engine.size,
            2 * resources + 1,
            "one Remediate and one Analyze per resource, one AnalyzeStack",
        );
        assert.deepStrictEqual([...certify.keys()].sort(), [...engine.keys()].sort());
        const differing = [...engine].filter(([name, bytes]) => !bytes.equals(certify.get(name)!));
        assert.deepStrictEqual(
            differing.map(([name]) => name),
            [],
            "requests that differ from the engine's",
        );
    });

    for (const variant of exportVariants()) {
        it(`${variant.name}: same verdict and the same findings`, async () => {
            const copy = JSON.parse(JSON.stringify(exported)) as Export;
            variant.change(copy);
            const file = path.join(work, `${variant.name}.json`);
            fs.writeFileSync(file, JSON.stringify(copy));

            const real = await ws.analyzeExport(file, PACK_DIR, "--json");
            const events = real.stdout
                .split("\n")
                .filter((l) => l.startsWith("{"))
                .map((l) => JSON.parse(l) as PolicyEvent);
            const engine = new Set(
                events.flatMap((e) =>
                    e.policyEvent
                        ? [
                              `${e.policyEvent.policyName} ${e.policyEvent.resourceUrn} ${stateOfMessage(e.policyEvent.message)}`,
                          ]
                        : [],
                ),
            );

            const ours = await certifyState(file, path.join(work, `out-${variant.name}`), "--json");
            assert.notStrictEqual(ours.code, 2, ours.stderr);
            const evaluation = JSON.parse(ours.stdout) as Evaluation;
            const certify = new Set(
                evaluation.results
                    .filter(
                        (r) =>
                            r.state === "FAIL" || r.state === "UNKNOWN" || r.state === "EXCEPTED",
                    )
                    .map((r) => `${r.policyName} ${r.subject.urn} ${r.state}`),
            );

            assert.strictEqual(
                ours.code === 1,
                real.code !== 0,
                `blocked: certify exit ${ours.code}, pulumi exit ${real.code}\n${real.stderr.slice(-2000)}`,
            );
            assert.deepStrictEqual([...certify].sort(), [...engine].sort());
        });
    }
});
