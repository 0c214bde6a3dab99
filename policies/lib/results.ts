/**
 * The one result model. Every output (attestation.json, certificate.md/.html, SARIF, JUnit,
 * the console summary, the exit code) is a rendering of an `Evaluation`.
 */
import type { Category, RuleMeta, Severity } from "./rule";
import type { ServerProps } from "./subjects";

/** State of one rule on one subject. UNKNOWN is never counted as PASS. */
export type ResultState = "PASS" | "FAIL" | "UNKNOWN" | "NOT_APPLICABLE" | "EXCEPTED";

export type EffectiveEnforcement = "mandatory" | "advisory" | "disabled";

/** One rule judged on one subject. */
export interface RuleResult {
    ruleId: string;
    policyName: string;
    category: Category;
    severity: Severity;
    /** Enforcement in force for this run (after policy config). */
    enforcementLevel: EffectiveEnforcement;
    subject: { urn: string; type: string; name: string };
    state: ResultState;
    /** Why it failed, why it is unknown/not applicable, or the exception note; empty on PASS. */
    message: string;
    exception?: { reason: string; expires: string; expired: boolean };
    /**
     * How the result was reached: judged on the declaration (absent) or observed on the running
     * host (live checks).
     */
    evidence?: "declared" | "observed";
}

/** What the catalogue says of a rule, as carried in outputs. */
export interface RuleSummary extends Pick<
    RuleMeta,
    | "id"
    | "policyName"
    | "title"
    | "category"
    | "severity"
    | "framework"
    | "description"
    | "remediation"
> {
    /** Enforcement in force for this run (after policy config). */
    enforcementLevel: EffectiveEnforcement;
    /**
     * The pack's own level for the rule; the verdict is judged at the stricter of the two. Absent
     * in summaries made before it existed: then `enforcementLevel`.
     */
    defaultEnforcementLevel?: EffectiveEnforcement;
    /**
     * The certificate line the rule names. A plain string, not a `CertificateLine`: summaries are
     * read back from outputs, where a line the certificate lacks is listed, not trusted.
     */
    certificateItem?: string;
}

/** Appendix C: the server as declared. */
export type ServerSpecs = Pick<
    ServerProps,
    | "hostname"
    | "address"
    | "os"
    | "cpuCores"
    | "memoryGb"
    | "usableMemoryGib"
    | "diskGb"
    | "networkGbps"
>;

/** Appendix C: one container's size. `role` marks the ones the certificate names. */
export interface ContainerSize {
    service: string;
    name: string;
    urn: string;
    role?: "app" | "database" | "cache";
    /** CPU limit in cores; null when not set (a finding, not a zero). */
    cpus: number | null;
    cpuReservation: number | null;
    memoryMb: number | null;
    memoryReservationMb: number | null;
}

/** Appendix D: monitoring endpoints. */
export interface Endpoints {
    prometheus?: string;
    grafana?: string;
    loki?: string;
    application?: string;
}

/** Optional Code Quality evidence (tests, coverage, lint) supplied from outside. */
export interface CodeQualityEvidence {
    /** Percent 0–100 as measured by the evidence source. */
    score: number;
    source: string;
}

/** Appendix C's "observed" column: what the host reported to the live checks. */
export interface ObservedServerSpecs {
    cpuCores: number | null;
    memoryGib: number | null;
    rootFsGb: number | null;
    rootFsFreeGb: number | null;
    networkGbps: number | null;
}

/** One host as the live checks saw it (`chom-certify --live`). */
export interface LiveHost {
    address: string;
    /**
     * False when the SSH session could not run; `reason` says why (its observations are UNKNOWN).
     */
    reachable: boolean;
    reason?: string;
    /** ISO timestamp. */
    checkedAt: string;
    durationMs: number;
    server: ObservedServerSpecs | null;
}

/** One policy as the run configured it: its level and every property, schema defaults included. */
export interface ConfiguredPolicy {
    /** The level sent to the pack (`remediate` runs as mandatory). */
    enforcementLevel: EffectiveEnforcement | "remediate";
    /** Every config property. */
    properties: Record<string, unknown>;
}

/** Everything one evaluation of one stack found. */
export interface Evaluation {
    stack: string;
    project: string;
    pack: { name: string; version: string };
    /** ISO timestamp. */
    evaluatedAt: string;
    /** How resources were obtained: running the program in preview, or a state export. */
    source: "preview" | "state";
    /**
     * The subject digest: sha256 of the canonical JSON of the evaluated resources (type, urn,
     * inputs; secrets opaque), lib/subject-digest.ts.
     */
    resourcesDigest: string;
    resourceCount: number;
    server: ServerSpecs | null;
    containers: ContainerSize[];
    endpoints: Endpoints;
    rules: RuleSummary[];
    results: RuleResult[];
    codeQuality: CodeQualityEvidence | null;
    /**
     * Present when live checks ran: the host(s) observed; their results are in `results` with
     * `evidence: "observed"`.
     */
    live?: LiveHost[];
    /**
     * True when only live checks ran (`--live-only`): the pack's rules were not evaluated on the
     * declaration.
     */
    liveOnly?: boolean;
    /**
     * The policy config the pack ran with, by policy name (every policy, defaults included); absent
     * when the run could not see it (in-preview).
     */
    policyConfig?: Record<string, ConfiguredPolicy>;
}

/** A FAIL that blocks (mandatory). */
export function isBlocking(r: RuleResult): boolean {
    return r.state === "FAIL" && r.enforcementLevel === "mandatory";
}

/**
 * One result of `rule` at the enforcement in force for the run: its catalogue fields, the subject
 * and the outcome. One literal in one field order, never a spread: the renderers read tens of
 * thousands of these, and spread-built ones were slower to read (writing the outputs of a
 * 1,000-resource run took 0.35 s against 0.21 s).
 */
export function ruleResult(
    rule: Pick<RuleMeta, "id" | "policyName" | "category" | "severity">,
    enforcementLevel: EffectiveEnforcement,
    subject: RuleResult["subject"],
    outcome: { state: ResultState; message: string; exception?: RuleResult["exception"] },
): RuleResult {
    const result: RuleResult = {
        ruleId: rule.id,
        policyName: rule.policyName,
        category: rule.category,
        severity: rule.severity,
        enforcementLevel,
        subject,
        state: outcome.state,
        message: outcome.message,
    };
    if (outcome.exception) result.exception = outcome.exception;
    return result;
}
