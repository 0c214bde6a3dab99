/** Turns what the pack answered for one stack into the result model every output renders. */
import { unknownCheckingProxy } from "../lib/preview-proxy";
import type { PackConfig } from "../lib/run-rules";
import type { CodeQualityEvidence, Evaluation } from "../lib/results";
import type { Rule, Subject } from "../lib/rule";
import { buildEvaluation, ruleSummaries } from "../report/build-evaluation";
import type { StackPreview } from "./preview-stack";

export function toEvaluation(
    raw: StackPreview,
    rules: Rule[],
    evidence: CodeQualityEvidence | null,
): Evaluation {
    // Props go through the same proxy the pack uses, so an unknown reads as unknown (null in
    // Appendix C).
    const resources: Subject[] = raw.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: unknownCheckingProxy(r.inputs),
    }));
    const packConfig: PackConfig = Object.fromEntries(
        Object.entries(raw.policyConfig).map(([name, c]) => [
            name,
            {
                ...c.properties,
                enforcementLevel:
                    c.enforcementLevel === "remediate" ? "mandatory" : c.enforcementLevel,
            },
        ]),
    );
    return buildEvaluation({
        stack: raw.stack,
        project: raw.project,
        pack: raw.pack,
        source: raw.source,
        resources,
        resourcesDigest: raw.resourcesDigest,
        results: raw.results,
        rules: ruleSummaries(rules, packConfig),
        codeQuality: evidence,
        policyConfig: Object.fromEntries(
            Object.entries(raw.policyConfig).map(([name, c]) => [
                name,
                { enforcementLevel: c.enforcementLevel, properties: { ...c.properties } },
            ]),
        ),
    });
}
