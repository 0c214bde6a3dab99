/**
 * The Production Confidence Certificate (seed/production-confidence-certificate.md) as a list
 * of blocks, filled in from one `Evaluation` and its `Scorecard`. certificate.md and
 * certificate.html both render these blocks, so the two cannot say different things.
 *
 * The template's structure is embedded here (the pack never reads ../shared at run time).
 * What is filled in honestly:
 * - verdicts show one word (READY or NOT READY), never both;
 * - a Critical Validations box is ticked only when a rule names that exact line as its
 *   `certificateItem` and every result of those rules is PASS; otherwise it stays open with
 *   the reason;
 * - signature, name and date lines stay blank for people to fill.
 */
import type { ContainerSize, Evaluation, RuleResult, RuleSummary } from "../lib/results";
import type { Category, Severity } from "../lib/rule";
import { describeDeviation, policyDeviations } from "./policy-deviations";
import { BANDS, CategoryScore, formatPercent, scoreEvaluation, Scorecard } from "./scoring";

/** A blank for a person to fill (signature, name, date). */
export const BLANK = "___________________________";

/** One inline piece of a block: plain text (renderers escape it). */
export type Text = string;

/** A labelled value line (`**Label:** value`); `code` renders the value as a verdict token. */
export interface Field {
    /** Label before the colon. */
    label: Text;
    /** Value after it. */
    value: Text;
    /** True for verdict words (`READY`), shown as code in Markdown and as a badge in HTML. */
    code?: boolean;
}

/** One box of a checklist. */
export interface CheckItem {
    /** True only when proven. */
    checked: boolean;
    /** The certificate line, exactly. */
    text: Text;
    /** Why it is ticked (which rules) or why it is open. */
    note?: Text;
}

/** The building blocks both renderers understand. */
export type Block =
    | { kind: "heading"; level: 1 | 2 | 3; text: Text }
    | { kind: "paragraph"; text: Text }
    | { kind: "fields"; items: Field[] }
    | { kind: "list"; ordered?: boolean; items: Text[] }
    | { kind: "checklist"; items: CheckItem[] }
    | { kind: "table"; header: Text[]; rows: Text[][] }
    | { kind: "box"; lines: Text[]; style: "double" | "single"; centre: boolean }
    | { kind: "categoryScores"; categories: CategoryScore[] }
    | { kind: "scoreBox"; scorecard: Scorecard }
    | { kind: "rule" };

/** The filled-in certificate. */
export interface CertificateModel {
    /** Document title. */
    title: Text;
    /** Certificate ID derived from the evaluation (year and resources digest). */
    certificateId: Text;
    /** The blocks, in the template's order. */
    blocks: Block[];
}

/** The Critical Validations of the template: section, category, verdict words and lines. */
export const CRITICAL_VALIDATIONS: readonly {
    title: string;
    category: Category;
    yes: string;
    no: string;
    scoreLabel: string;
    items: readonly string[];
}[] = [
    {
        title: "Security Posture",
        category: "Security",
        yes: "SECURE",
        no: "VULNERABLE",
        scoreLabel: "Security Score",
        items: [
            "OWASP Top 10 compliance validated",
            "SSL/TLS configured with A+ rating",
            "Security headers present and verified",
            "Secrets management validated",
            "2FA enforced for admin accounts",
            "Rate limiting active and tested",
            "Firewall rules configured correctly",
            "No known security vulnerabilities",
        ],
    },
    {
        title: "Performance Profile",
        category: "Performance",
        yes: "OPTIMIZED",
        no: "NEEDS WORK",
        scoreLabel: "Performance Score",
        items: [
            "Load tested with 100+ concurrent users",
            "Response times p95 < 500ms",
            "Database queries optimized (no N+1)",
            "Caching strategy implemented",
            "CDN ready (if applicable)",
            "Assets minified and compressed",
            "OPcache enabled and tuned",
        ],
    },
    {
        title: "Reliability & Resilience",
        category: "Reliability",
        yes: "RESILIENT",
        no: "FRAGILE",
        scoreLabel: "Reliability Score",
        items: [
            "Automated database backups configured",
            "Application backups automated",
            "Disaster recovery tested successfully",
            "Monitoring active on all components",
            "Alerting configured and tested",
            "Health checks passing",
            "Failover tested",
        ],
    },
    {
        title: "Observability Coverage",
        category: "Observability",
        yes: "COMPLETE",
        no: "INCOMPLETE",
        scoreLabel: "Observability Score",
        items: [
            "Metrics collecting (Prometheus)",
            "Logs aggregating (Loki)",
            "Dashboards operational (Grafana)",
            "Alerting rules configured",
            "Distributed tracing (if applicable)",
            "Business metrics exposed",
        ],
    },
    {
        title: "Operational Readiness",
        category: "Operations",
        yes: "READY",
        no: "NOT READY",
        scoreLabel: "Operations Score",
        items: [
            "Deployment runbook complete and tested",
            "Rollback procedure documented and tested",
            "On-call rotation defined",
            "Incident response plan ready",
            "Escalation paths documented",
            "Team trained on procedures",
        ],
    },
];

/**
 * Lines about observed outcomes ("tested", "passing", "active", "collecting", "operational"): a
 * declaration cannot prove them, so they are ticked only when a live check observed them (results
 * with `evidence: "observed"`), never on declared results alone.
 */
export const OBSERVED_OUTCOME_LINES: ReadonlySet<string> = new Set([
    "Rate limiting active and tested",
    "Load tested with 100+ concurrent users",
    "Response times p95 < 500ms",
    "Disaster recovery tested successfully",
    "Monitoring active on all components",
    "Alerting configured and tested",
    "Health checks passing",
    "Failover tested",
    "Metrics collecting (Prometheus)",
    "Logs aggregating (Loki)",
    "Dashboards operational (Grafana)",
]);

/** Why an open box is open when no rule names its line. */
export const NO_RULE_REASON = "no infrastructure rule proves this; needs evidence";

const SEVERITY_WORD: Record<Severity, string> = {
    critical: "Critical",
    high: "High",
    medium: "Med",
    low: "Low",
};
/** Probability and impact as the risk table derives them from a rule's severity. */
export const RISK_OF_SEVERITY: Readonly<Record<Severity, { probability: string; impact: string }>> =
    {
        critical: { probability: "High", impact: "High" },
        high: { probability: "Med", impact: "High" },
        medium: { probability: "Med", impact: "Med" },
        low: { probability: "Low", impact: "Low" },
    };
const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low"];

/**
 * The rules (and their results) that name a certificate line, matched exactly (bare or `Section:
 * line`).
 */
function rulesForLine(section: string, line: string, rules: RuleSummary[]): RuleSummary[] {
    return rules.filter(
        (r) => r.certificateItem === line || r.certificateItem === `${section}: ${line}`,
    );
}

/** Reasons a box stays open, listed per rule up to this many; the rest are counted. */
const REASONS_PER_RULE = 3;

/**
 * Ticks a line only when rules name it and every result of theirs is PASS (NOT_APPLICABLE results
 * are ignored).
 */
export function checkLine(
    section: string,
    line: string,
    e: Evaluation,
    byRule: Map<string, RuleResult[]> = resultsByRule(e),
): CheckItem {
    const rules = rulesForLine(section, line, e.rules);
    if (rules.length === 0) return { checked: false, text: line, note: NO_RULE_REASON };
    const open: string[] = [];
    let passes = 0;
    const declaredBy = new Set<string>();
    const observedBy = new Set<string>();
    for (const rule of rules) {
        const results = byRule.get(rule.id) ?? [];
        if (rule.enforcementLevel === "disabled") {
            open.push(`${rule.id} is disabled`);
            continue;
        }
        const reasons: string[] = [];
        for (const r of results) {
            if (r.state === "PASS") {
                passes += 1;
                (r.evidence === "observed" ? observedBy : declaredBy).add(rule.id);
            } else if (r.state === "FAIL")
                reasons.push(`${rule.id} failed on ${r.subject.name}: ${r.message}`);
            else if (r.state === "UNKNOWN")
                reasons.push(`${rule.id} is unknown on ${r.subject.name}: ${r.message}`);
            else if (r.state === "EXCEPTED")
                reasons.push(
                    `${rule.id} is excepted on ${r.subject.name}${r.exception ? ` until ${r.exception.expires} (${r.exception.reason})` : ""}`,
                );
        }
        // A large fleet can fail one rule thousands of times: the box names a few, the outputs list
        // all.
        open.push(...reasons.slice(0, REASONS_PER_RULE));
        if (reasons.length > REASONS_PER_RULE)
            open.push(
                `${rule.id}: ${reasons.length - REASONS_PER_RULE} more not passing (see the results)`,
            );
        if (reasons.length === 0 && !results.some((r) => r.state === "PASS"))
            open.push(`${rule.id} produced no PASS result (no subject in the stack)`);
    }
    if (open.length > 0 || passes === 0)
        return { checked: false, text: line, note: open.join("; ") };
    const ids = (set: Set<string>) => [...set].join(", ");
    if (OBSERVED_OUTCOME_LINES.has(line) && observedBy.size === 0) {
        return {
            checked: false,
            text: line,
            note: `declared (${ids(declaredBy)} pass), but this is an observed outcome: it needs the live checks (chom-certify --live)`,
        };
    }
    const proof =
        observedBy.size === 0
            ? `proven by declaration (${ids(declaredBy)})`
            : declaredBy.size === 0
              ? `proven by observation (${ids(observedBy)})`
              : `proven by declaration (${ids(declaredBy)}) and by observation (${ids(observedBy)})`;
    return { checked: true, text: line, note: proof };
}

function resultsByRule(e: Evaluation): Map<string, RuleResult[]> {
    const byRule = new Map<string, RuleResult[]>();
    for (const r of e.results) {
        const list = byRule.get(r.ruleId);
        if (list) list.push(r);
        else byRule.set(r.ruleId, [r]);
    }
    return byRule;
}

/**
 * `certificateItem`s of rules that match no line of the certificate (a typo would silently never
 * tick).
 */
export function unmatchedCertificateItems(rules: RuleSummary[]): RuleSummary[] {
    const lines = new Set<string>();
    for (const s of CRITICAL_VALIDATIONS)
        for (const l of s.items) lines.add(l).add(`${s.title}: ${l}`);
    return rules.filter((r) => r.certificateItem !== undefined && !lines.has(r.certificateItem));
}

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

/** Inner width of the certificate's boxes (the template's 75 columns). */
export const BOX_WIDTH = 75;

/** Frames lines in a box of the given inner width (lines are padded, centred when `centre`). */
export function frame(
    lines: string[],
    width: number,
    style: "double" | "single",
    centre: boolean,
): string[] {
    const [tl, h, tr, v, bl, br] =
        style === "double" ? ["╔", "═", "╗", "║", "╚", "╝"] : ["┌", "─", "┐", "│", "└", "┘"];
    const body = lines.map((l) => {
        const text = l.length > width - 2 ? `${l.slice(0, width - 3)}…` : l;
        const left = centre ? Math.floor((width - text.length) / 2) : 2;
        return `${v}${" ".repeat(left)}${text}${" ".repeat(Math.max(0, width - left - text.length))}${v}`;
    });
    return [
        `${tl}${h.repeat(width)}${tr}`,
        `${v}${" ".repeat(width)}${v}`,
        ...body,
        `${v}${" ".repeat(width)}${v}`,
        `${bl}${h.repeat(width)}${br}`,
    ];
}

/**
 * The score box lines (also used by the Markdown renderer): the score and the bands, the current
 * one marked.
 */
export function scoreBoxLines(s: Scorecard): string[] {
    const bars = ["■■■■■■■■■□", "■■■■■■■□□□", "■■■■■□□□□□", "■■■□□□□□□□", "■□□□□□□□□□"];
    const lines = [
        "PRODUCTION CONFIDENCE SCORE",
        "",
        s.weightedAverage === null ? "not assessed" : formatPercent(s.weightedAverage),
        "",
    ];
    BANDS.forEach((b, i) => {
        const mark = s.band === b.band ? "◀ this stack" : "";
        lines.push(
            `    [${bars[i]}] ${b.label.padEnd(7)} ${b.band.toUpperCase().padEnd(9)} ${mark}`.trimEnd(),
        );
    });
    return frame(lines, 64, "single", false);
}

function riskRows(e: Evaluation): { rows: string[][]; rating: string } {
    const rulesById = new Map(e.rules.map((r) => [r.id, r]));
    const risky = e.results.filter(
        (r) => r.state === "FAIL" || r.state === "UNKNOWN" || r.state === "EXCEPTED",
    );
    const ordered = [...risky].sort(
        (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
    );
    const rows = ordered.map((r: RuleResult, i) => {
        const rule = rulesById.get(r.ruleId);
        const risk = RISK_OF_SEVERITY[r.severity];
        const status =
            r.state === "EXCEPTED"
                ? `Accepted${r.exception ? ` until ${r.exception.expires}` : ""}`
                : "Open";
        return [
            `R-${String(i + 1).padStart(3, "0")}`,
            `${r.ruleId} (${rule?.title ?? r.policyName}): ${r.state} on ${r.subject.name}: ${r.message}`,
            SEVERITY_WORD[r.severity],
            risk.probability,
            risk.impact,
            rule?.remediation ?? "see the rule's documentation",
            status,
        ];
    });
    const worst = SEVERITY_ORDER.find((s) => risky.some((r) => r.severity === s));
    const rating =
        worst === "critical"
            ? "CRITICAL"
            : worst === "high"
              ? "HIGH"
              : worst === "medium"
                ? "MEDIUM"
                : "LOW";
    return { rows, rating };
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

function attestation(heading: string, intro: string, items: string[], title: string): Block[] {
    return [
        { kind: "heading", level: 3, text: heading },
        { kind: "paragraph", text: intro },
        { kind: "list", items },
        ...signature(title),
    ];
}

function approver(role: string): Block[] {
    return [
        { kind: "paragraph", text: `${role}:` },
        { kind: "list", items: [`Name: ${BLANK}`, `Signature: ${BLANK}`, `Date: ${BLANK}`] },
    ];
}

/** Fills in the certificate from the evaluation (and its scorecard, computed when not given). */
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
            lines: [
                "PRODUCTION CONFIDENCE CERTIFICATE",
                "",
                "CHOM Application",
                "Cloud Hosting Operations Manager",
            ],
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
    for (const section of CRITICAL_VALIDATIONS) {
        const items = section.items.map((l) => checkLine(section.title, l, e, byRule));
        const category = s.categories.find((c) => c.category === section.category) as CategoryScore;
        const provenCount = items.filter((i) => i.checked).length;
        // The heading never contradicts the score below it: the "yes" word only when every line is
        // proven and the category passes, the "no" word only when the category does not pass; a
        // passing category with lines still unproven says how many are proven.
        const verdict =
            category.status !== "PASS"
                ? section.no
                : provenCount === items.length
                  ? section.yes
                  : `${provenCount} of ${items.length} lines proven`;
        push(
            { kind: "heading", level: 3, text: `${section.title}: ${verdict}` },
            { kind: "checklist", items },
            {
                kind: "fields",
                items: [
                    {
                        label: section.scoreLabel,
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
        ...attestation(
            "1. Code Quality Attestation",
            "I attest that the CHOM application codebase meets the following standards:",
            [
                "Test Coverage: All critical paths covered by automated tests",
                "Code Standards: PSR-12 compliant, passes static analysis",
                "Type Safety: Full type hints on all methods",
                "Documentation: Code is well-documented and maintainable",
                "Technical Debt: No critical or high-priority technical debt",
                "Clean Code: No TODO, FIXME, or debug code in production",
            ],
            "Lead Developer",
        ),
        ...attestation(
            "2. Security Attestation",
            "I attest that the CHOM application meets enterprise security standards:",
            [
                "Vulnerability Scanning: No known vulnerabilities (severity: high or critical)",
                "Penetration Testing: Security audit completed with all findings resolved",
                "Access Control: Proper authentication and authorization throughout",
                "Data Protection: Sensitive data encrypted at rest and in transit",
                "Compliance: OWASP Top 10, GDPR, and industry standards met",
                "Secrets: All secrets properly managed and rotated",
            ],
            "Security Lead",
        ),
        ...attestation(
            "3. Infrastructure Attestation",
            "I attest that the production infrastructure is properly configured:",
            [
                "Capacity Planning: Infrastructure sized appropriately for expected load",
                "Scalability: Application can scale horizontally and vertically",
                "Networking: Proper network segmentation and firewall rules",
                "Storage: Adequate storage with automated cleanup",
                "Disaster Recovery: RTO and RPO requirements met",
                "Monitoring: Full observability stack operational",
            ],
            "DevOps Lead / Infrastructure Lead",
        ),
        ...attestation(
            "4. Quality Assurance Attestation",
            "I attest that the CHOM application has been thoroughly tested:",
            [
                "Functional Testing: All features tested and working as specified",
                "Performance Testing: Load and stress testing completed successfully",
                "Regression Testing: No regressions introduced in recent changes",
                "Browser Testing: Tested across all supported browsers",
                "Mobile Testing: Responsive design tested on mobile devices",
                "User Acceptance: UAT completed with stakeholder sign-off",
            ],
            "QA Lead",
        ),
        ...attestation(
            "5. Operations Attestation",
            "I attest that the operations team is prepared for production:",
            [
                "Runbooks: All operational procedures documented and accessible",
                "Training: Team trained on deployment, monitoring, and incident response",
                "On-Call: 24/7 on-call rotation established with clear escalation",
                "Tools: All necessary tools and access provisioned",
                "Communication: Communication channels and processes established",
                "Readiness: Team is ready to support production deployment",
            ],
            "Operations Manager",
        ),
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
        ...attestation(
            "Legal & Compliance Attestation",
            "I attest that the CHOM application meets all legal and compliance requirements:",
            [
                "Privacy Policy: Published and compliant with GDPR/CCPA",
                "Terms of Service: Published and reviewed by legal counsel",
                "Data Protection: User data handled in compliance with regulations",
                "Cookie Consent: GDPR-compliant cookie consent implemented",
                "Licensing: All third-party licenses reviewed and compliant",
                "Audit Trail: Comprehensive audit logging for compliance",
            ],
            "Legal / Compliance Officer",
        ),
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
        { kind: "heading", level: 3, text: "Technical Approval" },
        ...approver("Lead Engineer"),
        ...approver("DevOps Lead"),
        ...approver("Security Lead"),
        { kind: "heading", level: 3, text: "Management Approval" },
        ...approver("Engineering Manager"),
        ...approver("Product Owner"),
        { kind: "heading", level: 3, text: "Executive Approval" },
        ...approver("CTO / VP Engineering"),
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
        {
            kind: "checklist",
            items: [
                "Uptime: >= 99.9%",
                "Error Rate: < 0.1%",
                "Response Time p95: < 500ms",
                "No critical security incidents",
                "No data loss or corruption",
                "All monitoring systems operational",
            ].map((text) => ({ checked: false, text })),
        },
        {
            kind: "fields",
            items: [
                { label: "Verified By", value: BLANK },
                { label: "Date", value: BLANK },
            ],
        },
        { kind: "heading", level: 3, text: "First 7 Days" },
        {
            kind: "checklist",
            items: [
                "Uptime: >= 99.5%",
                "User-reported issues: < 5 critical issues",
                "Performance within acceptable ranges",
                "No unplanned downtime",
                "Backup and recovery verified",
            ].map((text) => ({ checked: false, text })),
        },
        {
            kind: "fields",
            items: [
                { label: "Verified By", value: BLANK },
                { label: "Date", value: BLANK },
            ],
        },
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
