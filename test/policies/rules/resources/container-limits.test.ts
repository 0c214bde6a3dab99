import { containerLimits } from "../../../../policies/rules/resources/container-limits";
import { container } from "../../../helpers/fixture-stack";
import { itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-001 container limits", () => {
    itResourceCases(containerLimits, __filename);
    it("throws UnknownValueError (reported as UNKNOWN) when the limit is unknown at preview", () => {
        assertThrowsUnknown((c) => judgeOne(containerLimits, c), container("app"), {
            memory: UNKNOWN_SENTINEL,
        });
    });
});
