import * as assert from "assert";
import { fullBackupDaily } from "../../../../policies/rules/backup/full-backup-daily";
import { backupPlan } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";
import { isUnknownValueError, withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-BAK-002 full backup at least daily", () => {
    itResourceCases(fullBackupDaily, __filename);
    it("throws UnknownValueError when the schedule is unknown at preview", () => {
        const plan = withUnknownProp(backupPlan(), "schedule");
        assert.throws(() => judgeOne(fullBackupDaily, plan), isUnknownValueError);
    });
});
