import * as assert from "assert";
import { recoveryObjectives } from "../../../../policies/rules/backup/recovery-objectives";
import { backupPlan } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";
import { isUnknownValueError, withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-BAK-008 RPO and RTO", () => {
    itResourceCases(recoveryObjectives, __filename);
    it("throws UnknownValueError when the incremental schedule is unknown at preview", () => {
        const plan = withUnknownProp(backupPlan(), "incrementalSchedule");
        assert.throws(() => judgeOne(recoveryObjectives, plan), isUnknownValueError);
    });
});
