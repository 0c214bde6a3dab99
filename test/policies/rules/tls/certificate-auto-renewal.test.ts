import { certificateAutoRenewal } from "../../../../policies/rules/tls/certificate-auto-renewal";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-TLS-006 certificate auto-renewal and expiry alert", () => {
    itResourceCases(certificateAutoRenewal, __filename);
});
