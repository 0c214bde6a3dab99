/**
 * The Production Confidence Certificate (seed/production-confidence-certificate.md) as a list
 * of blocks, filled in from one `Evaluation` and its `Scorecard`. certificate.md and
 * certificate.html both render these blocks, so the two cannot say different things.
 *
 * The template's fixed text is in certificate-template.ts, its Critical Validations lines in
 * lib/frameworks.ts. What is filled in honestly:
 * - verdicts show one word (READY or NOT READY), never both;
 * - a Critical Validations box is ticked only when a rule names that exact line as its
 *   `certificateItem` and every result of those rules is PASS (critical-validations.ts); otherwise
 *   it stays open with the reason;
 * - signature, name and date lines stay blank for people to fill.
 */
import { CRITICAL_VALIDATIONS } from "../lib/frameworks";
import type { ContainerSize, Evaluation, RuleResult } from "../lib/results";
import type { Block, CertificateModel } from "./certificate-blocks";
import {
    APPROVALS,
    Attestation,
    BLANK,
    DETAILED_ATTESTATIONS,
    FIRST_24_HOURS,
    FIRST_7_DAYS,
    LEGAL_ATTESTATION,
    SECTION_WORDING,
    TITLE_BOX_LINES,
} from "./certificate-template";
import { checkLine, resultsByRule, unmatchedCertificateItems } from "./critical-validations";
import { describeDeviation, policyDeviations } from "./policy-deviations";
import { riskRows } from "./risk-table";
import { CategoryScore, formatPercent, scoreEvaluation, Scorecard } from "./scoring";

function num(n: number): string {
    return String(Math.round(n * 1000) / 1000);
}

function gb(mb: number | null): string {
    return mb === null ? "not set" : `${num(mb / 1024)} GB`;
}

function containerLine(c: ContainerSize | undefined): string {
    if (!c) return "no such container in the stack";
    const cpu = c.cpus === null ? "no CPU limit" : `${num(c.cpus)} CPU`;
    const ram = c.memoryMb === null ? "no memory limit" : `${gb(c.memoryMb)} RAM`;
    const reserved = `reserved ${c.cpuReservation === null ? "not set" : `${num(c.cpuReservation)} CPU`}, ${c.memoryReservationMb === null ? "not set" : `${num(c.memoryReservationMb)} MB`}`;
    return `${cpu}, ${ram} (${c.name}; ${reserved})`;
}

function cell(v: number | null, unit = ""): string {
    return v === null ? "not set" : `${num(v)}${unit}`;
}

function signature(title: string): Block[] {
    return [
        {
            kind: "fields",
            items: [
                { label: "Attested By", value: BLANK },
                { label: "Title", value: title },
                { label: "Date", value: BLANK },
                { label: "Signature", value: BLANK },
            ],
        },
    ];
}

function attestation({ heading, intro, items, title }: Attestation): Block[] {
    return [
        { kind: "heading", level: 3, text: heading },
        { kind: "paragraph", text: intro },
        { kind: "list", items: [...items] },
        ...signature(title),
    ];
}

/**
 * Post-deployment checks with their sign-off: unticked, since they are observed after this
 * certificate is issued.
 */
function postDeploymentChecks(items: readonly string[]): Block[] {
    return [
        { kind: "checklist", items: items.map((text) => ({ checked: false, text })) },
        {
            kind: "fields",
            items: [
                { label: "Verified By", value: BLANK },
                { label: "Date", value: BLANK },
            ],
        },
    ];
}

function approver(role: string): Block[] {
    return [
        { kind: "paragraph", text: `${role}:` },
        { kind: "list", items: [`Name: ${BLANK}`, `Signature: ${BLANK}`, `Date: ${BLANK}`] },
    ];
}

/** Appendix E: one row per rule, so no rule is missing from the certificate. */
function ruleResultRows(e: Evaluation): string[][] {
    const byRule = resultsByRule(e);
    return e.rules.map((rule) => {
        const rs = byRule.get(rule.id) ?? [];
        const count = (s: RuleResult["state"]) => rs.filter((r) => r.state === s).length;
        const counts = `${count("PASS")} / ${count("FAIL")} / ${count("UNKNOWN")} / ${count("EXCEPTED")} / ${count("NOT_APPLICABLE")}`;
        const onlyNa = rs.length > 0 && rs.every((r) => r.state === "NOT_APPLICABLE");
        const note =
            rule.enforcementLevel === "disabled"
                ? "disabled by policy config"
                : rs.length === 0
                  ? "no result"
                  : onlyNa
                    ? rs[0].message
                    : "";
        return [rule.id, rule.title, rule.enforcementLevel, counts, note];
    });
}

/**
 * Appendix C's observed column: what the live checks saw on each host, beside the declaration and
 * the certificate's minimums.
 */
function observedServerBlocks(e: Evaluation): Block[] {
    if (!e.live?.length) return [];
    const d = e.server;
    const v = (x: number | null | undefined, unit: string) =>
        x === null || x === undefined ? "not observed" : `${num(x)} ${unit}`;
    return e.live.map((h) => {
        const o = h.server;
        const header = [
            "Specification",
            "Declared",
            `Observed on ${h.address} (${h.checkedAt.slice(0, 16).replace("T", " ")} UTC)`,
            "Certificate minimum",
        ];
        if (!o)
            return {
                kind: "table",
                header,
                rows: [["all", "", `not observed: ${h.reason ?? "no answer"}`, ""]],
            } as Block;
        return {
            kind: "table",
            header,
            rows: [
                [
                    "CPU Cores",
                    d ? num(d.cpuCores) : "not declared",
                    v(o.cpuCores, "cores"),
                    "4 cores",
                ],
                [
                    "RAM (usable)",
                    d ? `${num(d.usableMemoryGib)} GiB` : "not declared",
                    v(o.memoryGib, "GiB"),
                    "8 GB",
                ],
                [
                    "Disk (root filesystem)",
                    d ? `${num(d.diskGb)} GB` : "not declared",
                    v(o.rootFsGb, "GB"),
                    "",
                ],
                ["Free on /", "", v(o.rootFsFreeGb, "GB"), "50 GB"],
                [
                    "Network",
                    d ? `${num(d.networkGbps)} Gbps` : "not declared",
                    v(o.networkGbps, "Gbps"),
                    "",
                ],
            ],
        } as Block;
    });
}

/** Fills in the certificate from the evaluation (and its scorecard, computed when not given). */
export function buildCertificate(
    e: Evaluation,
    s: Scorecard = scoreEvaluation(e),
): CertificateModel {
    const certificateId = `CHOM-PROD-${e.evaluatedAt.slice(0, 4)}-${e.resourcesDigest.slice(0, 8).toUpperCase()}`;
    const certified = s.certification === "CERTIFIED";
    const host = !e.server
        ? `${e.stack} - no chom:host:Server declared`
        : e.server.hostname === e.stack
          ? `${e.stack} - ${e.server.address}`
          : `${e.stack} on ${e.server.hostname} - ${e.server.address}`;
    const average =
        s.weightedAverage === null
            ? "not assessed"
            : `${formatPercent(s.weightedAverage)} (${s.band})`;
    const over = s.averagedOver.length === 0 ? "no category" : s.averagedOver.join(", ");
    const notAssessed =
        s.notAssessed.length === 0 ? "" : `; not assessed: ${s.notAssessed.join(", ")}`;
    const blocks: Block[] = [];
    const push = (...b: Block[]) => blocks.push(...b);

    push(
        { kind: "heading", level: 1, text: "CHOM Production Confidence Certificate" },
        {
            kind: "box",
            lines: [...TITLE_BOX_LINES],
            style: "double",
            centre: true,
        },
        { kind: "heading", level: 2, text: `Certificate ID: ${certificateId}` },
        {
            kind: "fields",
            items: [
                { label: "Issue Date", value: BLANK },
                { label: "Valid Until", value: BLANK },
                { label: "Certification Level", value: `${average} over ${over}${notAssessed}` },
                { label: "Environment", value: `Production (${host})` },
                {
                    label: "Evaluated",
                    value: `${e.evaluatedAt} from ${e.source === "preview" ? "a preview of the program" : "a stack state export"} of ${e.project}/${e.stack}`,
                },
                { label: "Policy Pack", value: `${e.pack.name} ${e.pack.version}` },
                {
                    label: "Resources Digest",
                    value: `sha256:${e.resourcesDigest} (${e.resourceCount} resources)`,
                },
            ],
        },
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Executive Summary" },
        {
            kind: "paragraph",
            text: certified
                ? `The infrastructure of stack ${e.stack} was evaluated by the ${e.pack.name} policy pack: every one of the seven categories is assessed and at 100%, and no mandatory rule failed or was left unknown.`
                : `This certificate records the infrastructure evaluation of stack ${e.stack} by the ${e.pack.name} policy pack. It is NOT CERTIFIED; every reason is listed under Certification Decision. A box below is ticked only where a rule proves that line.`,
        },
        {
            kind: "fields",
            items: [
                { label: "Overall Assessment", value: s.assessment, code: true },
                { label: "Certification Status", value: s.certification, code: true },
            ],
        },
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Validation Results" },
        { kind: "heading", level: 3, text: "Category Scores" },
        { kind: "categoryScores", categories: s.categories },
        {
            kind: "fields",
            items: [
                {
                    label: "Weighted Average",
                    value: `${s.weightedAverage === null ? "not assessed" : formatPercent(s.weightedAverage)} (over ${over}; weights renormalised${notAssessed})`,
                },
            ],
        },
    );
    const excepted = s.categories.flatMap((c) =>
        c.excluded
            .filter((x) => x.state === "EXCEPTED")
            .map((x) => `${c.category}: ${x.ruleId} on ${x.name}: ${x.message}`),
    );
    if (excepted.length > 0)
        push(
            { kind: "paragraph", text: "Excepted results (outside the score's denominator):" },
            { kind: "list", items: excepted },
        );
    const deviations = policyDeviations(e);
    if (deviations.length > 0) {
        push(
            {
                kind: "paragraph",
                text: "Policy config deviations from the pack (READY and CERTIFIED are judged at the pack's levels):",
            },
            { kind: "list", items: deviations.map(describeDeviation) },
        );
    }
    push(
        { kind: "scoreBox", scorecard: s },
        {
            kind: "fields",
            items: [
                {
                    label: "Status",
                    value: s.assessment === "READY" ? "PRODUCTION READY" : "NOT READY",
                    code: true,
                },
            ],
        },
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Critical Validations" },
    );
    const byRule = resultsByRule(e);
    for (const { section, lines } of CRITICAL_VALIDATIONS) {
        const wording = SECTION_WORDING[section];
        const items = lines.map((line) => checkLine(line, e, byRule));
        const category = s.categories.find((c) => c.category === wording.category) as CategoryScore;
        const provenCount = items.filter((i) => i.checked).length;
        // The heading never contradicts the score below it: the "yes" word only when every line is
        // proven and the category passes, the "no" word only when the category does not pass; a
        // passing category with lines still unproven says how many are proven.
        const verdict =
            category.status !== "PASS"
                ? wording.no
                : provenCount === items.length
                  ? wording.yes
                  : `${provenCount} of ${items.length} lines proven`;
        push(
            { kind: "heading", level: 3, text: `${section}: ${verdict}` },
            { kind: "checklist", items },
            {
                kind: "fields",
                items: [
                    {
                        label: wording.scoreLabel,
                        value:
                            category.score === null
                                ? "not assessed"
                                : formatPercent(category.score),
                    },
                    { label: "Status", value: category.status, code: true },
                    { label: "Lines proven", value: `${provenCount} of ${items.length}` },
                ],
            },
        );
    }
    const stray = unmatchedCertificateItems(e.rules);
    if (stray.length > 0) {
        push(
            {
                kind: "paragraph",
                text: "Rules naming a line that is not on this certificate (they tick nothing):",
            },
            { kind: "list", items: stray.map((r) => `${r.id}: "${r.certificateItem}"`) },
        );
    }

    push(
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Detailed Attestations" },
        ...DETAILED_ATTESTATIONS.flatMap(attestation),
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Risk Assessment" },
        { kind: "heading", level: 3, text: "Identified Risks" },
    );
    const risks = riskRows(e);
    if (risks.rows.length === 0)
        push({
            kind: "paragraph",
            text: "No rule result is FAIL, UNKNOWN or EXCEPTED: the infrastructure tool identified no risk.",
        });
    else
        push({
            kind: "table",
            header: [
                "Risk ID",
                "Description",
                "Severity",
                "Probability",
                "Impact",
                "Mitigation",
                "Status",
            ],
            rows: risks.rows,
        });
    push(
        {
            kind: "fields",
            items: [{ label: "Overall Risk Rating", value: risks.rating, code: true }],
        },
        { kind: "paragraph", text: "Risk Acceptance:" },
        {
            kind: "paragraph",
            text: "All identified risks have been reviewed and either mitigated or explicitly accepted. The remaining risk level is acceptable for production deployment.",
        },
        {
            kind: "fields",
            items: [
                { label: "Accepted By", value: BLANK },
                { label: "Title", value: "Engineering Manager / CTO" },
                { label: "Date", value: BLANK },
                { label: "Signature", value: BLANK },
            ],
        },
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Compliance & Legal" },
        ...attestation(LEGAL_ATTESTATION),
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Certification Decision" },
        { kind: "heading", level: 3, text: "Final Certification Authority" },
        { kind: "paragraph", text: "Based on the validation performed and documented in:" },
        {
            kind: "list",
            ordered: true,
            items: [
                "Production Readiness Checklist",
                "Go-Live Validation",
                "All technical and business attestations above",
                `This evaluation (${certificateId}, resources digest sha256:${e.resourcesDigest.slice(0, 16)}…)`,
            ],
        },
        {
            kind: "box",
            style: "double",
            centre: true,
            lines: certified
                ? [
                      "100% PRODUCTION CONFIDENCE",
                      "",
                      "The CHOM application is hereby",
                      "CERTIFIED FOR PRODUCTION DEPLOYMENT",
                  ]
                : [
                      `${s.weightedAverage === null ? "NO" : formatPercent(s.weightedAverage)} PRODUCTION CONFIDENCE`,
                      "",
                      "The CHOM application is",
                      "NOT CERTIFIED FOR PRODUCTION DEPLOYMENT",
                  ],
        },
        {
            kind: "fields",
            items: [
                { label: "Certification Decision", value: s.certification, code: true },
                {
                    label: "Reason (if not certified)",
                    value: certified
                        ? "none"
                        : `${s.certificationReasons.length} reason${s.certificationReasons.length === 1 ? "" : "s"}, listed below`,
                },
            ],
        },
    );
    if (!certified) push({ kind: "list", items: s.certificationReasons });
    push(
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Authorized Signatures" },
        {
            kind: "paragraph",
            text: "This certificate requires the following approvals to be valid:",
        },
        ...APPROVALS.flatMap(({ heading, roles }): Block[] => [
            { kind: "heading", level: 3, text: heading },
            ...roles.flatMap(approver),
        ]),
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Certificate Validity" },
        {
            kind: "fields",
            items: [
                { label: "Valid From", value: BLANK },
                { label: "Valid Until", value: `${BLANK} (Recommended: 90 days)` },
            ],
        },
        {
            kind: "paragraph",
            text: "Re-certification Required: This certificate is valid for 90 days or until significant changes are made to the application. Major version updates, infrastructure changes, or security incidents may require re-certification.",
        },
        { kind: "fields", items: [{ label: "Next Review Date", value: BLANK }] },
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Post-Deployment Verification" },
        { kind: "heading", level: 3, text: "First 24 Hours" },
        {
            kind: "paragraph",
            text: "To maintain certification, the following metrics must be met in the first 24 hours:",
        },
        ...postDeploymentChecks(FIRST_24_HOURS),
        { kind: "heading", level: 3, text: "First 7 Days" },
        ...postDeploymentChecks(FIRST_7_DAYS),
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Appendices" },
        { kind: "heading", level: 3, text: "A. Test Results Summary" },
        {
            kind: "paragraph",
            text: e.codeQuality
                ? `Code Quality evidence supplied: ${formatPercent(e.codeQuality.score)} from ${e.codeQuality.source}. Unit, feature and performance test counts are not assessed by the infrastructure tool.`
                : "Not assessed by the infrastructure tool (no code quality evidence supplied): unit, feature and performance test results come from the application's own pipeline.",
        },
        { kind: "heading", level: 3, text: "B. Security Scan Results" },
        {
            kind: "paragraph",
            text: "Not assessed by the infrastructure tool: Composer audit, static analysis and the SSL Labs grade come from scans of the running application.",
        },
        { kind: "heading", level: 3, text: "C. Infrastructure Configuration" },
        { kind: "paragraph", text: "Server Specifications:" },
        {
            kind: "list",
            items: e.server
                ? [
                      `CPU Cores: ${num(e.server.cpuCores)}`,
                      `RAM: ${num(e.server.memoryGb)} GB (${num(e.server.usableMemoryGib)} GiB usable)`,
                      `Disk: ${num(e.server.diskGb)} GB`,
                      `Network: ${num(e.server.networkGbps)} Gbps`,
                  ]
                : [
                      "No chom:host:Server in the stack (or its specs are unknown at preview): server specifications not declared.",
                  ],
        },
        ...observedServerBlocks(e),
        { kind: "paragraph", text: "Container Resources:" },
        {
            kind: "list",
            items: [
                `App Container: ${containerLine(e.containers.find((c) => c.role === "app"))}`,
                `Database: ${containerLine(e.containers.find((c) => c.role === "database"))}`,
                `Cache: ${containerLine(e.containers.find((c) => c.role === "cache"))}`,
            ],
        },
        {
            kind: "table",
            header: [
                "Service",
                "Container",
                "Role",
                "CPU limit",
                "CPU reservation",
                "Memory limit (MB)",
                "Memory reservation (MB)",
            ],
            rows: e.containers.map((c) => [
                c.service,
                c.name,
                c.role ?? "",
                cell(c.cpus),
                cell(c.cpuReservation),
                cell(c.memoryMb),
                cell(c.memoryReservationMb),
            ]),
        },
        { kind: "heading", level: 3, text: "D. Monitoring Endpoints" },
        {
            kind: "fields",
            items: [
                {
                    label: "Prometheus",
                    value: e.endpoints.prometheus ?? "not published by the stack",
                },
                { label: "Grafana", value: e.endpoints.grafana ?? "not published by the stack" },
                { label: "Loki", value: e.endpoints.loki ?? "not published by the stack" },
                {
                    label: "Application",
                    value: e.endpoints.application ?? "not declared by the stack",
                },
            ],
        },
        { kind: "heading", level: 3, text: "E. Rule Results" },
        {
            kind: "paragraph",
            text: "Every rule of the pack and what it found on this stack (a rule with no subject here says why it does not apply).",
        },
        {
            kind: "table",
            header: [
                "Rule",
                "Title",
                "Enforcement",
                "PASS / FAIL / UNKNOWN / EXCEPTED / N/A",
                "Note",
            ],
            rows: ruleResultRows(e),
        },
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Document Control" },
        {
            kind: "fields",
            items: [
                { label: "Document Version", value: "1.0" },
                { label: "Last Updated", value: e.evaluatedAt.slice(0, 10) },
                { label: "Next Review", value: BLANK },
                { label: "Document Owner", value: "Engineering Team" },
                { label: "Classification", value: "Internal - Confidential" },
            ],
        },
        { kind: "rule" },
        { kind: "heading", level: 2, text: "Certification Statement" },
        {
            kind: "box",
            style: "double",
            centre: false,
            lines: [
                ...(certified
                    ? [
                          "This certifies that CHOM has been validated against the production",
                          "readiness criteria of the infrastructure policy pack, with every",
                          "category assessed and at 100%.",
                          "",
                          "This system is PRODUCTION READY and AUTHORIZED FOR DEPLOYMENT.",
                      ]
                    : [
                          "This records that CHOM was validated against the production",
                          "readiness criteria of the infrastructure policy pack and did NOT",
                          "reach certification (see Certification Decision for the reasons).",
                          "",
                          "This system is NOT AUTHORIZED FOR DEPLOYMENT by this certificate.",
                      ]),
                "",
                `Certificate ID: ${certificateId}`,
                `Issue Date: ${BLANK}`,
                "",
                "Authorized By:",
                BLANK,
                "CTO / VP Engineering",
            ],
        },
        { kind: "rule" },
        { kind: "paragraph", text: "END OF PRODUCTION CONFIDENCE CERTIFICATE" },
        {
            kind: "paragraph",
            text: "CONFIDENTIAL - FOR INTERNAL USE ONLY. This document contains sensitive information about the production readiness and security posture of the CHOM application. Distribution is limited to authorized personnel only.",
        },
    );
    return { title: `CHOM Production Confidence Certificate — ${e.stack}`, certificateId, blocks };
}
