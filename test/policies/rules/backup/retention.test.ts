import * as assert from "assert";
import { retention } from "../../../../policies/rules/backup/retention";
import { backupPlan } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-BAK-003 retention", () => {
    it("passes the compliant 30-day retention", () => {
        assert.strictEqual(judgeOne(retention, backupPlan()).state, "PASS");
    });
    it("fails a retention below the minimum", () => {
        const o = judgeOne(retention, backupPlan({ retentionDays: 7 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup keeps backups 7 days; at least 30 days are required",
        );
    });
    it("takes minRetentionDays from config", () => {
        assert.strictEqual(
            judgeOne(retention, backupPlan({ retentionDays: 7 }), { minRetentionDays: 7 }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(retention, backupPlan(), { minRetentionDays: 60 }).message,
            "backup plan landsraad_tst-backup keeps backups 30 days; at least 60 days are required",
        );
    });
    it("exactly minRetentionDays passes, one day less fails; a non-number fails", () => {
        assert.strictEqual(judgeOne(retention, backupPlan({ retentionDays: 30 })).state, "PASS");
        assert.strictEqual(
            judgeOne(retention, backupPlan({ retentionDays: 29 })).message,
            "backup plan landsraad_tst-backup keeps backups 29 days; at least 30 days are required",
        );
        const text = backupPlan();
        text.props.retentionDays = "30";
        assert.strictEqual(
            judgeOne(retention, text).message,
            'backup plan landsraad_tst-backup keeps backups "30" days; at least 30 days are required',
        );
    });
});
