import { logRotation } from "../../../../policies/rules/resources/log-rotation";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-RES-013 log rotation", () => {
    it("passes every compliant container (json-file with max-size and max-file)", () => {
        assertEveryContainerPasses(logRotation);
    });
    itResourceCases(logRotation, __filename);
});
