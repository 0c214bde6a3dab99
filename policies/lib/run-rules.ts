/**
 * Runs every rule in-process over a list of resources. The attestation stack policy uses it
 * under a real `pulumi preview` (policies cannot see each other's results over the protocol);
 * the offline certify path takes its results from the pack's gRPC answers instead.
 */
import { UnknownValueError } from "./preview-proxy";
import { judgeAbsence, judgeResource, judgeStack, Outcome, rootOf, today } from "./judge";
import { EffectiveEnforcement, RuleResult, ruleResult } from "./results";
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
        // One result per answer: the rule's summary fields, the subject, the outcome.
        const add = (
            r: Subject,
            o: { state: RuleResult["state"]; message: string; exception?: Outcome["exception"] },
        ) =>
            results.push(
                ruleResult(rule, enforcementLevel, { urn: r.urn, type: r.type, name: r.name }, o),
            );
        const unknown = (r: Subject, e: unknown) =>
            add(r, {
                state: "UNKNOWN",
                message: `unknown during preview: ${(e as Error).message}`,
            });
        if (rule.scope === "resource") {
            let absent: ReturnType<typeof judgeAbsence>;
            try {
                absent = judgeAbsence(rule, resources, configured, day);
            } catch (e) {
                throw crashOf(rule, rootOf(resources).urn, e);
            }
            if (absent !== undefined) add(rootOf(resources), absent);
            for (const r of resources.filter((x) => rule.appliesTo.includes(x.type))) {
                try {
                    add(r, judgeResource(rule, r, configured, day));
                } catch (e) {
                    if (!(e instanceof UnknownValueError)) throw crashOf(rule, r.urn, e);
                    unknown(r, e);
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
                    add(r, { state: "NOT_APPLICABLE", message: outcomes.notApplicable });
                continue;
            }
            const byUrn = new Map(resources.map((r) => [r.urn, r]));
            for (const o of outcomes) add(byUrn.get(o.urn) ?? rootOf(resources), o);
        } catch (e) {
            if (!(e instanceof UnknownValueError)) throw crashOf(rule, rootOf(resources).urn, e);
            // One answer for the stack, where the engine reports a stack policy that could not run.
            unknown(rootOf(resources), e);
        }
    }
    return results;
}
