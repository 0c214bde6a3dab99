/**
 * The case-table runner bites: a table whose expectation is wrong fails, and a table it cannot
 * read is an error naming the file and case, never a test that quietly does nothing. Each table
 * here runs in its own mocha process, as the suite runs the real ones.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const HELPERS = path.resolve(__dirname, "..", "..", "helpers");
const RULE = path.resolve(__dirname, "..", "..", "..", "policies", "rules", "tls", "hsts");
const MOCHA = require.resolve("mocha/bin/mocha.js");

/** Runs one test file that calls itResourceCases(hsts) on `table`; mocha's JSON report. */
function runTable(table: string): { passes: number; failures: string[]; stderr: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-rule-cases-"));
    try {
        fs.writeFileSync(path.join(dir, "t.cases.yaml"), table);
        fs.writeFileSync(
            path.join(dir, "t.test.js"),
            `const { itResourceCases } = require(${JSON.stringify(path.join(HELPERS, "rule-cases"))});
             const { hsts } = require(${JSON.stringify(RULE)});
             describe("table", () => itResourceCases(hsts, __filename));`,
        );
        const r = spawnSync(
            process.execPath,
            [MOCHA, "--no-config", "--reporter", "json", path.join(dir, "t.test.js")],
            { encoding: "utf8", timeout: 60000 },
        );
        const start = r.stdout.indexOf("{");
        if (start < 0) return { passes: 0, failures: [], stderr: r.stderr };
        const report = JSON.parse(r.stdout.slice(start)) as {
            stats: { passes: number };
            failures: { err: { message: string } }[];
        };
        return {
            passes: report.stats.passes,
            failures: report.failures.map((f) => f.err.message),
            stderr: r.stderr,
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const HEADER = "rule: CHOM-TLS-003\ncases:\n";
const UNDER_A_YEAR =
    "TLS edge landsraad_tst-tls sends HSTS max-age 15768000 s (182 days): at least 31536000 s (365 days) required";
const shortHsts = (message: string) =>
    `  - it: fails a max-age under a year
    subject: tls
    set: { hsts: { maxAgeSeconds: 15768000, includeSubDomains: true, preload: false } }
    expect: { state: FAIL, message: "${message}" }
`;

describe("rule case tables (test/helpers/rule-cases.ts) bite", () => {
    it("a case whose expectation holds passes", () => {
        const r = runTable(HEADER + shortHsts(UNDER_A_YEAR));
        assert.deepStrictEqual([r.passes, r.failures], [1, []], r.stderr);
    });
    it("a wrong message fails, and so does a wrong state", () => {
        const wrongMessage = runTable(HEADER + shortHsts(UNDER_A_YEAR.replace("182", "183")));
        assert.strictEqual(wrongMessage.passes, 0);
        assert.match(wrongMessage.failures.join("\n"), /check 1 \(tls\)/);
        const wrongState = runTable(
            HEADER +
                "  - it: passes\n    subject: tls\n    set: { hsts: null }\n    expect: { state: PASS }\n",
        );
        assert.strictEqual(wrongState.passes, 0);
        assert.strictEqual(wrongState.failures.length, 1);
    });
    it("an unknown key, an edit that matches nothing, or another rule's table is an error naming it", () => {
        const typo = runTable(HEADER + shortHsts(UNDER_A_YEAR).replace("    set:", "    sett:"));
        assert.match(
            typo.stderr + typo.failures.join("\n"),
            /t\.cases\.yaml: case "fails a max-age under a year": .*Unrecognized key: "sett"/s,
        );
        const edit = runTable(
            HEADER +
                '  - it: edits\n    subject: tls\n    edit: { nginxConfig: [["no such text", "x"]] }\n    expect: { state: PASS }\n',
        );
        assert.match(edit.failures.join("\n"), /edit of tls: nginxConfig has no "no such text"/);
        const other = runTable(
            HEADER.replace("CHOM-TLS-003", "CHOM-TLS-004") + shortHsts(UNDER_A_YEAR),
        );
        assert.match(
            other.stderr + other.failures.join("\n"),
            /rule is CHOM-TLS-004, but the test judges CHOM-TLS-003/,
        );
    });
});
