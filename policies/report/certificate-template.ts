/**
 * The fixed text of the Production Confidence Certificate template
 * (docs/production-confidence-certificate.md, kept verbatim as the project was given it) that the
 * certificate repeats as it is: the title box, the Critical Validations' verdict words, the
 * attestations, the approvers and the post-deployment checklists. Embedded here because the pack
 * reads no docs at run time; the Critical Validations lines themselves are in lib/frameworks.
 */
import type { CertificateSection } from "../lib/frameworks";
import type { Category } from "../lib/rule";

/** A blank for a person to fill (signature, name, date). */
export const BLANK = "___________________________";

/** The lines of the title box at the top of the certificate. */
export const TITLE_BOX_LINES: readonly string[] = [
    "PRODUCTION CONFIDENCE CERTIFICATE",
    "",
    "CHOM Application",
    "Cloud Hosting Operations Manager",
];

/** How the template words a Critical Validations section: its verdicts and its score line. */
export interface SectionWording {
    /** The category whose score the section shows. */
    category: Category;
    /** The verdict when every line is proven (`SECURE`). */
    yes: string;
    /** The verdict when the category does not pass (`VULNERABLE`). */
    no: string;
    /** Label of the section's score line (`Security Score`). */
    scoreLabel: string;
}

export const SECTION_WORDING: Readonly<Record<CertificateSection, SectionWording>> = {
    "Security Posture": {
        category: "Security",
        yes: "SECURE",
        no: "VULNERABLE",
        scoreLabel: "Security Score",
    },
    "Performance Profile": {
        category: "Performance",
        yes: "OPTIMIZED",
        no: "NEEDS WORK",
        scoreLabel: "Performance Score",
    },
    "Reliability & Resilience": {
        category: "Reliability",
        yes: "RESILIENT",
        no: "FRAGILE",
        scoreLabel: "Reliability Score",
    },
    "Observability Coverage": {
        category: "Observability",
        yes: "COMPLETE",
        no: "INCOMPLETE",
        scoreLabel: "Observability Score",
    },
    "Operational Readiness": {
        category: "Operations",
        yes: "READY",
        no: "NOT READY",
        scoreLabel: "Operations Score",
    },
};

/** One attestation: a heading, what the signer attests, its points and who signs. */
export interface Attestation {
    heading: string;
    intro: string;
    items: readonly string[];
    /** The signer's title. */
    title: string;
}

/** The Detailed Attestations, in the template's order. */
export const DETAILED_ATTESTATIONS: readonly Attestation[] = [
    {
        heading: "1. Code Quality Attestation",
        intro: "I attest that the CHOM application codebase meets the following standards:",
        items: [
            "Test Coverage: All critical paths covered by automated tests",
            "Code Standards: PSR-12 compliant, passes static analysis",
            "Type Safety: Full type hints on all methods",
            "Documentation: Code is well-documented and maintainable",
            "Technical Debt: No critical or high-priority technical debt",
            "Clean Code: No TODO, FIXME, or debug code in production",
        ],
        title: "Lead Developer",
    },
    {
        heading: "2. Security Attestation",
        intro: "I attest that the CHOM application meets enterprise security standards:",
        items: [
            "Vulnerability Scanning: No known vulnerabilities (severity: high or critical)",
            "Penetration Testing: Security audit completed with all findings resolved",
            "Access Control: Proper authentication and authorization throughout",
            "Data Protection: Sensitive data encrypted at rest and in transit",
            "Compliance: OWASP Top 10, GDPR, and industry standards met",
            "Secrets: All secrets properly managed and rotated",
        ],
        title: "Security Lead",
    },
    {
        heading: "3. Infrastructure Attestation",
        intro: "I attest that the production infrastructure is properly configured:",
        items: [
            "Capacity Planning: Infrastructure sized appropriately for expected load",
            "Scalability: Application can scale horizontally and vertically",
            "Networking: Proper network segmentation and firewall rules",
            "Storage: Adequate storage with automated cleanup",
            "Disaster Recovery: RTO and RPO requirements met",
            "Monitoring: Full observability stack operational",
        ],
        title: "DevOps Lead / Infrastructure Lead",
    },
    {
        heading: "4. Quality Assurance Attestation",
        intro: "I attest that the CHOM application has been thoroughly tested:",
        items: [
            "Functional Testing: All features tested and working as specified",
            "Performance Testing: Load and stress testing completed successfully",
            "Regression Testing: No regressions introduced in recent changes",
            "Browser Testing: Tested across all supported browsers",
            "Mobile Testing: Responsive design tested on mobile devices",
            "User Acceptance: UAT completed with stakeholder sign-off",
        ],
        title: "QA Lead",
    },
    {
        heading: "5. Operations Attestation",
        intro: "I attest that the operations team is prepared for production:",
        items: [
            "Runbooks: All operational procedures documented and accessible",
            "Training: Team trained on deployment, monitoring, and incident response",
            "On-Call: 24/7 on-call rotation established with clear escalation",
            "Tools: All necessary tools and access provisioned",
            "Communication: Communication channels and processes established",
            "Readiness: Team is ready to support production deployment",
        ],
        title: "Operations Manager",
    },
];

/** The attestation under Compliance & Legal. */
export const LEGAL_ATTESTATION: Attestation = {
    heading: "Legal & Compliance Attestation",
    intro: "I attest that the CHOM application meets all legal and compliance requirements:",
    items: [
        "Privacy Policy: Published and compliant with GDPR/CCPA",
        "Terms of Service: Published and reviewed by legal counsel",
        "Data Protection: User data handled in compliance with regulations",
        "Cookie Consent: GDPR-compliant cookie consent implemented",
        "Licensing: All third-party licenses reviewed and compliant",
        "Audit Trail: Comprehensive audit logging for compliance",
    ],
    title: "Legal / Compliance Officer",
};

/** Authorized Signatures: each approval heading and the roles that sign under it. */
export const APPROVALS: readonly { heading: string; roles: readonly string[] }[] = [
    { heading: "Technical Approval", roles: ["Lead Engineer", "DevOps Lead", "Security Lead"] },
    { heading: "Management Approval", roles: ["Engineering Manager", "Product Owner"] },
    { heading: "Executive Approval", roles: ["CTO / VP Engineering"] },
];

/** Post-Deployment Verification, first 24 hours: boxes people tick after go-live. */
export const FIRST_24_HOURS: readonly string[] = [
    "Uptime: >= 99.9%",
    "Error Rate: < 0.1%",
    "Response Time p95: < 500ms",
    "No critical security incidents",
    "No data loss or corruption",
    "All monitoring systems operational",
];

/** Post-Deployment Verification, first 7 days. */
export const FIRST_7_DAYS: readonly string[] = [
    "Uptime: >= 99.5%",
    "User-reported issues: < 5 critical issues",
    "Performance within acceptable ranges",
    "No unplanned downtime",
    "Backup and recovery verified",
];
