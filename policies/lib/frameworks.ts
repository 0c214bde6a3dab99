/**
 * The frameworks rules cite, named once: CIS Docker Benchmark, Mozilla Server Side TLS, OWASP
 * Secure Headers, and the CHOM Production Confidence Certificate with its Critical Validations
 * sections and lines. Lines are a closed type, so a rule that names a line the certificate does
 * not have fails to compile instead of silently never ticking a box. frameworks.test.ts holds the
 * line list against the certificate template (docs/production-confidence-certificate.md).
 */

/** Where a rule comes from: a standard and its section, or the certificate line it proves. */
export interface FrameworkRef {
    /**
     * e.g. `CIS Docker Benchmark`, `Mozilla Server Side TLS`, `OWASP Secure Headers`, `CHOM
     * Production Confidence Certificate`.
     */
    name: string;
    /** e.g. `1.6.0`, `6.0`. */
    version: string;
    /**
     * Section or line, e.g. `5.10`, `Intermediate`, `Security Posture: Firewall rules configured
     * correctly`.
     */
    reference: string;
    /** Where the standard is published (a URL), for the SDK's `framework.specification`. */
    specification?: string;
}

/** A framework without a reference: which standard, which edition. */
export type Framework = Omit<FrameworkRef, "reference">;

/** A standard by name, edition and where it is published. */
function framework(name: string, version: string, specification: string): Framework {
    return { name, version, specification };
}

export const CIS_DOCKER = framework(
    "CIS Docker Benchmark",
    "1.6.0",
    "https://www.cisecurity.org/benchmark/docker",
);
export const MOZILLA_TLS = framework(
    "Mozilla Server Side TLS",
    "6.0",
    "https://wiki.mozilla.org/Security/Server_Side_TLS",
);
/** The project publishes no numbered editions, so the version is the living document. */
export const OWASP_SECURE_HEADERS = framework(
    "OWASP Secure Headers Project",
    "current",
    "https://owasp.org/www-project-secure-headers/",
);
/** Kept in this repository, not published elsewhere. */
export const PRODUCTION_CERTIFICATE = framework(
    "CHOM Production Confidence Certificate",
    "1.0",
    "docs/production-confidence-certificate.md",
);

function referenceTo(framework: Framework, reference: string): FrameworkRef {
    return { ...framework, reference };
}

/** A CIS Docker Benchmark recommendation, e.g. `cisDocker("5.10 ...")`. */
export function cisDocker(reference: string): FrameworkRef {
    return referenceTo(CIS_DOCKER, reference);
}

/** A part of Mozilla's server-side TLS guideline. */
export function mozillaTls(reference: string): FrameworkRef {
    return referenceTo(MOZILLA_TLS, reference);
}

/** An OWASP Secure Headers recommendation (a header to set or to remove). */
export function owaspSecureHeaders(reference: string): FrameworkRef {
    return referenceTo(OWASP_SECURE_HEADERS, reference);
}

/** Mozilla's "Intermediate" configuration: what the TLS rules hold nginx to. */
export const MOZILLA_TLS_INTERMEDIATE: FrameworkRef = mozillaTls("Intermediate");

/** Mozilla Server Side TLS 6.0 "Intermediate": the TLS 1.2 cipher suites, OpenSSL names. */
export const MOZILLA_INTERMEDIATE_CIPHERS: readonly string[] = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
];

/** The certificate's Critical Validations: each section and its checkbox lines, exact text. */
export const CRITICAL_VALIDATIONS = [
    {
        section: "Security Posture",
        lines: [
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
        section: "Performance Profile",
        lines: [
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
        section: "Reliability & Resilience",
        lines: [
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
        section: "Observability Coverage",
        lines: [
            "Metrics collecting (Prometheus)",
            "Logs aggregating (Loki)",
            "Dashboards operational (Grafana)",
            "Alerting rules configured",
            "Distributed tracing (if applicable)",
            "Business metrics exposed",
        ],
    },
    {
        section: "Operational Readiness",
        lines: [
            "Deployment runbook complete and tested",
            "Rollback procedure documented and tested",
            "On-call rotation defined",
            "Incident response plan ready",
            "Escalation paths documented",
            "Team trained on procedures",
        ],
    },
] as const;

/** A Critical Validations section heading, e.g. `Security Posture`. */
export type CertificateSection = (typeof CRITICAL_VALIDATIONS)[number]["section"];
/** A Critical Validations checkbox line, e.g. `Firewall rules configured correctly`. */
export type CertificateLine = (typeof CRITICAL_VALIDATIONS)[number]["lines"][number];

/** Every Critical Validations line, in the certificate's order. */
export const CERTIFICATE_LINES: readonly CertificateLine[] = CRITICAL_VALIDATIONS.flatMap(
    (s) => s.lines,
);

const SECTION_OF_LINE = new Map<CertificateLine, CertificateSection>(
    CRITICAL_VALIDATIONS.flatMap((s) => s.lines.map((line) => [line, s.section] as const)),
);

/** The section a line is listed under. */
export function sectionOf(line: CertificateLine): CertificateSection {
    // Every line is in the map: it is built from the same list the type is.
    return SECTION_OF_LINE.get(line) as CertificateSection;
}

/**
 * Certificate lines as a framework reference: `Section: line`, several lines of one section joined
 * by `; `, and what part of the line the rule covers in parentheses.
 */
export function certificateRef(
    lines: CertificateLine | readonly [CertificateLine, ...CertificateLine[]],
    detail?: string,
): FrameworkRef {
    const list: readonly CertificateLine[] = typeof lines === "string" ? [lines] : lines;
    const cited = list
        .map((line, i) =>
            i > 0 && sectionOf(list[i - 1]) === sectionOf(line)
                ? line
                : `${sectionOf(line)}: ${line}`,
        )
        .join("; ");
    return referenceTo(PRODUCTION_CERTIFICATE, detail ? `${cited} (${detail})` : cited);
}

/**
 * Parts of the certificate beyond the Critical Validations that rules cite: the Infrastructure
 * Attestation's items and Appendix C (Infrastructure Configuration).
 */
export const CERTIFICATE_PARTS = ["Infrastructure Attestation", "Appendix C"] as const;
export type CertificatePart = (typeof CERTIFICATE_PARTS)[number];

/**
 * A place in the certificate that is not a checkbox line (it ticks nothing): `Part: what`, e.g.
 * `Appendix C: Server Specifications`, or a section with what the rule adds to it.
 */
export function certificatePartRef(
    part: CertificatePart | CertificateSection,
    what: string,
): FrameworkRef {
    return referenceTo(PRODUCTION_CERTIFICATE, `${part}: ${what}`);
}
