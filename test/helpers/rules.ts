/** Runs a rule the way the pack does (defaults, exceptions), on fixtures, for unit tests. */
import { judgeResource, judgeStack, Outcome } from "../../policies/lib/judge";
import type { ResourceRule, StackRule, Subject } from "../../policies/lib/rule";

export const TODAY = "2026-11-28";

export function judgeOne<C>(rule: ResourceRule<C>, subject: Subject, config: Record<string, unknown> = {}): Outcome {
    return judgeResource(rule, subject, config, TODAY);
}

/**
 * Stack rule outcomes keyed by resource name ("stack" for the stack-level answer about a missing
 * subject); "NOT_APPLICABLE" when the rule does not apply at all.
 */
export function judgeAll<C>(rule: StackRule<C>, resources: Subject[], config: Record<string, unknown> = {}): Map<string, Outcome> | "NOT_APPLICABLE" {
    const out = judgeStack(rule, resources, config, TODAY);
    if (!Array.isArray(out)) return "NOT_APPLICABLE";
    const byUrn = new Map(resources.map((r) => [r.urn, r.name]));
    return new Map(out.map((o) => [byUrn.get(o.urn) ?? "stack", o]));
}

/** Names of subjects with the given state. */
export function namesIn(outcomes: Map<string, Outcome> | "NOT_APPLICABLE", state: Outcome["state"]): string[] {
    if (outcomes === "NOT_APPLICABLE") return [];
    return [...outcomes].filter(([, o]) => o.state === state).map(([n]) => n).sort();
}
