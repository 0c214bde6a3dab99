import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { recoveryObjectives } from "../../../../policies/rules/backup/recovery-objectives";
import { backupPlan } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-BAK-008 RPO and RTO", () => {
    it("passes RPO 15 min backed by 15-minute incrementals, RTO 30 min", () => {
        assert.strictEqual(judgeOne(recoveryObjectives, backupPlan()).state, "PASS");
    });
    it("fails an RPO above the target", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ rpoMinutes: 60 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup declares an RPO of 60 min; at most 15 min is required",
        );
    });
    it("fails an RPO with no incrementals behind it", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ incrementalSchedule: undefined }));
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup has no incrementalSchedule, so only full backups bound the RPO of 15 min",
        );
    });
    it("fails incrementals further apart than the RPO", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ incrementalSchedule: "0 * * * *" }));
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup has incrementalSchedule "0 * * * *" with up to 60 min between runs, longer than its RPO of 15 min',
        );
    });
    it("fails a malformed incremental schedule with the parser's message", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ incrementalSchedule: "*/0 * * * *" }));
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup has an invalid incrementalSchedule: cron "*/0 * * * *": minute field "*/0": step must be at least 1',
        );
    });
    it("fails an RTO above the target", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ rtoMinutes: 120 }));
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup declares an RTO of 120 min; at most 30 min is required",
        );
    });
    it("takes maxRpoMinutes and maxRtoMinutes from config", () => {
        const plan = backupPlan({
            rpoMinutes: 60,
            incrementalSchedule: "0 * * * *",
            rtoMinutes: 120,
        });
        assert.strictEqual(judgeOne(recoveryObjectives, plan).state, "FAIL");
        assert.strictEqual(
            judgeOne(recoveryObjectives, plan, { maxRpoMinutes: 60, maxRtoMinutes: 120 }).state,
            "PASS",
        );
    });
    it("throws UnknownValueError when the incremental schedule is unknown at preview", () => {
        const plan = backupPlan();
        plan.props = unknownCheckingProxy({
            ...plan.props,
            incrementalSchedule: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeOne(recoveryObjectives, plan),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
    it("RPO and RTO of 0 fail (no plan can promise zero loss or zero downtime); exactly the maximums pass", () => {
        const o = judgeOne(recoveryObjectives, backupPlan({ rpoMinutes: 0, rtoMinutes: 0 }));
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup declares an RPO of 0 min; at most 15 min is required; " +
                "backup plan landsraad_tst-backup declares an RTO of 0 min; at most 30 min is required",
        );
        assert.strictEqual(
            judgeOne(recoveryObjectives, backupPlan({ rpoMinutes: 15, rtoMinutes: 30 })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                recoveryObjectives,
                backupPlan({ rpoMinutes: 16, incrementalSchedule: "*/15 * * * *", rtoMinutes: 31 }),
            ).message,
            "backup plan landsraad_tst-backup declares an RPO of 16 min; at most 15 min is required; " +
                "backup plan landsraad_tst-backup declares an RTO of 31 min; at most 30 min is required",
        );
    });
    it("fails a negative, missing or non-number RPO and RTO", () => {
        assert.strictEqual(
            judgeOne(recoveryObjectives, backupPlan({ rpoMinutes: -5, rtoMinutes: -1 })).message,
            "backup plan landsraad_tst-backup declares an RPO of -5 min; at most 15 min is required; " +
                "backup plan landsraad_tst-backup declares an RTO of -1 min; at most 30 min is required",
        );
        const text = backupPlan();
        text.props.rpoMinutes = "15";
        text.props.rtoMinutes = "30";
        assert.strictEqual(
            judgeOne(recoveryObjectives, text).message,
            'backup plan landsraad_tst-backup declares an RPO of "15" min; at most 15 min is required; ' +
                'backup plan landsraad_tst-backup declares an RTO of "30" min; at most 30 min is required',
        );
        const missing = backupPlan({ rpoMinutes: undefined, rtoMinutes: undefined });
        assert.strictEqual(
            judgeOne(recoveryObjectives, missing).message,
            "backup plan landsraad_tst-backup declares an RPO of undefined min; at most 15 min is required; " +
                "backup plan landsraad_tst-backup declares an RTO of undefined min; at most 30 min is required",
        );
    });
    it("an invalid RPO is not compared with the incremental gap (one finding, not two)", () => {
        assert.strictEqual(
            judgeOne(
                recoveryObjectives,
                backupPlan({ rpoMinutes: 0, incrementalSchedule: "0 * * * *" }),
            ).message,
            "backup plan landsraad_tst-backup declares an RPO of 0 min; at most 15 min is required",
        );
    });
    it("incrementals exactly as far apart as the RPO pass; a blank schedule counts as none", () => {
        assert.strictEqual(
            judgeOne(
                recoveryObjectives,
                backupPlan({ rpoMinutes: 10, incrementalSchedule: "*/10 * * * *" }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(recoveryObjectives, backupPlan({ incrementalSchedule: "   " })).message,
            "backup plan landsraad_tst-backup has no incrementalSchedule, so only full backups bound the RPO of 15 min",
        );
    });
    it("fails an incremental schedule that never fires", () => {
        assert.strictEqual(
            judgeOne(recoveryObjectives, backupPlan({ incrementalSchedule: "0 0 30 2 *" })).message,
            'backup plan landsraad_tst-backup has incrementalSchedule "0 0 30 2 *", which never runs',
        );
    });
});
