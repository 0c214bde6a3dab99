import { securityHeaders } from "../../../../policies/rules/tls/security-headers";
import { tls } from "../../../helpers/fixture-stack";
import { assertThrowsWhenUnknown, itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-TLS-005 security headers", () => {
    itResourceCases(securityHeaders, __filename);
    it("throws UnknownValueError when the headers are unknown at preview", () => {
        assertThrowsWhenUnknown(securityHeaders, tls(), "headers");
    });
});
