/**
 * attestation.json: an in-toto Statement v1 whose subject is the digest of the evaluated
 * resources and whose predicate is the whole verdict (results, scores, band, status) and what it
 * depends on: the policy config in force (defaults included) and its deviations from the pack,
 * the exceptions, the tool, the pack's files, the input files and the other outputs, by digest.
 * Signed, it is the payload of attestation.dsse.json (dsse.ts).
 * https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md
 */
import type {
    ConfiguredPolicy,
    ContainerSize,
    EffectiveEnforcement,
    Evaluation,
    ResultState,
} from "../lib/results";
import type { Category, Severity } from "../lib/rule";
import {
    allRulesDisabled,
    AppliedException,
    appliedExceptions,
    PolicyDeviation,
    policyDeviations,
} from "./policy-deviations";
import {
    Assessment,
    Band,
    CategoryScore,
    CertificateCategory,
    Certification,
    scoreEvaluation,
    Scorecard,
} from "./scoring";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PREDICATE_TYPE = "https://chom.dev/attestations/production-confidence/v1";

/** Appendix C's server line: cores, RAM GB, disk GB, network Gbps (plus where the host is). */
export interface AttestedServer {
    /** Host name, e.g. `landsraad_tst`. */
    hostname: string;
    /** Management address. */
    address: string;
    /** Operating system. */
    os: string;
    /** CPU cores. */
    cores: number;
    /** Nominal RAM in GB. */
    ramGb: number;
    /** RAM the kernel reports usable, in GiB. */
    usableRamGib: number;
    /** Disk in GB. */
    diskGb: number;
    /** NIC speed in Gbit/s. */
    networkGbps: number;
}

/** One container's size; null = not set (a finding, never 0). */
export interface AttestedContainer {
    /** `chom.service` label. */
    service: string;
    /** Container name. */
    name: string;
    /** Resource URN. */
    urn: string;
    /** app / database / cache for the containers the certificate names; null otherwise. */
    role: ContainerSize["role"] | null;
    /** CPU limit in cores. */
    cpus: number | null;
    /** CPU reservation in cores (`chom.cpu-reservation`). */
    cpuReservation: number | null;
    /** Memory limit in MB. */
    memoryMb: number | null;
    /** Memory reservation in MB. */
    memoryReservationMb: number | null;
    /** Memory limit in GB (MB / 1024), as Appendix C prints it. */
    ramGb: number | null;
}

/** One rule result as attested. */
export interface AttestedResult {
    /** Stable rule ID. */
    ruleId: string;
    /** Certificate category. */
    category: Category;
    /** Rule severity. */
    severity: Severity;
    /** Enforcement in force for this run. */
    enforcementLevel: EffectiveEnforcement;
    /** URN of the subject. */
    subject: string;
    /** PASS / FAIL / UNKNOWN / NOT_APPLICABLE / EXCEPTED. */
    state: ResultState;
    /** Why (empty on PASS). */
    message: string;
    /** The recorded exception, when one applied. */
    exception?: { reason: string; expires: string; expired: boolean };
    /**
     * `observed` when a live check saw it on the running host (absent: judged on the declaration).
     */
    evidence?: "observed";
}

/** One category's score as attested. */
export interface AttestedCategoryScore {
    /** Certificate category. */
    category: CertificateCategory;
    /** Weight in percent. */
    weight: number;
    /** Percent 0–100, null when not assessed. */
    score: number | null;
    /** PASS only at 100 %. */
    status: CategoryScore["status"];
    /** Results per state. */
    counts: CategoryScore["counts"];
    /** Where the score comes from. */
    source: CategoryScore["source"];
    /** Why not assessed, or the evidence source. */
    note: string;
}

/** One policy of the pack as the run configured it (what Configure was sent). */
export interface AttestedPolicyConfig {
    /** CrossGuard policy name. */
    policyName: string;
    /** The rule's stable ID; null for a policy that is not a rule (`chom-attestation`). */
    ruleId: string | null;
    /** The level the policy ran at (`remediate` counts as mandatory). */
    enforcementLevel: ConfiguredPolicy["enforcementLevel"];
    /** Every config property, the schema's defaults included. */
    properties: Record<string, unknown>;
}

/** The policy config the verdict depends on, and where it departs from the pack. */
export interface AttestedPolicy {
    /**
     * Every policy of the pack with its level and config, sorted by policy name; null when the run
     * could not see it (the in-preview attestation).
     */
    effectiveConfig: AttestedPolicyConfig[] | null;
    /**
     * Every rule whose level is not the pack's own: disabled, lowered to advisory, raised to
     * mandatory.
     */
    deviations: PolicyDeviation[];
    /** True when every rule was disabled: nothing was evaluated. */
    allRulesDisabled: boolean;
    /** Every exception that applied (EXCEPTED results, and FAILs whose exception had expired). */
    exceptions: AppliedException[];
}

/** A file by name and digest. */
export interface AttestedFile {
    /** File name (no directory). */
    name: string;
    /** Its sha256. */
    digest: { sha256: string };
}

/** What else the verdict depends on: the tool, the pack's files and the input files, by digest. */
export interface RunMaterials {
    /** The command that evaluated. */
    tool: { name: string; version: string };
    /** The pack's files (lib/pack-digest.ts: which files, and how the digest is taken). */
    packFiles: { sha256: string; count: number };
    /** Input files: `--policy-config`, `--evidence`, `--state`. */
    inputs: (AttestedFile & { role: "policy-config" | "evidence" | "state" })[];
}

/** The predicate of the statement. */
export interface ProductionConfidencePredicate {
    /** Policy pack that evaluated. */
    pack: { name: string; version: string };
    /** Pulumi project and stack. */
    stack: { project: string; name: string };
    /** ISO timestamp of the evaluation. */
    evaluatedAt: string;
    /** preview (program run) or state (stack export). */
    source: Evaluation["source"];
    /** Number of resources the digest covers. */
    resourceCount: number;
    /** Declared server; null when the stack declares none (or it is unknown at preview). */
    server: AttestedServer | null;
    /** Appendix C's named containers: app, database, cache (null when absent). */
    appendixC: {
        app: AttestedContainer | null;
        database: AttestedContainer | null;
        cache: AttestedContainer | null;
    };
    /** Every container. */
    containers: AttestedContainer[];
    /** Appendix D endpoints. */
    endpoints: Evaluation["endpoints"];
    /** Every rule result. */
    results: AttestedResult[];
    /** The seven category scores. */
    categoryScores: AttestedCategoryScore[];
    /** Weighted average over `averagedOver`; null when nothing was assessed. */
    weightedAverage: number | null;
    /** Categories the weighted average ran over. */
    averagedOver: CertificateCategory[];
    /** Band of the weighted average. */
    band: Band | null;
    /** READY / NOT READY, and why not. */
    status: Assessment;
    /** Reasons for NOT READY. */
    statusReasons: string[];
    /** CERTIFIED / NOT CERTIFIED, and every reason. */
    certification: { status: Certification; reasons: string[] };
    /** The hosts the live checks observed (`chom-certify --live`); absent when none ran. */
    live?: NonNullable<Evaluation["live"]>;
    /** The policy config in force and where it departs from the pack. */
    policy: AttestedPolicy;
    /**
     * Tool, pack files and input files by digest; null when not known (the in-preview attestation).
     */
    materials: RunMaterials | null;
    /**
     * The other outputs of the run (certificate.md/.html, results.sarif, junit.xml) by digest;
     * empty when rendered alone.
     */
    outputs: AttestedFile[];
}

/** in-toto Statement v1. */
export interface Statement {
    /** Always `https://in-toto.io/Statement/v1`. */
    _type: typeof STATEMENT_TYPE;
    /** The evaluated stack, by the digest of its resources. */
    subject: { name: string; digest: { sha256: string } }[];
    /** Always `https://chom.dev/attestations/production-confidence/v1`. */
    predicateType: typeof PREDICATE_TYPE;
    /** The verdict. */
    predicate: ProductionConfidencePredicate;
}

function attestedContainer(c: ContainerSize): AttestedContainer {
    return {
        service: c.service,
        name: c.name,
        urn: c.urn,
        role: c.role ?? null,
        cpus: c.cpus,
        cpuReservation: c.cpuReservation,
        memoryMb: c.memoryMb,
        memoryReservationMb: c.memoryReservationMb,
        ramGb: c.memoryMb === null ? null : Math.round((c.memoryMb / 1024) * 1000) / 1000,
    };
}

/** What the attestation binds beyond the evaluation itself. */
export interface AttestationBindings {
    /** Tool, pack files and input files; null or absent when not known. */
    materials?: RunMaterials | null;
    /** The digests of the other outputs rendered with it. */
    outputs?: AttestedFile[];
}

function attestedPolicy(e: Evaluation): AttestedPolicy {
    const ruleIds = new Map(e.rules.map((r) => [r.policyName, r.id]));
    const effectiveConfig = e.policyConfig
        ? Object.keys(e.policyConfig)
              .sort()
              .map((name) => {
                  const c = (e.policyConfig as NonNullable<Evaluation["policyConfig"]>)[name];
                  return {
                      policyName: name,
                      ruleId: ruleIds.get(name) ?? null,
                      enforcementLevel: c.enforcementLevel,
                      properties: { ...c.properties },
                  };
              })
        : null;
    return {
        effectiveConfig,
        deviations: policyDeviations(e),
        allRulesDisabled: allRulesDisabled(e),
        exceptions: appliedExceptions(e),
    };
}

/**
 * Builds the statement; `scorecard` defaults to `scoreEvaluation(e)` (pass it to avoid scoring
 * twice).
 */
export function buildAttestation(
    e: Evaluation,
    scorecard: Scorecard = scoreEvaluation(e),
    bindings: AttestationBindings = {},
): Statement {
    if (!/^[0-9a-f]{64}$/.test(e.resourcesDigest))
        throw new Error(
            `evaluation.resourcesDigest must be a sha256 hex digest, got ${JSON.stringify(e.resourcesDigest)}`,
        );
    const containers = e.containers.map(attestedContainer);
    const byRole = (role: NonNullable<ContainerSize["role"]>) =>
        containers.find((c) => c.role === role) ?? null;
    return {
        _type: STATEMENT_TYPE,
        subject: [
            { name: `pulumi-stack:${e.project}/${e.stack}`, digest: { sha256: e.resourcesDigest } },
        ],
        predicateType: PREDICATE_TYPE,
        predicate: {
            pack: { name: e.pack.name, version: e.pack.version },
            stack: { project: e.project, name: e.stack },
            evaluatedAt: e.evaluatedAt,
            source: e.source,
            resourceCount: e.resourceCount,
            server: e.server && {
                hostname: e.server.hostname,
                address: e.server.address,
                os: e.server.os,
                cores: e.server.cpuCores,
                ramGb: e.server.memoryGb,
                usableRamGib: e.server.usableMemoryGib,
                diskGb: e.server.diskGb,
                networkGbps: e.server.networkGbps,
            },
            appendixC: { app: byRole("app"), database: byRole("database"), cache: byRole("cache") },
            containers,
            endpoints: { ...e.endpoints },
            results: e.results.map((r) => {
                const out: AttestedResult = {
                    ruleId: r.ruleId,
                    category: r.category,
                    severity: r.severity,
                    enforcementLevel: r.enforcementLevel,
                    subject: r.subject.urn,
                    state: r.state,
                    message: r.message,
                };
                if (r.exception) out.exception = { ...r.exception };
                if (r.evidence === "observed") out.evidence = "observed";
                return out;
            }),
            categoryScores: scorecard.categories.map((c) => ({
                category: c.category,
                weight: c.weight,
                score: c.score,
                status: c.status,
                counts: { ...c.counts },
                source: c.source,
                note: c.note,
            })),
            weightedAverage: scorecard.weightedAverage,
            averagedOver: scorecard.averagedOver,
            band: scorecard.band,
            status: scorecard.assessment,
            statusReasons: scorecard.assessmentReasons,
            certification: {
                status: scorecard.certification,
                reasons: scorecard.certificationReasons,
            },
            ...(e.live ? { live: e.live.map((h) => ({ ...h })) } : {}),
            policy: attestedPolicy(e),
            materials: bindings.materials ?? null,
            outputs: (bindings.outputs ?? []).map((o) => ({
                name: o.name,
                digest: { sha256: o.digest.sha256 },
            })),
        },
    };
}

/** attestation.json as written: two-space indented, newline-terminated. */
export function renderAttestation(
    e: Evaluation,
    scorecard: Scorecard = scoreEvaluation(e),
    bindings: AttestationBindings = {},
): string {
    return `${JSON.stringify(buildAttestation(e, scorecard, bindings), null, 2)}\n`;
}
