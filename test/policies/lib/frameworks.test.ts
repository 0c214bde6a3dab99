/**
 * The framework vocabulary: the certificate's Critical Validations lines are the template's, and
 * the references rules build from it read as they always did.
 */
import * as assert from "assert";
import * as frameworks from "../../../policies/lib/frameworks";
import { checkboxes, seedPart, seedSubsections } from "../../helpers/certificate-seed";

describe("framework vocabulary", () => {
    it("lists the certificate template's Critical Validations sections and lines, in order", () => {
        const fromTemplate = seedSubsections(seedPart("Critical Validations")).map((s) => ({
            // `### Security Posture: \`SECURE / VULNERABLE\``: the section is before the verdicts.
            section: s.heading.replace(/: `[^`]*`$/, ""),
            lines: checkboxes(s.lines),
        }));
        assert.deepStrictEqual(
            frameworks.CRITICAL_VALIDATIONS.map((s) => ({
                section: s.section,
                lines: [...s.lines],
            })),
            fromTemplate,
        );
        assert.strictEqual(
            new Set(frameworks.CERTIFICATE_LINES).size,
            frameworks.CERTIFICATE_LINES.length,
        );
    });

    it("cites a line under its section, with what part of it a rule covers", () => {
        assert.deepStrictEqual(frameworks.certificateRef("Firewall rules configured correctly"), {
            name: "CHOM Production Confidence Certificate",
            version: "1.0",
            reference: "Security Posture: Firewall rules configured correctly",
            specification: "docs/production-confidence-certificate.md",
        });
        assert.strictEqual(
            frameworks.certificateRef("Secrets management validated", "backup encryption key")
                .reference,
            "Security Posture: Secrets management validated (backup encryption key)",
        );
        assert.strictEqual(
            frameworks.sectionOf("Health checks passing"),
            "Reliability & Resilience",
        );
    });

    it("names the section once for lines of one section, and again when it changes", () => {
        assert.strictEqual(
            frameworks.certificateRef([
                "Application backups automated",
                "Automated database backups configured",
            ]).reference,
            "Reliability & Resilience: Application backups automated; Automated database backups configured",
        );
        assert.strictEqual(
            frameworks.certificateRef(["Health checks passing", "Alerting rules configured"])
                .reference,
            "Reliability & Resilience: Health checks passing; Observability Coverage: Alerting rules configured",
        );
    });

    it("cites other parts of the certificate and the public frameworks by name and edition", () => {
        assert.strictEqual(
            frameworks.certificatePartRef("Appendix C", "Server Specifications").reference,
            "Appendix C: Server Specifications",
        );
        assert.deepStrictEqual(frameworks.cisDocker("5.5"), {
            name: "CIS Docker Benchmark",
            version: "1.6.0",
            reference: "5.5",
            specification: "https://www.cisecurity.org/benchmark/docker",
        });
        assert.deepStrictEqual(frameworks.MOZILLA_TLS_INTERMEDIATE, {
            name: "Mozilla Server Side TLS",
            version: "6.0",
            reference: "Intermediate",
            specification: "https://wiki.mozilla.org/Security/Server_Side_TLS",
        });
        assert.deepStrictEqual(frameworks.owaspSecureHeaders("Strict-Transport-Security"), {
            name: "OWASP Secure Headers Project",
            version: "current",
            reference: "Strict-Transport-Security",
            specification: "https://owasp.org/www-project-secure-headers/",
        });
    });
});
