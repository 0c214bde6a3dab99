/**
 * The framework vocabulary: the certificate's Critical Validations lines are the template's, and
 * the references rules build from it read as they always did.
 */
import * as assert from "assert";
import {
    CERTIFICATE_LINES,
    certificatePartRef,
    certificateRef,
    cisDocker,
    CRITICAL_VALIDATIONS,
    MOZILLA_TLS_INTERMEDIATE,
    owaspSecureHeaders,
    sectionOf,
} from "../../../policies/lib/frameworks";
import { checkboxes, seedPart, seedSubsections } from "../../helpers/certificate-seed";

describe("framework vocabulary", () => {
    it("lists the certificate template's Critical Validations sections and lines, in order", () => {
        const fromTemplate = seedSubsections(seedPart("Critical Validations")).map((s) => ({
            // `### Security Posture: \`SECURE / VULNERABLE\``: the section is before the verdicts.
            section: s.heading.replace(/: `[^`]*`$/, ""),
            lines: checkboxes(s.lines),
        }));
        assert.deepStrictEqual(
            CRITICAL_VALIDATIONS.map((s) => ({ section: s.section, lines: [...s.lines] })),
            fromTemplate,
        );
        assert.strictEqual(new Set(CERTIFICATE_LINES).size, CERTIFICATE_LINES.length);
    });

    it("cites a line under its section, with what part of it a rule covers", () => {
        assert.deepStrictEqual(certificateRef("Firewall rules configured correctly"), {
            name: "CHOM Production Confidence Certificate",
            version: "1.0",
            reference: "Security Posture: Firewall rules configured correctly",
        });
        assert.strictEqual(
            certificateRef("Secrets management validated", "backup encryption key").reference,
            "Security Posture: Secrets management validated (backup encryption key)",
        );
        assert.strictEqual(sectionOf("Health checks passing"), "Reliability & Resilience");
    });

    it("names the section once for lines of one section, and again when it changes", () => {
        assert.strictEqual(
            certificateRef([
                "Application backups automated",
                "Automated database backups configured",
            ]).reference,
            "Reliability & Resilience: Application backups automated; Automated database backups configured",
        );
        assert.strictEqual(
            certificateRef(["Health checks passing", "Alerting rules configured"]).reference,
            "Reliability & Resilience: Health checks passing; Observability Coverage: Alerting rules configured",
        );
    });

    it("cites other parts of the certificate and the public frameworks by name and edition", () => {
        assert.strictEqual(
            certificatePartRef("Appendix C", "Server Specifications").reference,
            "Appendix C: Server Specifications",
        );
        assert.deepStrictEqual(cisDocker("5.5"), {
            name: "CIS Docker Benchmark",
            version: "1.6.0",
            reference: "5.5",
        });
        assert.deepStrictEqual(MOZILLA_TLS_INTERMEDIATE, {
            name: "Mozilla Server Side TLS",
            version: "6.0",
            reference: "Intermediate",
        });
        assert.deepStrictEqual(owaspSecureHeaders("Strict-Transport-Security"), {
            name: "OWASP Secure Headers Project",
            version: "current",
            reference: "Strict-Transport-Security",
        });
    });
});
