import * as assert from "assert";
import { restoreTested } from "../../../../policies/rules/backup/restore-tested";
import { backupPlan } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-BAK-006 restore tested", () => {
    it("passes a weekly restore test", () => {
        assert.strictEqual(judgeOne(restoreTested, backupPlan()).state, "PASS");
    });
    it("fails restore tests further apart than allowed", () => {
        const o = judgeOne(restoreTested, backupPlan({ restoreTestEveryDays: 90 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup tests a restore every 90 days; a restore test at least every 30 days is required",
        );
    });
    it("fails a plan that never tests a restore", () => {
        const o = judgeOne(restoreTested, backupPlan({ restoreTestEveryDays: 0 }));
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup never tests a restore (restoreTestEveryDays 0); a restore test at least every 30 days is required",
        );
    });
    it("takes maxDays from config", () => {
        assert.strictEqual(
            judgeOne(restoreTested, backupPlan({ restoreTestEveryDays: 90 }), { maxDays: 90 })
                .state,
            "PASS",
        );
        assert.strictEqual(judgeOne(restoreTested, backupPlan(), { maxDays: 5 }).state, "FAIL");
    });
    it("boundaries: exactly maxDays and 1 day pass; negative and non-number intervals fail with their own message", () => {
        assert.strictEqual(
            judgeOne(restoreTested, backupPlan({ restoreTestEveryDays: 30 }), { maxDays: 30 })
                .state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(restoreTested, backupPlan({ restoreTestEveryDays: 1 })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(restoreTested, backupPlan({ restoreTestEveryDays: -7 })).message,
            "backup plan landsraad_tst-backup never tests a restore (restoreTestEveryDays -7); a restore test at least every 30 days is required",
        );
        const text = backupPlan();
        text.props.restoreTestEveryDays = "7";
        assert.strictEqual(
            judgeOne(restoreTested, text).message,
            'backup plan landsraad_tst-backup tests a restore every "7" days; a restore test at least every 30 days is required',
        );
    });
});
