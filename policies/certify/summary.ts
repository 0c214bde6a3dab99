/** The console rendering of one evaluation: the preview's policy section, then the scores. */
import type { Evaluation, RuleResult } from "../lib/results";
import { isBlocking } from "../lib/results";
import { visible } from "../lib/visible-text";
import { formatPercent, scoreEvaluation } from "../report/scoring";

function line(r: RuleResult): string {
    const first = r.message.split("\n")[0];
    return `    - [${r.enforcementLevel}]  ${r.policyName}  (${visible(r.subject.type)}: ${visible(r.subject.name)})\n      [${r.ruleId}] ${visible(first)}`;
}

export function renderSummary(e: Evaluation, outDir: string): string {
    const card = scoreEvaluation(e);
    const blocking = e.results.filter(isBlocking);
    const advisory = e.results.filter((r) => r.state === "FAIL" && !isBlocking(r));
    const unknown = e.results.filter((r) => r.state === "UNKNOWN");
    const excepted = e.results.filter((r) => r.state === "EXCEPTED");
    const out: string[] = [];
    out.push(`Stack ${visible(e.stack)} (${e.source === "state" ? "from a state export" : "preview"}, ${e.resourceCount} resources)`);
    out.push(`Policies: ${e.pack.name}@v${e.pack.version}: ${blocking.length ? "BLOCKED" : "no mandatory failure"}`);
    if (blocking.length) out.push("  Mandatory violations:", ...blocking.map(line));
    if (advisory.length) out.push("  Advisory violations:", ...advisory.map(line));
    if (unknown.length) out.push(`  Not evaluable ${e.source === "state" ? "from the state file" : "during preview"} (UNKNOWN, never counted as a pass):`, ...unknown.map(line));
    if (excepted.length) out.push("  Recorded exceptions:", ...excepted.map(line));
    const scored = card.categories.map((c) => `${c.category} ${c.score === null ? "not assessed" : formatPercent(c.score)}`).join(" | ");
    out.push(`Scores: ${scored}`);
    out.push(
        `Weighted average: ${card.weightedAverage === null ? "n/a" : formatPercent(card.weightedAverage)} over ${card.averagedOver.join(", ") || "nothing"}` +
            `${card.band ? ` (${card.band})` : ""}; ${card.assessment}; ${card.certification}`,
    );
    for (const h of e.live ?? []) {
        const observed = e.results.filter((r) => r.evidence === "observed");
        const count = (state: RuleResult["state"]) => observed.filter((r) => r.state === state).length;
        out.push(h.reachable
            ? `Live: ${h.address} checked in ${h.durationMs} ms: ${observed.length} observations, ${count("PASS")} pass, ${count("FAIL")} fail, ${count("UNKNOWN")} unknown`
            : `Live: ${h.address} NOT CHECKED (${h.reason}); its observations are UNKNOWN`);
    }
    out.push(`Outputs: ${outDir}`);
    return out.join("\n");
}
