/**
 * A rule that answers nonsense is an error of the pack, never a pass or "not applicable": the
 * real pack code (toPolicy over the catalogue) with one rule's check broken, served over gRPC.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { removedAfterSuite, REPO, runCli, tempDir } from "../helpers/cli";

/** A pack serving the whole catalogue, with `ruleId`'s check replaced by `check` (JS source). */
function packWithBrokenRule(ruleId: string, check: string): string {
    const dir = tempDir("broken-pack");
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "chom-production-readiness", version: "1.0.0", main: "index.js" }),
    );
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    const lib = (p: string) => JSON.stringify(path.join(REPO, "policies", p));
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `
const { PolicyPack } = require("@pulumi/policy");
const { toPolicy } = require(${lib("lib/crossguard")});
const { RULES } = require(${lib("rules")});
const rules = RULES.map((r) => (r.id === ${JSON.stringify(ruleId)} ? { ...r, check: ${check} } : r));
new PolicyPack("chom-production-readiness", { policies: rules.map(toPolicy) });
`,
    );
    return dir;
}

describe("a rule that answers nonsense is a pack error (exit 2 naming the rule)", function () {
    this.timeout(120_000);
    const dirs = removedAfterSuite();

    const CASES: { what: string; ruleId: string; check: string; says: RegExp }[] = [
        {
            what: "an object that is not notApplicable(reason)",
            ruleId: "CHOM-RES-010",
            check: "() => ({ ok: true })",
            says: /rule CHOM-RES-010 returned object \(\{"ok":true\}\): a rule must return a list of findings or notApplicable\(reason\)/,
        },
        {
            what: "undefined (a forgotten return)",
            ruleId: "CHOM-RES-010",
            check: "() => undefined",
            says: /rule CHOM-RES-010 returned undefined/,
        },
        {
            what: "a finding without a message",
            ruleId: "CHOM-FW-004",
            check: "() => [{ urn: 'x' }]",
            says: /rule CHOM-FW-004 returned an invalid finding at \[0\]/,
        },
        {
            what: "an empty not-applicable reason",
            ruleId: "CHOM-TLS-001",
            check: "() => ({ notApplicable: '' })",
            says: /rule CHOM-TLS-001 returned object/,
        },
    ];
    for (const c of CASES) {
        it(`${c.ruleId} returning ${c.what}: exit 2, nothing written`, async () => {
            const pack = packWithBrokenRule(c.ruleId, c.check);
            const out = tempDir("broken-out");
            dirs.push(pack, out);
            const run = await runCli([
                "--stack",
                "landsraad_tst",
                "--pack",
                pack,
                "--out",
                path.join(out, "o"),
                "--quiet",
            ]);
            assert.strictEqual(run.code, 2, run.stderr);
            assert.match(run.stderr, c.says);
            assert.ok(!fs.existsSync(path.join(out, "o")), "no output from a failed run");
        });
    }
});
