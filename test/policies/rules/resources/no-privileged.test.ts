import { noPrivileged } from "../../../../policies/rules/resources/no-privileged";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-RES-010 no privileged containers", () => {
    it("passes every compliant container", () => {
        assertEveryContainerPasses(noPrivileged);
    });
    itResourceCases(noPrivileged, __filename);
});
