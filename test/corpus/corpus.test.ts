/**
 * The corpus: realistic Docker stacks written as Pulumi programs (test/corpus/<name>/), each run
 * through chom-certify end to end (program under the mock runtime in preview, the real pack
 * process over gRPC), and judged against its expected.yaml: every mustFail is FAIL, no
 * mustNotFlag is FAIL, every mustPass is PASS, every rule of the catalogue has a result, and
 * `--state` of the preview's own export gives the same (rule, subject, state) set.
 *
 * The expectations say what a correct pack must answer (docs/rules.md, issue 8), not what the
 * pack answers today: an expectation the current pack misses fails its own test, and the summary
 * printed at the end lists it as MISSED with what the pack said instead.
 */
import * as assert from "assert";
import * as path from "path";
import type { Evaluation, RuleResult } from "../../policies/lib/results";
import { RULES } from "../../policies/rules";
import { cleanup, runCli, tempDir } from "../helpers/cli";
import { corpusExpectations, type CorpusExpectations, type Expectation } from "./expectations";

const CORPUS: CorpusExpectations[] = ["laravel", "monitoring", "traefik", "webapp"].map(
    corpusExpectations,
);
const STACK_TYPE = "pulumi:pulumi:Stack";

/** The results of one expectation's rule on its subject ("stack": the stack-level result). */
function resultsFor(e: Evaluation, x: Expectation): RuleResult[] {
    return e.results.filter(
        (r) =>
            r.ruleId === x.ruleId &&
            (x.resource === "stack"
                ? r.subject.type === STACK_TYPE
                : r.subject.name === x.resource && r.subject.type !== STACK_TYPE),
    );
}

function said(rs: RuleResult[]): string {
    if (rs.length === 0) return "no result at all";
    return rs
        .map(
            (r) =>
                `${r.state}${r.message ? ` (${r.message.length > 140 ? `${r.message.slice(0, 140)}...` : r.message})` : ""}`,
        )
        .join("; ");
}

type Kind = "mustFail" | "mustNotFlag" | "mustPass" | "everyRule" | "stateAgrees";
interface Outcome {
    stack: string;
    kind: Kind;
    what: string;
    ok: boolean;
    got: string;
}
const outcomes: Outcome[] = [];

function judge(stack: string, kind: Kind, what: string, check: () => string | null): void {
    it(`${kind} ${what}`, function () {
        let got: string | null;
        try {
            got = check();
        } catch (err) {
            got = `could not judge: ${(err as Error).message.split("\n")[0]}`;
        }
        outcomes.push({ stack, kind, what, ok: got === null, got: got ?? "" });
        if (got !== null)
            assert.fail(`MISSED by the current pack: ${what}\n      pack said: ${got}`);
    });
}

describe("corpus: realistic Docker stacks certified end to end", function () {
    this.timeout(300_000);
    const dirs: string[] = [];
    after(() => {
        dirs.forEach(cleanup);
        // The table the corpus exists for: which expectations the pack under test meets.
        const lines = [
            "",
            "  corpus summary (ok / MISSED: expectations the pack under test does not meet yet)",
        ];
        for (const c of CORPUS) {
            const mine = outcomes.filter((o) => o.stack === c.dir);
            const count = (k: Kind) => {
                const of = mine.filter((o) => o.kind === k);
                return `${k} ${of.filter((o) => o.ok).length}/${of.length}`;
            };
            lines.push(
                `  ${c.dir}: ${(["mustFail", "mustNotFlag", "mustPass", "everyRule", "stateAgrees"] as Kind[]).map(count).join(", ")}`,
            );
            for (const o of mine.filter((x) => !x.ok))
                lines.push(`    MISSED ${o.kind} ${o.what}: ${o.got}`);
        }
        process.stdout.write(`${lines.join("\n")}\n`);
    });

    for (const c of CORPUS) {
        describe(`${c.dir} (stack ${c.stack})`, function () {
            let preview: Evaluation | undefined;
            let fromState: Evaluation | undefined;
            let loadError = "";
            before(async function () {
                const work = tempDir(`corpus-${c.dir}`);
                dirs.push(work);
                const project = path.join(__dirname, c.dir);
                const exportFile = path.join(work, "export.json");
                const p = await runCli(
                    [
                        "--project",
                        project,
                        "--stack",
                        c.stack,
                        "--out",
                        path.join(work, "preview"),
                        "--export-state",
                        exportFile,
                        "--json",
                        "--quiet",
                    ],
                    work,
                    240_000,
                );
                if (p.code !== 0 && p.code !== 1) {
                    loadError = `preview exit ${p.code}: ${p.stderr.trim()}`;
                    return;
                }
                preview = JSON.parse(p.stdout) as Evaluation;
                const s = await runCli(
                    ["--state", exportFile, "--out", path.join(work, "state"), "--json", "--quiet"],
                    work,
                    240_000,
                );
                if (s.code !== 0 && s.code !== 1)
                    loadError = `--state exit ${s.code}: ${s.stderr.trim()}`;
                else fromState = JSON.parse(s.stdout) as Evaluation;
            });
            const ev = (): Evaluation => {
                if (!preview) throw new Error(loadError || "no preview evaluation");
                return preview;
            };

            it("the CLI evaluates the project and its state export (exit 0 or 1, never 2)", () => {
                assert.strictEqual(loadError, "", loadError);
                assert.ok(preview && fromState);
                assert.strictEqual(preview.source, "preview");
                assert.strictEqual(fromState.source, "state");
            });

            for (const x of c.mustFail) {
                judge(c.dir, "mustFail", `${x.ruleId} FAIL on ${x.resource}: ${x.why}`, () => {
                    const rs = resultsFor(ev(), x);
                    return rs.some((r) => r.state === "FAIL") ? null : said(rs);
                });
            }
            for (const x of c.mustNotFlag) {
                judge(
                    c.dir,
                    "mustNotFlag",
                    `${x.ruleId} not FAIL on ${x.resource}: ${x.why}`,
                    () => {
                        const rs = resultsFor(ev(), x);
                        return rs.some((r) => r.state === "FAIL")
                            ? said(rs.filter((r) => r.state === "FAIL"))
                            : null;
                    },
                );
            }
            for (const x of c.mustPass ?? []) {
                judge(c.dir, "mustPass", `${x.ruleId} PASS on ${x.resource}: ${x.why}`, () => {
                    const rs = resultsFor(ev(), x);
                    return rs.length > 0 && rs.every((r) => r.state === "PASS") ? null : said(rs);
                });
            }
            if (c.everyRuleHasAResult) {
                judge(
                    c.dir,
                    "everyRule",
                    `every rule of the catalogue (${RULES.length}) has at least one result`,
                    () => {
                        const seen = new Set(ev().results.map((r) => r.ruleId));
                        const missing = RULES.filter((r) => !seen.has(r.id)).map((r) => r.id);
                        return missing.length === 0
                            ? null
                            : `${missing.length} rules with no result: ${missing.join(" ")}`;
                    },
                );
            }
            judge(
                c.dir,
                "stateAgrees",
                "--state of the preview's export gives the same (rule, subject, state) set",
                () => {
                    if (!fromState) throw new Error(loadError || "no --state evaluation");
                    const key = (r: RuleResult) => `${r.ruleId} ${r.subject.name} ${r.state}`;
                    const a = new Set(ev().results.map(key));
                    const b = new Set(fromState.results.map(key));
                    const onlyPreview = [...a].filter((k) => !b.has(k)).sort();
                    const onlyState = [...b].filter((k) => !a.has(k)).sort();
                    if (onlyPreview.length === 0 && onlyState.length === 0) return null;
                    const show = (l: string[]) =>
                        l.length > 8
                            ? `${l.slice(0, 8).join(", ")}, ... (${l.length})`
                            : l.join(", ");
                    return `only in preview: [${show(onlyPreview)}]; only in --state: [${show(onlyState)}]`;
                },
            );
        });
    }
});
