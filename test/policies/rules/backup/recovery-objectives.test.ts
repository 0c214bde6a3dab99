import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { recoveryObjectives } from "../../../../policies/rules/backup/recovery-objectives";
import { backupPlan } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-BAK-008 RPO and RTO", () => {
    it("passes RPO 15 min backed by 15-minute incrementals, RTO 30 min", () => {
        assert.strictEqual(judgeOne(recoveryObjectives, backupPlan()).state, "PASS");
    });
    it("fails an RPO above the target", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ rpoMinutes: 60 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "backup plan landsraad_tst-backup declares an RPO of 60 min; at most 15 min is required");
    });
    it("fails an RPO with no incrementals behind it", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ incrementalSchedule: undefined }));
        assert.strictEqual(o.message, "backup plan landsraad_tst-backup has no incrementalSchedule, so only full backups bound the RPO of 15 min");
    });
    it("fails incrementals further apart than the RPO", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ incrementalSchedule: "0 * * * *" }));
        assert.strictEqual(o.message, 'backup plan landsraad_tst-backup has incrementalSchedule "0 * * * *" with up to 60 min between runs, longer than its RPO of 15 min');
    });
    it("fails a malformed incremental schedule with the parser's message", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ incrementalSchedule: "*/0 * * * *" }));
        assert.strictEqual(o.message, 'backup plan landsraad_tst-backup has an invalid incrementalSchedule: cron "*/0 * * * *": minute field "*/0": step must be at least 1');
    });
    it("fails an RTO above the target", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ rtoMinutes: 120 }));
        assert.strictEqual(o.message, "backup plan landsraad_tst-backup declares an RTO of 120 min; at most 30 min is required");
    });
    it("takes maxRpoMinutes and maxRtoMinutes from config", () => {
        const plan = backupPlan({ rpoMinutes: 60, incrementalSchedule: "0 * * * *", rtoMinutes: 120 });
        assert.strictEqual(judgeOne(recoveryObjectives, plan).state, "FAIL");
        assert.strictEqual(judgeOne(recoveryObjectives, plan, { maxRpoMinutes: 60, maxRtoMinutes: 120 }).state, "PASS");
    });
    it("throws UnknownValueError when the incremental schedule is unknown at preview", () => {
        const plan = backupPlan();
        plan.props = unknownCheckingProxy({ ...plan.props, incrementalSchedule: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        assert.throws(() => judgeOne(recoveryObjectives, plan), (e: Error) => e.constructor.name === "UnknownValueError");
    });
});
