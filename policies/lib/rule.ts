/**
 * What a rule is. Every rule file exports one `Rule`: its metadata (the contract auditors
 * and the catalogue depend on) and a pure `check` function. `crossguard.ts` turns a rule
 * into a CrossGuard policy; `run-rules.ts` runs the same check in-process for the attestation.
 */
import type { PolicyConfigJSONSchema, PolicyConfigJSONSchemaType } from "@pulumi/policy/schema";
import type { CertificateLine, FrameworkRef } from "./frameworks";

/** Certificate categories (Code Quality is not an infrastructure matter and has no rules). */
export const CATEGORIES = [
    "Security",
    "Performance",
    "Reliability",
    "Observability",
    "Operations",
    "Compliance",
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Severity = "low" | "medium" | "high" | "critical";

/** Enforcement a rule ships with; `mandatory` blocks a preview. */
export type DefaultEnforcement = "mandatory" | "advisory";

// The framework vocabulary owns the reference's shape; rules keep importing it from here.
export type { FrameworkRef } from "./frameworks";

/**
 * A JSON-Schema (draft-07) for one config property; `default` is required so config is optional.
 */
export type ConfigProperty = PolicyConfigJSONSchema & {
    description: string;
    default: PolicyConfigJSONSchemaType;
};

/** A resource as a rule sees it. `props` are the post-Check inputs. */
export interface Subject {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    /** Stack rules only: per input property, the URNs of the resources its value comes from. */
    dependencies?: Record<string, string[]>;
}

/** One finding of a rule. Stack rules must name the resource (`urn`) the finding is about. */
export interface Violation {
    message: string;
    urn?: string;
}

/** Returned by a check when the rule does not apply to this subject. */
export interface NotApplicable {
    notApplicable: string;
}

export function notApplicable(reason: string): NotApplicable {
    return { notApplicable: reason };
}

export function isNotApplicable(v: Violation[] | NotApplicable): v is NotApplicable {
    return (
        typeof v === "object" &&
        v !== null &&
        !Array.isArray(v) &&
        typeof (v as Partial<NotApplicable>).notApplicable === "string"
    );
}

/** Metadata every rule declares; `docs/rules.md` is generated from it. */
export interface RuleMeta {
    /** Stable ID, e.g. `CHOM-FW-003`. Never reused, never renumbered. */
    id: string;
    /** CrossGuard policy name (kebab-case), e.g. `chom-fw-admin-ports-not-world-open`. */
    policyName: string;
    /** One line a person reads in a table. */
    title: string;
    category: Category;
    severity: Severity;
    framework: FrameworkRef;
    /** What the rule checks and why it matters. */
    description: string;
    /** What to change when it fails. */
    remediation: string;
    enforcementLevel: DefaultEnforcement;
    /**
     * Why the rule ships at that level, in one or two sentences starting with the level
     * ("Mandatory: ..." or "Advisory: ..."): what breaks in production or which standard requires
     * it, or what an operator would accept with a note. Shown in `docs/rules.md`.
     */
    enforcementRationale: string;
    /** Resource type tokens the rule judges (the subjects of its results). */
    appliesTo: readonly string[];
    /**
     * The certificate's Critical Validations line this rule helps prove, if any (exact text). Only
     * lines a declaration can prove ("configured", "implemented", "present"); lines about observed
     * outcomes ("tested", "passing", "active", "collecting") need live evidence and stay open.
     */
    certificateItem?: CertificateLine;
    /**
     * Config properties with defaults (thresholds, allowlists). `exceptions` is added to every
     * rule.
     */
    config: Record<string, ConfigProperty>;
}

/** A rule judged on one resource at a time (CrossGuard resource policy). */
export interface ResourceRule<C = Record<string, unknown>> extends RuleMeta {
    scope: "resource";
    /**
     * Returns the violations for this subject ([] = pass). Reads may throw UnknownValueError during
     * preview.
     */
    check(subject: Subject, config: C): Violation[] | NotApplicable;
}

/** A rule that needs several resources at once (CrossGuard stack policy). */
export interface StackRule<C = Record<string, unknown>> extends RuleMeta {
    scope: "stack";
    /**
     * Returns violations, each naming a subject `urn`; subjects of `appliesTo` types without one
     * pass. With no subject at all, the stack gets one answer from `judgeAbsence`.
     */
    check(resources: Subject[], config: C): Violation[] | NotApplicable;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Rule = ResourceRule<any> | StackRule<any>;

/** A recorded exception: the rule does not block this resource until `expires`. */
export interface RuleException {
    /** Resource name or URN. */
    resource: string;
    reason: string;
    /** ISO date `YYYY-MM-DD`; the exception is void from that day on. */
    expires: string;
}

/** JSON-Schema of the `exceptions` property added to every rule's config. */
export const EXCEPTIONS_PROPERTY: ConfigProperty = {
    type: "array",
    description:
        "Recorded exceptions: resource (name or URN), reason, expires (YYYY-MM-DD). An expired exception fails.",
    default: [],
    items: {
        type: "object",
        properties: {
            resource: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 1 },
            expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
        },
        required: ["resource", "reason", "expires"],
        additionalProperties: false,
    },
};

/** The rule's config schema as CrossGuard takes it (exceptions included). */
export function configSchemaOf(rule: RuleMeta): { properties: Record<string, ConfigProperty> } {
    return { properties: { ...rule.config, exceptions: EXCEPTIONS_PROPERTY } };
}

const defaults = new WeakMap<RuleMeta, Record<string, unknown>>();

/** The defaults of a rule's config schema (computed once per rule: the pack asks per resource). */
function defaultsOf(rule: RuleMeta): Record<string, unknown> {
    let d = defaults.get(rule);
    if (!d) {
        d = {};
        for (const [key, prop] of Object.entries(configSchemaOf(rule).properties))
            d[key] = prop.default;
        defaults.set(rule, d);
    }
    return d;
}

/** The rule's config with defaults filled in under whatever was configured. */
export function withDefaults(
    rule: RuleMeta,
    configured: Record<string, unknown>,
): Record<string, unknown> {
    const out: Record<string, unknown> = { ...defaultsOf(rule) };
    for (const [key, value] of Object.entries(configured))
        if (key !== "enforcementLevel" && value !== undefined) out[key] = value;
    return out;
}
