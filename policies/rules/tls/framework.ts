/** Framework references and certificate lines shared by the TLS rules. */
import type { FrameworkRef } from "../../lib/rule";

/**
 * Certificate line: protocols, ciphers, HSTS, redirect and renewal all weigh in the SSL Labs grade.
 */
export const TLS_ITEM = "SSL/TLS configured with A+ rating";
/** Certificate line proven by the response headers rule. */
export const HEADERS_ITEM = "Security headers present and verified";
/** Certificate line proven by the edge rate limit rule. */
export const RATE_LIMIT_ITEM = "Rate limiting active and tested";

/** Mozilla's server-side TLS guideline, "Intermediate" configuration. */
export const MOZILLA_INTERMEDIATE: FrameworkRef = {
    name: "Mozilla Server Side TLS",
    version: "6.0",
    reference: "Intermediate",
};

/** A certificate line as a framework reference. */
export function certificateRef(section: string, item: string): FrameworkRef {
    return {
        name: "CHOM Production Confidence Certificate",
        version: "1.0",
        reference: `${section}: ${item}`,
    };
}

/** Mozilla Server Side TLS 6.0 "Intermediate": the TLS 1.2 cipher suites, OpenSSL names. */
export const MOZILLA_INTERMEDIATE_CIPHERS = [
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
];
