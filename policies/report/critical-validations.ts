/**
 * Which Critical Validations boxes are ticked, and why each open one is open. A box is ticked only
 * when a rule names that exact line as its `certificateItem` and every result of those rules is
 * PASS; a line about an observed outcome needs a live observation besides.
 */
import { CertificateLine, CRITICAL_VALIDATIONS, sectionOf } from "../lib/frameworks";
import type { Evaluation, RuleResult, RuleSummary } from "../lib/results";
import type { CheckItem } from "./certificate-blocks";

/**
 * Lines about observed outcomes ("tested", "passing", "active", "collecting", "operational"): a
 * declaration cannot prove them, so they are ticked only when a live check observed them (results
 * with `evidence: "observed"`), never on declared results alone.
 */
export const OBSERVED_OUTCOME_LINES: ReadonlySet<CertificateLine> = new Set<CertificateLine>([
    "Rate limiting active and tested",
    "Load tested with 100+ concurrent users",
    "Response times p95 < 500ms",
    "Disaster recovery tested successfully",
    "Monitoring active on all components",
    "Alerting configured and tested",
    "Health checks passing",
    "Failover tested",
    "Metrics collecting (Prometheus)",
    "Logs aggregating (Loki)",
    "Dashboards operational (Grafana)",
]);

/** Why an open box is open when no rule names its line. */
export const NO_RULE_REASON = "no infrastructure rule proves this; needs evidence";

/**
 * The rules (and their results) that name a certificate line, matched exactly (bare or `Section:
 * line`).
 */
function rulesForLine(line: CertificateLine, rules: RuleSummary[]): RuleSummary[] {
    const qualified = `${sectionOf(line)}: ${line}`;
    return rules.filter((r) => r.certificateItem === line || r.certificateItem === qualified);
}

/** Reasons a box stays open, listed per rule up to this many; the rest are counted. */
const REASONS_PER_RULE = 3;

/**
 * Ticks a line only when rules name it and every result of theirs is PASS (NOT_APPLICABLE results
 * are ignored).
 */
export function checkLine(
    line: CertificateLine,
    e: Evaluation,
    byRule: Map<string, RuleResult[]> = resultsByRule(e),
): CheckItem {
    const rules = rulesForLine(line, e.rules);
    if (rules.length === 0) return { checked: false, text: line, note: NO_RULE_REASON };
    const open: string[] = [];
    let passes = 0;
    const declaredBy = new Set<string>();
    const observedBy = new Set<string>();
    for (const rule of rules) {
        const results = byRule.get(rule.id) ?? [];
        if (rule.enforcementLevel === "disabled") {
            open.push(`${rule.id} is disabled`);
            continue;
        }
        const reasons: string[] = [];
        for (const r of results) {
            if (r.state === "PASS") {
                passes += 1;
                (r.evidence === "observed" ? observedBy : declaredBy).add(rule.id);
            } else if (r.state === "FAIL")
                reasons.push(`${rule.id} failed on ${r.subject.name}: ${r.message}`);
            else if (r.state === "UNKNOWN")
                reasons.push(`${rule.id} is unknown on ${r.subject.name}: ${r.message}`);
            else if (r.state === "EXCEPTED")
                reasons.push(
                    `${rule.id} is excepted on ${r.subject.name}${r.exception ? ` until ${r.exception.expires} (${r.exception.reason})` : ""}`,
                );
        }
        // A large fleet can fail one rule thousands of times: the box names a few, the outputs list
        // all.
        open.push(...reasons.slice(0, REASONS_PER_RULE));
        if (reasons.length > REASONS_PER_RULE)
            open.push(
                `${rule.id}: ${reasons.length - REASONS_PER_RULE} more not passing (see the results)`,
            );
        if (reasons.length === 0 && !results.some((r) => r.state === "PASS"))
            open.push(`${rule.id} produced no PASS result (no subject in the stack)`);
    }
    if (open.length > 0 || passes === 0)
        return { checked: false, text: line, note: open.join("; ") };
    const ids = (set: Set<string>) => [...set].join(", ");
    if (OBSERVED_OUTCOME_LINES.has(line) && observedBy.size === 0) {
        return {
            checked: false,
            text: line,
            note: `declared (${ids(declaredBy)} pass), but this is an observed outcome: it needs the live checks (chom-certify --live)`,
        };
    }
    const proof =
        observedBy.size === 0
            ? `proven by declaration (${ids(declaredBy)})`
            : declaredBy.size === 0
              ? `proven by observation (${ids(observedBy)})`
              : `proven by declaration (${ids(declaredBy)}) and by observation (${ids(observedBy)})`;
    return { checked: true, text: line, note: proof };
}

/** The evaluation's results grouped by rule ID. */
export function resultsByRule(e: Evaluation): Map<string, RuleResult[]> {
    const byRule = new Map<string, RuleResult[]>();
    for (const r of e.results) {
        const list = byRule.get(r.ruleId);
        if (list) list.push(r);
        else byRule.set(r.ruleId, [r]);
    }
    return byRule;
}

/**
 * `certificateItem`s of rules that match no line of the certificate (a typo would silently never
 * tick).
 */
export function unmatchedCertificateItems(rules: RuleSummary[]): RuleSummary[] {
    const lines = new Set<string>();
    for (const s of CRITICAL_VALIDATIONS)
        for (const l of s.lines) lines.add(l).add(`${s.section}: ${l}`);
    return rules.filter((r) => r.certificateItem !== undefined && !lines.has(r.certificateItem));
}
