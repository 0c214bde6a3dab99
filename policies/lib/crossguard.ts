/**
 * Turns a `Rule` into a CrossGuard policy. What goes over the Analyzer protocol:
 * - FAIL: a violation at the policy's enforcement level;
 * - EXCEPTED: an advisory violation whose message starts with `EXCEPTED until <date>`;
 * - NOT_APPLICABLE: `args.notApplicable(reason)` (the protocol's PolicyNotApplicable);
 * - UNKNOWN: the rule read an unknown value; the SDK reports the advisory
 *   "can't run policy … during preview" itself (we let UnknownValueError through);
 * - PASS: none of the above for an analyzed subject.
 * A resource rule also answers once for the stack when the stack has none of its subjects
 * (AnalyzeStack): FAIL when the stack needs one, NOT_APPLICABLE with the reason otherwise.
 */
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidation,
    ResourceValidationPolicy,
    StackValidation,
    StackValidationPolicy,
} from "@pulumi/policy";
import { judgeAbsence, judgeResource, judgeStack, Outcome, today } from "./judge";
import { configSchemaOf, Rule, RuleMeta, Subject } from "./rule";
import { ruleUrl } from "./pack-info";
import { recordPolicyConfig } from "./seen-config";
import { isSharedRequestProps, withKnownValuesUnwrapped } from "./preview-proxy";
import { REQUIRABLE_TYPES } from "./subject-requirements";

function policyBase(rule: RuleMeta) {
    return {
        name: rule.policyName,
        description: `[${rule.id}] ${rule.title}`,
        displayName: rule.title,
        url: ruleUrl(rule.id),
        enforcementLevel: rule.enforcementLevel,
        severity: rule.severity,
        // The SDK's field is the standard's own document; the description has its own place.
        framework: { ...rule.framework, specification: rule.framework.specification ?? "" },
        remediationSteps: rule.remediation,
        tags: [rule.id, rule.category],
        configSchema: configSchemaOf(rule),
    };
}

function report(outcome: Outcome, reportViolation: ReportViolation, stackLevel: boolean): void {
    // Resource policies leave `urn` empty: the engine attributes it to the analyzed resource.
    const urn = stackLevel ? outcome.urn : undefined;
    if (outcome.state === "FAIL") reportViolation({ message: outcome.message, urn } as never);
    if (outcome.state === "EXCEPTED")
        reportViolation({ message: outcome.message, urn, enforcementLevel: "advisory" } as never);
}

/**
 * `args.notApplicable` throws the SDK's NotApplicableError, which captures a stack trace that
 * nothing reads; on a large stack that capture costs more than the rule itself, so it is skipped.
 */
function notApplicable(signal: (reason?: string) => never, reason: string): never {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return signal(reason);
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/**
 * A resource type no stack has: the SDK answers "not applicable" for it without deserializing
 * anything.
 */
const NO_SUCH_TYPE = "chom:internal:JudgedPerResource";

/**
 * Stack resources as rules see them, with each property's dependencies (how an image is traced to
 * its RemoteImage).
 */
export function toSubjects(resources: PolicyResource[]): Subject[] {
    return resources.map((r) => {
        const props = withKnownValuesUnwrapped(r.props);
        const shared = isSharedRequestProps(props);
        const known = shared ? subjectsByProps.get(props as object) : undefined;
        if (known !== undefined && known.urn === r.urn) return known;
        const dependencies: Record<string, string[]> = {};
        for (const [k, deps] of Object.entries(r.propertyDependencies ?? {}))
            dependencies[k] = deps.map((d) => d.urn);
        const subject = { type: r.type, name: r.name, urn: r.urn, props, dependencies };
        if (shared) subjectsByProps.set(props as object, subject);
        return subject;
    });
}

/**
 * Each stack policy of an AnalyzeStack gets the stack's resources anew, around properties the
 * request shares (one object per resource): the subject made for the first policy serves the
 * others. Rules read subjects and never write them.
 */
const subjectsByProps = new WeakMap<object, Subject>();

export function toPolicy(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
    if (rule.scope === "resource") {
        // The stack phase only has work when a type the rule judges went unseen since the last
        // AnalyzeStack (no subject at all, or a requirable component such as the firewall missing).
        // The SDK reads a validation's `__pulumiType` once per AnalyzeStack before deserializing
        // the whole stack for it; answering a type no stack has skips that cost for every stack
        // that has them all (the usual case), and reading it starts the next stack afresh.
        const requirable = rule.appliesTo.filter((t) => REQUIRABLE_TYPES.includes(t));
        const seenTypes = new Set<string>();
        const validateStack: StackValidation = (args, reportViolation) => {
            const resources = toSubjects(args.resources);
            const configured = args.getConfig<Record<string, unknown>>();
            const absent = judgeAbsence(rule, resources, configured, today());
            if (absent === undefined)
                return notApplicable(args.notApplicable, "judged per resource");
            if (absent.state === "NOT_APPLICABLE")
                return notApplicable(args.notApplicable, absent.message);
            report(absent, reportViolation, true);
        };
        Object.defineProperty(validateStack, "__pulumiType", {
            get: () => {
                const complete = seenTypes.size > 0 && requirable.every((t) => seenTypes.has(t));
                seenTypes.clear();
                return complete ? NO_SUCH_TYPE : undefined;
            },
        });
        const validateResource: ResourceValidation = (args, reportViolation) => {
            if (!rule.appliesTo.includes(args.type))
                notApplicable(args.notApplicable, `applies only to ${rule.appliesTo.join(", ")}`);
            seenTypes.add(args.type);
            const subject: Subject = {
                type: args.type,
                name: args.name,
                urn: args.urn,
                props: withKnownValuesUnwrapped(args.props),
            };
            const configured = args.getConfig<Record<string, unknown>>();
            recordPolicyConfig(rule.policyName, configured);
            const outcome = judgeResource(rule, subject, configured, today());
            if (outcome.state === "NOT_APPLICABLE")
                notApplicable(args.notApplicable, outcome.message);
            report(outcome, reportViolation, false);
        };
        // What validateResourceOfType does: with the type attached, the SDK reports every other
        // type not applicable without deserializing its properties for this policy.
        if (rule.appliesTo.length === 1)
            Object.assign(validateResource, { __pulumiType: rule.appliesTo[0] });
        // Both phases under one policy name: the SDK runs validateResource in Analyze and
        // validateStack in AnalyzeStack, so results keep the rule's name and enforcement level.
        return { ...policyBase(rule), validateResource, validateStack } as ResourceValidationPolicy;
    }
    return {
        ...policyBase(rule),
        validateStack: (args, reportViolation) => {
            const resources = toSubjects(args.resources);
            const configured = args.getConfig<Record<string, unknown>>();
            recordPolicyConfig(rule.policyName, configured);
            const outcomes = judgeStack(rule, resources, configured, today());
            if (!Array.isArray(outcomes))
                return notApplicable(args.notApplicable, outcomes.notApplicable);
            for (const o of outcomes) report(o, reportViolation, true);
        },
    };
}
