/** Framework references and certificate lines shared by the firewall rules. */
import type { FrameworkRef } from "../../lib/rule";

/** The certificate's Critical Validations line every firewall rule helps prove (exact text). */
export const FIREWALL_ITEM = "Firewall rules configured correctly";

/** The certificate line as a framework reference, for rules no public benchmark states. */
export const FIREWALL_CERTIFICATE_REF: FrameworkRef = {
    name: "CHOM Production Confidence Certificate",
    version: "1.0",
    reference: `Security Posture: ${FIREWALL_ITEM}`,
};
