import * as assert from "assert";
import { failureAlerts } from "../../../../policies/rules/backup/failure-alerts";
import { backupPlan } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-BAK-007 backup alerts and metrics", () => {
    it("passes the compliant plan", () => {
        assert.strictEqual(judgeOne(failureAlerts, backupPlan()).state, "PASS");
    });
    it("fails without a failure alert", () => {
        const o = judgeOne(
            failureAlerts,
            backupPlan({ alerts: { onFailure: false, staleAfterHours: 26 } }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup does not alert when a backup fails (alerts.onFailure false)",
        );
    });
    it("fails a staleness alert that comes too late", () => {
        const o = judgeOne(
            failureAlerts,
            backupPlan({ alerts: { onFailure: true, staleAfterHours: 48 } }),
        );
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup alerts on stale backups after 48 h; at most 26 h is required",
        );
    });
    it("fails without exported metrics", () => {
        const o = judgeOne(failureAlerts, backupPlan({ metricsExported: false }));
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup does not export backup metrics to Prometheus (metricsExported false)",
        );
    });
    it("takes maxStaleHours from config", () => {
        assert.strictEqual(
            judgeOne(
                failureAlerts,
                backupPlan({ alerts: { onFailure: true, staleAfterHours: 48 } }),
                { maxStaleHours: 48 },
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(failureAlerts, backupPlan(), { maxStaleHours: 25 }).state,
            "FAIL",
        );
    });
    it("staleness boundaries: exactly maxStaleHours passes, 0 and a negative or missing value fail", () => {
        const stale = (staleAfterHours: number | undefined) =>
            judgeOne(
                failureAlerts,
                backupPlan({
                    alerts: { onFailure: true, staleAfterHours: staleAfterHours as number },
                }),
            );
        assert.strictEqual(stale(26).state, "PASS");
        assert.strictEqual(
            stale(0).message,
            "backup plan landsraad_tst-backup alerts on stale backups after 0 h; at most 26 h is required",
        );
        assert.strictEqual(
            stale(-1).message,
            "backup plan landsraad_tst-backup alerts on stale backups after -1 h; at most 26 h is required",
        );
        assert.strictEqual(
            stale(undefined).message,
            "backup plan landsraad_tst-backup alerts on stale backups after undefined h; at most 26 h is required",
        );
        const text = backupPlan();
        text.props.alerts = { onFailure: true, staleAfterHours: "24" };
        assert.strictEqual(
            judgeOne(failureAlerts, text).message,
            'backup plan landsraad_tst-backup alerts on stale backups after "24" h; at most 26 h is required',
        );
    });
    it("fails a plan with no alerts block at all, on both counts", () => {
        assert.strictEqual(
            judgeOne(failureAlerts, backupPlan({ alerts: undefined })).message,
            "backup plan landsraad_tst-backup does not alert when a backup fails (alerts.onFailure false); " +
                "backup plan landsraad_tst-backup alerts on stale backups after undefined h; at most 26 h is required",
        );
    });
});
