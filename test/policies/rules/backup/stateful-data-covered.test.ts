import * as assert from "assert";
import { statefulDataCovered } from "../../../../policies/rules/backup/stateful-data-covered";
import { backupPlan, compliantStack, replace } from "../../../helpers/fixture-stack";
import { judgeAll } from "../../../helpers/rules";
import { itStackCases } from "../../../helpers/rule-cases";
import { isUnknownValueError, withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-BAK-001 stateful data covered by a backup plan", () => {
    itStackCases(statefulDataCovered, __filename);
    it("throws UnknownValueError when the plan's volumes are unknown at preview", () => {
        const stack = replace(compliantStack(), withUnknownProp(backupPlan(), "volumes"));
        assert.throws(() => judgeAll(statefulDataCovered, stack), isUnknownValueError);
    });
});
