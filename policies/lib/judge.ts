/**
 * Turns a rule's violations into outcomes per subject (PASS, FAIL, EXCEPTED, NOT_APPLICABLE),
 * applying recorded exceptions. The CrossGuard adapter and the in-process attestation both
 * call these, so the two paths cannot disagree on what an exception means.
 */
import {
    isNotApplicable,
    ResourceRule,
    RuleException,
    RuleMeta,
    StackRule,
    Subject,
    Violation,
    withDefaults,
} from "./rule";
import { ImageIndex, imageIndexOf } from "./service-identity";
import { requirementFor } from "./subject-requirements";
import { LABELS, TYPES } from "./subjects";
import { groupBy } from "./group-by";

export type OutcomeState = "PASS" | "FAIL" | "EXCEPTED" | "NOT_APPLICABLE";

export interface Outcome {
    state: OutcomeState;
    urn: string;
    /** Violation messages joined, the exception note, or the not-applicable reason. */
    message: string;
    exception?: RuleException & { expired: boolean };
}

const DAY_MS = 86_400_000;
let day = { text: "", startsAt: 0 };

/**
 * Today as `YYYY-MM-DD` (UTC): exceptions expire at the start of their `expires` day. Asked for
 * every rule and resource, so the text is kept until the clock leaves its day.
 */
export function today(): string {
    const now = Date.now();
    if (now < day.startsAt || now >= day.startsAt + DAY_MS) {
        const startsAt = now - (now % DAY_MS);
        day = { text: new Date(startsAt).toISOString().slice(0, 10), startsAt };
    }
    return day.text;
}

/** Judges one resource. May throw UnknownValueError when a needed value is unknown at preview. */
export function judgeResource<C>(
    rule: ResourceRule<C>,
    subject: Subject,
    configured: Record<string, unknown>,
    day: string,
): Outcome {
    if (!rule.appliesTo.includes(subject.type)) {
        return {
            state: "NOT_APPLICABLE",
            urn: subject.urn,
            message: `applies only to ${rule.appliesTo.join(", ")}`,
        };
    }
    const config = withDefaults(rule, configured);
    // The config was validated against the rule's schema (defaults filled in), so it has the shape
    // C.
    const found = checked(rule, rule.check(subject, config as C));
    if (isNotApplicable(found))
        return { state: "NOT_APPLICABLE", urn: subject.urn, message: found.notApplicable };
    return outcomeFor(rule, subject, found, config, day);
}

/**
 * What a check returned, proven to be a list of findings or a not-applicable reason. Anything
 * else is a bug in the rule: an error of the pack (exit 2 naming the rule), never a pass.
 */
function checked(rule: { id: string }, found: unknown): Violation[] | { notApplicable: string } {
    if (Array.isArray(found)) {
        found.forEach((v: unknown, i) => {
            const ok =
                typeof v === "object" &&
                v !== null &&
                typeof (v as Violation).message === "string" &&
                (v as Violation).message !== "";
            if (!ok)
                throw new Error(
                    `rule ${rule.id} returned an invalid finding at [${i}] (${JSON.stringify(v)}): a finding needs a non-empty message`,
                );
        });
        return found as Violation[];
    }
    if (
        isNotApplicable(found as Violation[]) &&
        typeof (found as { notApplicable?: unknown }).notApplicable === "string" &&
        (found as { notApplicable: string }).notApplicable !== ""
    ) {
        return found as { notApplicable: string };
    }
    throw new Error(
        `rule ${rule.id} returned ${found === null ? "null" : typeof found} (${JSON.stringify(found) ?? String(found)}): a rule must return a list of findings or notApplicable(reason)`,
    );
}

/** The root stack resource, or a stand-in when the list has none (a bare fixture). */
export function rootOf(resources: Subject[]): Subject {
    return (
        resources.find((r) => r.type === TYPES.stack) ?? {
            type: TYPES.stack,
            name: "stack",
            urn: "",
            props: {},
        }
    );
}

/**
 * The stack-level answer about what a rule judges but the stack lacks, or undefined when
 * nothing is missing that matters. FAIL when the stack's facts need a missing subject
 * (published web ports need TLS, published ports a firewall...), even beside other subjects
 * of the rule; NOT_APPLICABLE with the reason when the rule has no subject at all and the stack
 * needs none. Never silence.
 */
export function judgeAbsence(
    rule: RuleMeta,
    resources: Subject[],
    configured: Record<string, unknown>,
    day: string,
    images?: ImageIndex,
): Outcome | undefined {
    const present = rule.appliesTo.filter((t) => resources.some((r) => r.type === t));
    const absent = rule.appliesTo.filter((t) => !present.includes(t));
    if (absent.length === 0) return undefined;
    const index = images ?? imageIndexOf(resources);
    const root = rootOf(resources);
    const needs = absent.map((t) => ({ type: t, ...requirementFor(t, resources, index) }));
    const needed = needs.filter((n) => n.needed);
    if (needed.length === 0) {
        if (present.length > 0) return undefined;
        return {
            state: "NOT_APPLICABLE",
            urn: root.urn,
            message: `${rule.id} judges ${absent.join(" or ")}; the stack has none, and needs none: ${needs.map((n) => n.why).join("; ")}`,
        };
    }
    const config = withDefaults(rule, configured);
    const message = `the stack declares no ${needed.map((n) => n.type).join(" and no ")}: ${needed.map((n) => n.why).join("; ")}`;
    return outcomeFor(rule, root, [{ message }], config, day);
}

/**
 * Judges a stack rule: one outcome per subject of the rule's `appliesTo` types (and per other
 * resource a violation names), plus the stack-level answer of `judgeAbsence` when a subject the
 * stack needs is missing; the rule's own or the absence's not-applicable reason otherwise.
 */
export function judgeStack<C>(
    rule: StackRule<C>,
    resources: Subject[],
    configured: Record<string, unknown>,
    day: string,
): Outcome[] | { notApplicable: string } {
    const config = withDefaults(rule, configured);
    const found = checked(rule, rule.check(resources, config as C));
    if (isNotApplicable(found)) return found;
    const unnamed = found.find((v) => !v.urn);
    if (unnamed)
        throw new Error(
            `rule ${rule.id} reported a stack violation without a resource URN: ${unnamed.message}`,
        );
    const byUrn = groupBy(found, (v) => v.urn!);
    const subjects = resources.filter((r) => rule.appliesTo.includes(r.type) || byUrn.has(r.urn));
    const absent = judgeAbsence(rule, resources, configured, day);
    if (subjects.length === 0) {
        if (absent === undefined || absent.state === "NOT_APPLICABLE")
            return {
                notApplicable: absent?.message ?? `no ${rule.appliesTo.join(" or ")} in the stack`,
            };
        return [absent];
    }
    const outcomes = subjects.map((s) => outcomeFor(rule, s, byUrn.get(s.urn) ?? [], config, day));
    // A needed subject missing beside the present ones: one more answer, for the stack.
    return absent !== undefined && absent.state !== "NOT_APPLICABLE" && !byUrn.has(absent.urn)
        ? [...outcomes, absent]
        : outcomes;
}

function outcomeFor(
    rule: { id: string },
    subject: Subject,
    violations: Violation[],
    config: Record<string, unknown>,
    day: string,
): Outcome {
    if (violations.length === 0) return { state: "PASS", urn: subject.urn, message: "" };
    const message = violations.map((v) => v.message).join("; ");
    const exception = exceptionFor(rule.id, subject, config.exceptions);
    if (!exception) return { state: "FAIL", urn: subject.urn, message };
    const expired = exception.expires <= day;
    if (expired) {
        return {
            state: "FAIL",
            urn: subject.urn,
            message: `exception expired on ${exception.expires} (${exception.reason}): ${message}`,
            exception: { ...exception, expired },
        };
    }
    return {
        state: "EXCEPTED",
        urn: subject.urn,
        message: `${EXCEPTED_PREFIX} ${exception.expires} (${exception.reason}): ${message}`,
        exception: { ...exception, expired },
    };
}

/** Diagnostics of excepted findings start with this, so the engine side can classify them. */
export const EXCEPTED_PREFIX = "EXCEPTED until";

/**
 * An exception from policy config (by resource name or URN) or from a `chom.exception.<ID>` label.
 */
function exceptionFor(
    ruleId: string,
    subject: Subject,
    configured: unknown,
): RuleException | undefined {
    const list = Array.isArray(configured) ? (configured as RuleException[]) : [];
    const fromConfig = list.find((e) => e.resource === subject.name || e.resource === subject.urn);
    if (fromConfig) return fromConfig;
    const labels = subject.props.labels;
    if (!Array.isArray(labels)) return undefined;
    const label = (labels as { label?: unknown; value?: unknown }[]).find(
        (l) => l.label === `${LABELS.exceptionPrefix}${ruleId}`,
    );
    if (!label || typeof label.value !== "string") return undefined;
    // Label value: "<YYYY-MM-DD> <reason>". A malformed date never excuses anything.
    const m = /^(\d{4}-\d{2}-\d{2})\s+(.+)$/.exec(label.value.trim());
    if (!m)
        return {
            resource: subject.name,
            reason: `malformed exception label "${label.value}"`,
            expires: "0000-00-00",
        };
    return { resource: subject.name, expires: m[1], reason: m[2] };
}
