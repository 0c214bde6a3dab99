/**
 * results.sarif: SARIF 2.1.0 for code-scanning UIs. One run; one reporting descriptor per rule;
 * a result per FAIL (error when mandatory, warning when advisory), UNKNOWN (kind "review") and
 * EXCEPTED (kind "pass", suppressed with the exception's justification). PASS and
 * NOT_APPLICABLE are not findings: a rule with nothing else gets one summary result (kind "pass"
 * or "notApplicable", with the reason), so no rule is ever missing from the log.
 *
 * SARIF §3.27.10 says a result whose kind is not "fail" SHALL have level "none", so UNKNOWN and
 * EXCEPTED carry level "none" (a "note" level would make the log non-conformant).
 */
import { createHash } from "crypto";
import { ruleUrl } from "../lib/pack-info";
import type { Evaluation, RuleResult, RuleSummary } from "../lib/results";
import type { Severity } from "../lib/rule";
import { groupBy } from "../lib/group-by";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub code scanning's `security-severity` per rule severity. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
    critical: "9.5",
    high: "8.0",
    medium: "5.5",
    low: "3.0",
};

/** Key of the stable fingerprint: sha256 of rule ID + subject URN. */
export const FINGERPRINT_KEY = "chomRuleUrn/v1";

type Level = "error" | "warning" | "note" | "none";

/** A SARIF reportingDescriptor as we fill it. */
export interface SarifRule {
    /** Stable rule ID. */
    id: string;
    /** Policy name. */
    name: string;
    helpUri?: string;
    /** Rule title. */
    shortDescription: { text: string };
    /** What the rule checks and why. */
    fullDescription: { text: string };
    /** Remediation, plain and Markdown. */
    help: { text: string; markdown: string };
    /** Level a finding of this rule has in this run. */
    defaultConfiguration: { level: Level; enabled: boolean };
    /** Category, tags, security-severity. */
    properties: {
        category: string;
        tags: string[];
        "security-severity": string;
        severity: Severity;
        framework: string;
    };
}

/** A SARIF result as we fill it. */
export interface SarifResult {
    /** Rule ID. */
    ruleId: string;
    /** Index into `tool.driver.rules`. */
    ruleIndex: number;
    /** fail / review / pass. */
    kind: "fail" | "review" | "pass" | "notApplicable";
    /** error / warning for FAIL, none otherwise. */
    level: Level;
    /** The result's message. */
    message: { text: string };
    /** The subject, by URN. */
    locations?: {
        logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
    }[];
    /** sha256(ruleId + urn). */
    partialFingerprints: Record<string, string>;
    /** EXCEPTED: the recorded exception. */
    suppressions?: { kind: "external"; status: "accepted"; justification: string }[];
    /** Result state and subject type. */
    properties: { state: RuleResult["state"]; resourceType: string };
}

/** The SARIF log. */
export interface SarifLog {
    /** Schema URI. */
    $schema: string;
    /** Always "2.1.0". */
    version: "2.1.0";
    /** Exactly one run. */
    runs: {
        tool: {
            driver: { name: string; version: string; semanticVersion: string; rules: SarifRule[] };
        };
        automationDetails: { id: string };
        results: SarifResult[];
        properties: {
            stack: string;
            project: string;
            resourcesDigest: string;
            evaluatedAt: string;
        };
    }[];
}

function defaultLevel(r: RuleSummary): Level {
    return r.enforcementLevel === "mandatory"
        ? "error"
        : r.enforcementLevel === "advisory"
          ? "warning"
          : "none";
}

function descriptor(r: RuleSummary): SarifRule {
    const helpUri = ruleUrl(r.id);
    const framework = `${r.framework.name} ${r.framework.version} ${r.framework.reference}`.trim();
    return {
        id: r.id,
        name: r.policyName,
        // The rule's section of docs/rules.md, once the docs have a published home.
        ...(helpUri ? { helpUri } : {}),
        shortDescription: { text: r.title },
        fullDescription: { text: r.description },
        help: {
            text: `${r.remediation}\n\nFramework: ${framework}`,
            markdown: `**Remediation:** ${r.remediation}\n\n**Framework:** ${framework}${r.certificateItem ? `\n\n**Certificate line:** ${r.certificateItem}` : ""}`,
        },
        defaultConfiguration: {
            level: defaultLevel(r),
            enabled: r.enforcementLevel !== "disabled",
        },
        properties: {
            category: r.category,
            tags: [r.category, r.framework.name, r.severity],
            "security-severity": SECURITY_SEVERITY[r.severity],
            severity: r.severity,
            framework,
        },
    };
}

/** sha256 (hex) of rule ID + URN: the same finding keeps its fingerprint across runs. */
export function fingerprint(ruleId: string, urn: string): string {
    return createHash("sha256").update(`${ruleId}${urn}`, "utf8").digest("hex");
}

/** Builds the SARIF log. */
export function buildSarif(e: Evaluation): SarifLog {
    const index = new Map(e.rules.map((r, i) => [r.id, i]));
    const results: SarifResult[] = [];
    for (const r of e.results) {
        if (r.state === "PASS" || r.state === "NOT_APPLICABLE") continue;
        const ruleIndex = index.get(r.ruleId);
        if (ruleIndex === undefined)
            throw new Error(
                `SARIF: result of ${r.ruleId} on ${r.subject.urn} names a rule that is not in the evaluation's rules`,
            );
        const base = {
            ruleId: r.ruleId,
            ruleIndex,
            locations: [
                {
                    logicalLocations: [
                        {
                            name: r.subject.name,
                            fullyQualifiedName: r.subject.urn,
                            kind: "resource",
                        },
                    ],
                },
            ],
            partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r.ruleId, r.subject.urn) },
            properties: { state: r.state, resourceType: r.subject.type },
        };
        if (r.state === "FAIL") {
            results.push({
                ...base,
                kind: "fail",
                level: r.enforcementLevel === "mandatory" ? "error" : "warning",
                message: { text: r.message || `${r.ruleId} failed on ${r.subject.name}` },
            });
        } else if (r.state === "UNKNOWN") {
            results.push({
                ...base,
                kind: "review",
                level: "none",
                message: { text: `not evaluable: ${r.message}` },
            });
        } else {
            const justification = r.exception
                ? `${r.exception.reason} (until ${r.exception.expires})`
                : r.message;
            results.push({
                ...base,
                kind: "pass",
                level: "none",
                message: { text: r.message },
                suppressions: [{ kind: "external", status: "accepted", justification }],
            });
        }
    }
    // A rule with no finding above still answers: one summary result with what it found.
    const reported = new Set(results.map((r) => r.ruleId));
    for (const [ruleId, rs] of groupBy(e.results, (r) => r.ruleId)) {
        if (reported.has(ruleId)) continue;
        const passed = rs.filter((r) => r.state === "PASS").length;
        const text =
            passed > 0
                ? `${passed} subject(s) passed${rs.length > passed ? `, ${rs.length - passed} not applicable` : ""}`
                : `not applicable: ${rs[0].message}`;
        results.push({
            ruleId,
            ruleIndex: index.get(ruleId)!,
            kind: passed > 0 ? "pass" : "notApplicable",
            level: "none",
            message: { text },
            partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(ruleId, "") },
            properties: { state: passed > 0 ? "PASS" : "NOT_APPLICABLE", resourceType: "" },
        });
    }
    return {
        $schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: e.pack.name,
                        version: e.pack.version,
                        semanticVersion: e.pack.version,
                        rules: e.rules.map(descriptor),
                    },
                },
                automationDetails: { id: `${e.project}/${e.stack}/` },
                results,
                properties: {
                    stack: e.stack,
                    project: e.project,
                    resourcesDigest: e.resourcesDigest,
                    evaluatedAt: e.evaluatedAt,
                },
            },
        ],
    };
}

/** results.sarif as written. */
export function renderSarif(e: Evaluation): string {
    return `${JSON.stringify(buildSarif(e), null, 2)}\n`;
}
