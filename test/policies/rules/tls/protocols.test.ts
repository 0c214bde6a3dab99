import { protocols } from "../../../../policies/rules/tls/protocols";
import { tls } from "../../../helpers/fixture-stack";
import { assertThrowsWhenUnknown, itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-TLS-001 protocols", () => {
    itResourceCases(protocols, __filename);
    it("throws UnknownValueError when protocols are unknown at preview", () => {
        assertThrowsWhenUnknown(protocols, tls(), "protocols");
    });
});
