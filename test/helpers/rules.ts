/** Runs a rule the way the pack does (defaults, exceptions), on fixtures, for unit tests. */
import { judgeResource, judgeStack, Outcome } from "../../policies/lib/judge";
import Ajv from "ajv";
import { configSchemaOf } from "../../policies/lib/rule";
import type { ResourceRule, RuleMeta, StackRule, Subject } from "../../policies/lib/rule";

export const TODAY = "2026-11-28";

export function judgeOne<C>(
    rule: ResourceRule<C>,
    subject: Subject,
    config: Record<string, unknown> = {},
): Outcome {
    return judgeResource(rule, subject, config, TODAY);
}

/**
 * Stack rule outcomes keyed by resource name ("stack" for the stack-level answer about a missing
 * subject); "NOT_APPLICABLE" when the rule does not apply at all.
 */
export function judgeAll<C>(
    rule: StackRule<C>,
    resources: Subject[],
    config: Record<string, unknown> = {},
): Map<string, Outcome> | "NOT_APPLICABLE" {
    const out = judgeStack(rule, resources, config, TODAY);
    if (!Array.isArray(out)) return "NOT_APPLICABLE";
    const byUrn = new Map(resources.map((r) => [r.urn, r.name]));
    return new Map(out.map((o) => [byUrn.get(o.urn) ?? "stack", o]));
}

/**
 * The findings of a TLS rule on its declared fields only, before the comparison with the rendered
 * nginx config: for tests that change a field after the fixture rendered its config.
 */
export function fieldFindings(o: Outcome): string {
    return o.message.split(/; (?=TLS edge \S+ declares )/)[0];
}

/** Names of subjects with the given state. */
export function namesIn(
    outcomes: Map<string, Outcome> | "NOT_APPLICABLE",
    state: Outcome["state"],
): string[] {
    if (outcomes === "NOT_APPLICABLE") return [];
    return [...outcomes]
        .filter(([, o]) => o.state === state)
        .map(([n]) => n)
        .sort();
}

/**
 * A policy config checked against the rule's own config schema (exceptions included), the way
 * the engine validates it before Configure: a test that passes config through here uses a
 * config a real pack would accept.
 */
let ajv: Ajv | undefined;

export function validConfig(
    rule: RuleMeta,
    config: Record<string, unknown>,
): Record<string, unknown> {
    ajv ??= new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile({ type: "object", properties: configSchemaOf(rule).properties });
    if (!validate(config))
        throw new Error(`invalid config for ${rule.id}: ${JSON.stringify(validate.errors)}`);
    return config;
}

/** The day after TODAY, `YYYY-MM-DD`. */
export const TOMORROW = "2026-11-29";

/** Catalogue fields of a made-up rule for the judging tests (a Security rule, advisory). */
export const TEST_RULE_META = {
    title: "t",
    category: "Security" as const,
    framework: { name: "f", version: "1", reference: "r" },
    description: "d",
    remediation: "r",
    enforcementLevel: "advisory" as const,
    enforcementRationale: "Advisory: a test rule.",
};
