/**
 * Live observations into the one result model: each becomes a `RuleResult` with
 * `evidence: "observed"` and a subject of its own (so SARIF fingerprints never merge an
 * observation with the declaration's result), and the host goes into `Evaluation.live`.
 */
import type { Evaluation, RuleResult, RuleSummary } from "../policies/lib/results";
import { LIVE_RULES } from "./live-rules";
import type { HostReport } from "./run-live";

/** Subject type of every live observation. */
export const LIVE_SUBJECT_TYPE = "chom:live:Observation";

export function observationResults(
    report: HostReport,
    rules: readonly RuleSummary[],
): RuleResult[] {
    const byId = new Map(rules.map((r) => [r.id, r]));
    return report.observations.map((o) => {
        const rule = byId.get(o.ruleId);
        if (!rule) throw new Error(`live checks: observation of unknown rule ${o.ruleId}`);
        return {
            ruleId: rule.id,
            policyName: rule.policyName,
            category: rule.category,
            severity: rule.severity,
            enforcementLevel: rule.enforcementLevel,
            subject: {
                urn: `urn:chom-live:${report.stack}::${report.address}::${o.area}::${o.item}`,
                type: LIVE_SUBJECT_TYPE,
                name: `${report.stack} ${o.item === o.area ? o.area : `${o.area} ${o.item}`} (observed)`,
            },
            state: o.state,
            message: o.state === "PASS" ? "" : o.message,
            evidence: "observed",
        };
    });
}

/** The evaluation with the host's observations added (the live rules joined to the catalogue). */
export function withLiveResults(e: Evaluation, reports: HostReport[]): Evaluation {
    const known = new Set(e.rules.map((r) => r.id));
    const rules = [...e.rules, ...LIVE_RULES.filter((r) => !known.has(r.id))];
    const results = [...e.results, ...reports.flatMap((r) => observationResults(r, rules))];
    const live = reports.map((r) => ({
        address: r.address,
        reachable: r.reachable,
        ...(r.reason ? { reason: r.reason } : {}),
        checkedAt: r.checkedAt,
        durationMs: r.durationMs,
        server: r.server,
    }));
    return { ...e, rules, results, live };
}
