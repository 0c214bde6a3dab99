/**
 * With one `--state` export the pack starts before the export is read, for the stack its first URN
 * names (policies/certify/state-file.ts, peekStackNames). A guess only: a wrong one is replaced
 * with no change to the results, and bad input still exits 2 with one line, leaving no process.
 * With one stack it starts once the stack file is read, with the same guarantees.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Evaluation } from "../../policies/lib/results";
import { peekStackNames } from "../../policies/certify/state-file";
import { certifyLandsraad, certifyState, cleanup, runCli, tempDir } from "../helpers/cli";
import { Export, readExport } from "../helpers/export-variants";

/** Processes whose environment holds `marker` (Linux /proc), i.e. started by that run. */
function processesMarked(marker: string): number {
    let n = 0;
    for (const pid of fs.readdirSync("/proc").filter((p) => /^[0-9]+$/.test(p))) {
        try {
            if (fs.readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker)) n++;
        } catch {
            // gone, or another user's
        }
    }
    return n;
}

/**
 * Runs certify with `args` and a marker in its environment: bad input after the pack started must
 * exit 2 with one line, write nothing to `out` and leave no process carrying the marker.
 */
async function assertBadInputLeavesNothing(args: string[], out: string, tag: string) {
    const marker = `CHOM_TEST_EARLY_PACK=${process.pid}-${tag}`;
    const run = await runCli([...args, "--out", out], undefined, undefined, {
        ...process.env,
        CHOM_TEST_EARLY_PACK: marker.split("=")[1],
    });
    assert.strictEqual(run.code, 2);
    assert.strictEqual(run.stderr.trim().split("\n").length, 1, run.stderr);
    assert.strictEqual(run.stdout, "");
    assert.ok(!fs.existsSync(out), "nothing written");
    assert.strictEqual(processesMarked(marker), 0, "no pack left running");
}

describe("chom-certify --state starts the pack before reading the export", function () {
    this.timeout(300_000);
    let work: string;
    let exported: Export;

    before(async () => {
        work = tempDir("early");
        const run = await certifyLandsraad(work);
        assert.strictEqual(run.code, 0, run.stderr);
        exported = readExport(path.join(work, "export.json"));
    });
    after(() => cleanup(work));

    const sameResults = (a: Evaluation, b: Evaluation) =>
        assert.deepStrictEqual(
            a.results.map((r) => JSON.stringify(r)),
            b.results.map((r) => JSON.stringify(r)),
        );

    it("peeks the first URN's stack and project, and only in regular files", () => {
        assert.deepStrictEqual(peekStackNames(path.join(work, "export.json")), {
            stack: "landsraad_tst",
            project: exported.deployment.resources[0].urn.split("::")[1],
        });
        assert.strictEqual(peekStackNames(work), undefined);
        assert.strictEqual(peekStackNames(path.join(work, "missing.json")), undefined);
    });

    it("replaces a pack started for a wrong guess: same stack, same results", async () => {
        // A deleted resource of another stack first: the guess names it, the export does not.
        const first = exported.deployment.resources[1];
        const copy = JSON.parse(JSON.stringify(exported)) as Export;
        copy.deployment.resources.unshift({
            ...first,
            urn: first.urn.replace("landsraad_tst", "elsewhere"),
            delete: true,
        } as (typeof copy.deployment.resources)[number]);
        const file = path.join(work, "misleading.json");
        fs.writeFileSync(file, JSON.stringify(copy));
        assert.strictEqual(peekStackNames(file)?.stack, "elsewhere");
        // What the export itself gives, certified plainly: the wrong guess must change none of it.
        const plain = await certifyState(
            path.join(work, "export.json"),
            path.join(work, "out-plain"),
            "--json",
        );
        assert.strictEqual(plain.code, 0, plain.stderr);
        const marker = `CHOM_TEST_EARLY_PACK=${process.pid}-guess`;
        const run = await runCli(
            ["--state", file, "--out", path.join(work, "out-guess"), "--json"],
            undefined,
            undefined,
            { ...process.env, CHOM_TEST_EARLY_PACK: marker.split("=")[1] },
        );
        assert.strictEqual(run.code, 0, run.stderr);
        const evaluation = JSON.parse(run.stdout) as Evaluation;
        assert.strictEqual(evaluation.stack, "landsraad_tst");
        sameResults(evaluation, JSON.parse(plain.stdout) as Evaluation);
        assert.strictEqual(processesMarked(marker), 0, "no pack left running");
    });

    it("bad input after the pack started: exit 2, one line, nothing written, no process left", async () => {
        fs.writeFileSync(path.join(work, "bad-config.json"), JSON.stringify({ all: 5 }));
        await assertBadInputLeavesNothing(
            [
                "--state",
                path.join(work, "export.json"),
                "--policy-config",
                path.join(work, "bad-config.json"),
            ],
            path.join(work, "out-bad"),
            "bad",
        );
    });
});

describe("chom-certify of one stack starts the pack once the stack file is read", function () {
    this.timeout(120_000);
    let work: string;
    before(() => (work = tempDir("early-stack")));
    after(() => cleanup(work));

    it("bad input after the pack started: exit 2, one line, nothing written, no process left", async () => {
        fs.writeFileSync(path.join(work, "bad-config.json"), JSON.stringify({ all: 5 }));
        await assertBadInputLeavesNothing(
            ["--policy-config", path.join(work, "bad-config.json")],
            path.join(work, "out-bad"),
            "stack-bad",
        );
    });
});
