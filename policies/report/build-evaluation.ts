/**
 * Assembles the one result model (`Evaluation`) from what a run produced: the resources, the
 * rule results and the catalogue. Both the in-preview attestation policy and the offline
 * certify path call `buildEvaluation`, so their outputs have the same shape and digest.
 */
import { canonicalJson } from "../lib/canonical-json";
import type { PackConfig } from "../lib/run-rules";
import type {
    CodeQualityEvidence,
    ConfiguredPolicy,
    EffectiveEnforcement,
    Evaluation,
    RuleResult,
    RuleSummary,
} from "../lib/results";
import type { RuleMeta, Subject } from "../lib/rule";
import { subjectDigest } from "../lib/subject-digest";
import { buildAppendix } from "./appendix";

export { canonicalJson };

/** What `buildEvaluation` needs. */
export interface EvaluationInput {
    /** Stack name, e.g. `landsraad_tst`. */
    stack: string;
    /** Pulumi project name, e.g. `chom`. */
    project: string;
    /** Pack name and version (policies/package.json). */
    pack: { name: string; version: string };
    /** How the resources were obtained. */
    source: Evaluation["source"];
    /** The evaluated resources (post-Check inputs). */
    resources: Subject[];
    /**
     * `subjectDigest(resources)` when the caller has made it already (certify makes it while the
     * pack is busy); made here otherwise.
     */
    resourcesDigest?: string;
    /** Every rule result of the run. */
    results: RuleResult[];
    /** The catalogue as it applied to this run (see `ruleSummaries`). */
    rules: RuleSummary[];
    /** Code Quality evidence from outside, if any. */
    codeQuality?: CodeQualityEvidence | null;
    /** ISO timestamp of the evaluation; now when omitted. */
    evaluatedAt?: string;
    /** The policy config the pack ran with (every policy, defaults included), when known. */
    policyConfig?: Record<string, ConfiguredPolicy>;
}

/**
 * Effective enforcement of a rule under a pack config: its own entry, then `all`, then its default.
 */
export function effectiveEnforcement(rule: RuleMeta, packConfig: PackConfig): EffectiveEnforcement {
    return (
        packConfig[rule.policyName]?.enforcementLevel ??
        packConfig.all?.enforcementLevel ??
        rule.enforcementLevel
    );
}

/** The catalogue as outputs carry it, with the enforcement in force for this run. */
export function ruleSummaries(rules: readonly RuleMeta[], packConfig: PackConfig): RuleSummary[] {
    return rules.map((r) => {
        const summary: RuleSummary = {
            id: r.id,
            policyName: r.policyName,
            title: r.title,
            category: r.category,
            severity: r.severity,
            framework: { ...r.framework },
            description: r.description,
            remediation: r.remediation,
            enforcementLevel: effectiveEnforcement(r, packConfig),
            defaultEnforcementLevel: r.enforcementLevel,
        };
        if (r.certificateItem !== undefined) summary.certificateItem = r.certificateItem;
        return summary;
    });
}

function requireText(field: string, value: unknown): void {
    if (typeof value !== "string" || value.trim() === "")
        throw new Error(
            `buildEvaluation: ${field} must be a non-empty string, got ${JSON.stringify(value)}`,
        );
}

/**
 * Assembles an `Evaluation`. Throws, naming the field, on input that cannot make a truthful one.
 */
export function buildEvaluation(input: EvaluationInput): Evaluation {
    requireText("stack", input.stack);
    requireText("project", input.project);
    requireText("pack.name", input.pack?.name);
    requireText("pack.version", input.pack?.version);
    if (input.source !== "preview" && input.source !== "state")
        throw new Error(
            `buildEvaluation: source must be "preview" or "state", got ${JSON.stringify(input.source)}`,
        );
    const evaluatedAt = input.evaluatedAt ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(evaluatedAt)))
        throw new Error(
            `buildEvaluation: evaluatedAt must be an ISO timestamp, got ${JSON.stringify(evaluatedAt)}`,
        );
    const urns = new Set<string>();
    for (const r of input.resources) {
        if (urns.has(r.urn))
            throw new Error(`buildEvaluation: resource URN ${r.urn} appears twice`);
        urns.add(r.urn);
    }
    const ruleIds = new Set<string>();
    for (const rule of input.rules) {
        if (ruleIds.has(rule.id))
            throw new Error(`buildEvaluation: rule ${rule.id} appears twice in rules`);
        ruleIds.add(rule.id);
    }
    input.results.forEach((r, i) => {
        if (!ruleIds.has(r.ruleId))
            throw new Error(
                `buildEvaluation: results[${i}] is of rule ${r.ruleId}, which is not in rules`,
            );
    });
    const codeQuality = input.codeQuality ?? null;
    if (codeQuality) {
        if (
            typeof codeQuality.score !== "number" ||
            !Number.isFinite(codeQuality.score) ||
            codeQuality.score < 0 ||
            codeQuality.score > 100
        ) {
            throw new Error(
                `buildEvaluation: codeQuality.score must be a number from 0 to 100, got ${JSON.stringify(codeQuality.score)}`,
            );
        }
        requireText("codeQuality.source", codeQuality.source);
    }
    const appendix = buildAppendix(input.resources);
    return {
        stack: input.stack,
        project: input.project,
        pack: { name: input.pack.name, version: input.pack.version },
        evaluatedAt,
        source: input.source,
        resourcesDigest: input.resourcesDigest ?? subjectDigest(input.resources),
        resourceCount: input.resources.length,
        server: appendix.server,
        containers: appendix.containers,
        endpoints: appendix.endpoints,
        rules: input.rules,
        results: input.results,
        codeQuality,
        ...(input.policyConfig ? { policyConfig: input.policyConfig } : {}),
    };
}
