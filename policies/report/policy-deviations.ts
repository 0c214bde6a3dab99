/**
 * Where the policy config of a run moved a rule away from the pack's own level, and which
 * exceptions applied. The verdict (READY, CERTIFIED) is judged at the pack's levels, so a config
 * can make a preview pass (the exit code follows the config, as `pulumi preview` does) but can
 * never buy a better verdict; every deviation and exception is listed in the outputs.
 */
import type { EffectiveEnforcement, Evaluation, RuleResult, RuleSummary } from "../lib/results";

/** How the config changed a rule's level. */
export type DeviationKind = "disabled" | "lowered-to-advisory" | "raised-to-mandatory";

/** One rule whose level in this run is not the pack's default. */
export interface PolicyDeviation {
    /** Stable rule ID. */
    ruleId: string;
    /** Policy name the config used. */
    policyName: string;
    /** The pack's level for the rule. */
    defaultEnforcementLevel: EffectiveEnforcement;
    /** The level in force for this run. */
    enforcementLevel: EffectiveEnforcement;
    /** What changed. */
    change: DeviationKind;
}

/** One exception that applied to a result (EXCEPTED, or FAIL when expired). */
export interface AppliedException {
    /** Stable rule ID. */
    ruleId: string;
    /** URN of the excepted subject. */
    subject: string;
    /** Why the exception was granted. */
    reason: string;
    /** YYYY-MM-DD. */
    expires: string;
    /** True when it had expired (the result is then FAIL). */
    expired: boolean;
}

const RANK: Record<EffectiveEnforcement, number> = { disabled: 0, advisory: 1, mandatory: 2 };

/**
 * The pack's own level of a rule (a summary without one predates this field: its level is taken as
 * the default).
 */
export function defaultLevelOf(rule: RuleSummary): EffectiveEnforcement {
    return rule.defaultEnforcementLevel ?? rule.enforcementLevel;
}

/**
 * Every rule of the catalogue whose level in this run differs from the pack's, in catalogue order.
 */
export function policyDeviations(e: Evaluation): PolicyDeviation[] {
    const out: PolicyDeviation[] = [];
    for (const rule of e.rules) {
        const from = defaultLevelOf(rule),
            to = rule.enforcementLevel;
        if (from === to) continue;
        const change: DeviationKind =
            to === "disabled"
                ? "disabled"
                : RANK[to] < RANK[from]
                  ? "lowered-to-advisory"
                  : "raised-to-mandatory";
        out.push({
            ruleId: rule.id,
            policyName: rule.policyName,
            defaultEnforcementLevel: from,
            enforcementLevel: to,
            change,
        });
    }
    return out;
}

/** True when the config disabled every rule of the catalogue (nothing was evaluated). */
export function allRulesDisabled(e: Evaluation): boolean {
    return e.rules.length > 0 && e.rules.every((r) => r.enforcementLevel === "disabled");
}

/** Every exception that applied, in result order. */
export function appliedExceptions(e: Evaluation): AppliedException[] {
    return e.results
        .filter((r) => r.exception)
        .map((r) => ({
            ruleId: r.ruleId,
            subject: r.subject.urn,
            ...(r.exception as NonNullable<RuleResult["exception"]>),
        }));
}

/** The level a result is judged at for the verdict: the stricter of the pack's and the run's. */
export function verdictLevel(
    r: RuleResult,
    rulesById: ReadonlyMap<string, RuleSummary>,
): EffectiveEnforcement {
    const rule = rulesById.get(r.ruleId);
    const pack = rule ? defaultLevelOf(rule) : r.enforcementLevel;
    return RANK[pack] > RANK[r.enforcementLevel] ? pack : r.enforcementLevel;
}

/** One line per deviation, as the summary and the certificate print them. */
export function describeDeviation(d: PolicyDeviation): string {
    const what =
        d.change === "disabled"
            ? "disabled (not evaluated)"
            : d.change === "lowered-to-advisory"
              ? "lowered to advisory"
              : "raised to mandatory";
    return `${d.ruleId} (${d.policyName}): ${d.defaultEnforcementLevel} in the pack, ${what} by the policy config`;
}
