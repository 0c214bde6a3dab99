import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { fullBackupDaily } from "../../../../policies/rules/backup/full-backup-daily";
import { backupPlan } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-BAK-002 full backup at least daily", () => {
    it("passes the compliant daily 02:00 schedule and more frequent ones", () => {
        assert.strictEqual(judgeOne(fullBackupDaily, backupPlan()).state, "PASS");
        assert.strictEqual(
            judgeOne(fullBackupDaily, backupPlan({ schedule: "0 */12 * * *" })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(fullBackupDaily, backupPlan({ schedule: "@daily" })).state,
            "PASS",
        );
    });
    it("fails a weekly schedule with the largest gap", () => {
        const o = judgeOne(fullBackupDaily, backupPlan({ schedule: "0 2 * * 1" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup has full-backup schedule "0 2 * * 1" with up to 168 h between runs; at most 24 h is allowed',
        );
    });
    it("fails a weekdays-only schedule (the weekend gap)", () => {
        const o = judgeOne(fullBackupDaily, backupPlan({ schedule: "0 2 * * mon-fri" }));
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup has full-backup schedule "0 2 * * mon-fri" with up to 72 h between runs; at most 24 h is allowed',
        );
    });
    it("fails a malformed cron with the parser's message", () => {
        const o = judgeOne(fullBackupDaily, backupPlan({ schedule: "0 2 * *" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup has an invalid full-backup schedule: cron "0 2 * *": expected 5 fields (minute hour day-of-month month day-of-week), got 4',
        );
    });
    it("fails a schedule that never runs", () => {
        const o = judgeOne(fullBackupDaily, backupPlan({ schedule: "0 2 30 2 *" }));
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup has full-backup schedule "0 2 30 2 *", which never runs; it must run at least every 24 h',
        );
    });
    it("takes maxIntervalHours from config", () => {
        assert.strictEqual(
            judgeOne(fullBackupDaily, backupPlan({ schedule: "0 2 * * 1" }), {
                maxIntervalHours: 168,
            }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(fullBackupDaily, backupPlan(), { maxIntervalHours: 12 }).state,
            "FAIL",
        );
    });
    it("throws UnknownValueError when the schedule is unknown at preview", () => {
        const plan = backupPlan();
        plan.props = unknownCheckingProxy({
            ...plan.props,
            schedule: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeOne(fullBackupDaily, plan),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
});
