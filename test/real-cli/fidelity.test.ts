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
import { certifyLandsraad, certifyState, cleanup, tempDir } from "../helpers/cli";
import { Export, exportVariants, readExport } from "../helpers/export-variants";
import { BuiltCli, ensureCli, REPO, Workspace } from "../helpers/pulumi-cli";

const PACK_DIR = path.join(REPO, "policies");

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
