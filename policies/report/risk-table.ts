/** The Risk Assessment table: one risk per result that is not PASS, worst severity first. */
import type { Evaluation, RuleResult } from "../lib/results";
import type { Severity } from "../lib/rule";

const SEVERITY_WORD: Record<Severity, string> = {
    critical: "Critical",
    high: "High",
    medium: "Med",
    low: "Low",
};
/** Probability and impact as the risk table derives them from a rule's severity. */
export const RISK_OF_SEVERITY: Readonly<Record<Severity, { probability: string; impact: string }>> =
    {
        critical: { probability: "High", impact: "High" },
        high: { probability: "Med", impact: "High" },
        medium: { probability: "Med", impact: "Med" },
        low: { probability: "Low", impact: "Low" },
    };
const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low"];

/** The table's rows and the overall rating, from the worst severity among them. */
export function riskRows(e: Evaluation): { rows: string[][]; rating: string } {
    const rulesById = new Map(e.rules.map((r) => [r.id, r]));
    const risky = e.results.filter(
        (r) => r.state === "FAIL" || r.state === "UNKNOWN" || r.state === "EXCEPTED",
    );
    const ordered = [...risky].sort(
        (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
    );
    const rows = ordered.map((r: RuleResult, i) => {
        const rule = rulesById.get(r.ruleId);
        const risk = RISK_OF_SEVERITY[r.severity];
        const status =
            r.state === "EXCEPTED"
                ? `Accepted${r.exception ? ` until ${r.exception.expires}` : ""}`
                : "Open";
        return [
            `R-${String(i + 1).padStart(3, "0")}`,
            `${r.ruleId} (${rule?.title ?? r.policyName}): ${r.state} on ${r.subject.name}: ${r.message}`,
            SEVERITY_WORD[r.severity],
            risk.probability,
            risk.impact,
            rule?.remediation ?? "see the rule's documentation",
            status,
        ];
    });
    const worst = SEVERITY_ORDER.find((s) => risky.some((r) => r.severity === s));
    const rating =
        worst === "critical"
            ? "CRITICAL"
            : worst === "high"
              ? "HIGH"
              : worst === "medium"
                ? "MEDIUM"
                : "LOW";
    return { rows, rating };
}
