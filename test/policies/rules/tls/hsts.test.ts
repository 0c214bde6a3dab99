import { hsts } from "../../../../policies/rules/tls/hsts";
import { tls } from "../../../helpers/fixture-stack";
import { assertThrowsWhenUnknown, itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-TLS-003 HSTS", () => {
    itResourceCases(hsts, __filename);
    it("throws UnknownValueError when hsts is unknown at preview", () =>
        assertThrowsWhenUnknown(hsts, tls(), "hsts"));
});
