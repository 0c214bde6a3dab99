/**
 * Runs every rule in-process over a list of resources. The attestation stack policy uses it
 * under a real `pulumi preview` (policies cannot see each other's results over the protocol);
 * the offline certify path takes its results from the pack's gRPC answers instead.
 */
import { UnknownValueError } from "./preview-proxy";
import { judgeAbsence, judgeResource, judgeStack, rootOf, today } from "./judge";
import type { EffectiveEnforcement, RuleResult } from "./results";
import type { Rule, Subject } from "./rule";

/** Policy config as CrossGuard passes it: per policy name, its properties and enforcement. */
export type PackConfig = Record<
    string,
    Record<string, unknown> & { enforcementLevel?: EffectiveEnforcement }
>;

/**
 * A rule's crash named by rule and resource, as the SDK names its own ("Error validating resource
 * with policy ..."): under a real preview this runs inside the attestation policy, which would
 * otherwise take the blame.
 */
function crashOf(rule: Rule, urn: string, e: unknown): Error {
    const message = e instanceof Error ? e.message : String(e);
    if (message.startsWith(`rule ${rule.id} `)) return e as Error;
    return new Error(`rule ${rule.id} on ${urn || "the stack"}: ${message}`, { cause: e });
}

export function runRules(
    rules: Rule[],
    resources: Subject[],
    packConfig: PackConfig,
    day = today(),
): RuleResult[] {
    const results: RuleResult[] = [];
    for (const rule of rules) {
        const configured = packConfig[rule.policyName] ?? {};
        const enforcementLevel: EffectiveEnforcement =
            configured.enforcementLevel ??
            packConfig.all?.enforcementLevel ??
            rule.enforcementLevel;
        if (enforcementLevel === "disabled") continue;
        const base = {
            ruleId: rule.id,
            policyName: rule.policyName,
            category: rule.category,
            severity: rule.severity,
            enforcementLevel,
        };
        const subjectOf = (r: Subject) => ({ urn: r.urn, type: r.type, name: r.name });
        if (rule.scope === "resource") {
            let absent: ReturnType<typeof judgeAbsence>;
            try {
                absent = judgeAbsence(rule, resources, configured, day);
            } catch (e) {
                throw crashOf(rule, rootOf(resources).urn, e);
            }
            if (absent !== undefined) {
                results.push({
                    ...base,
                    subject: subjectOf(rootOf(resources)),
                    state: absent.state,
                    message: absent.message,
                    ...(absent.exception ? { exception: absent.exception } : {}),
                });
            }
            for (const r of resources.filter((x) => rule.appliesTo.includes(x.type))) {
                try {
                    const o = judgeResource(rule, r, configured, day);
                    results.push({
                        ...base,
                        subject: subjectOf(r),
                        state: o.state,
                        message: o.message,
                        ...(o.exception ? { exception: o.exception } : {}),
                    });
                } catch (e) {
                    if (!(e instanceof UnknownValueError)) throw crashOf(rule, r.urn, e);
                    results.push({
                        ...base,
                        subject: subjectOf(r),
                        state: "UNKNOWN",
                        message: `unknown during preview: ${(e as Error).message}`,
                    });
                }
            }
            continue;
        }
        const subjects = resources.filter((x) => rule.appliesTo.includes(x.type));
        try {
            const outcomes = judgeStack(rule, resources, configured, day);
            if (!Array.isArray(outcomes)) {
                // One answer for the stack, or one per subject when the rule itself says it does
                // not apply.
                const targets = subjects.length > 0 ? subjects : [rootOf(resources)];
                for (const r of targets)
                    results.push({
                        ...base,
                        subject: subjectOf(r),
                        state: "NOT_APPLICABLE",
                        message: outcomes.notApplicable,
                    });
                continue;
            }
            const byUrn = new Map(resources.map((r) => [r.urn, r]));
            for (const o of outcomes) {
                const r = byUrn.get(o.urn) ?? rootOf(resources);
                results.push({
                    ...base,
                    subject: subjectOf(r),
                    state: o.state,
                    message: o.message,
                    ...(o.exception ? { exception: o.exception } : {}),
                });
            }
        } catch (e) {
            if (!(e instanceof UnknownValueError)) throw crashOf(rule, rootOf(resources).urn, e);
            // One answer for the stack, where the engine reports a stack policy that could not run.
            results.push({
                ...base,
                subject: subjectOf(rootOf(resources)),
                state: "UNKNOWN",
                message: `unknown during preview: ${(e as Error).message}`,
            });
        }
    }
    return results;
}
