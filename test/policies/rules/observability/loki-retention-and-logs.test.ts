import * as assert from "assert";
import { lokiRetentionAndLogs } from "../../../../policies/rules/observability/loki-retention-and-logs";
import { monitoring } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-OBS-006 Loki retention and shipped logs", () => {
    it("passes 30 days with app, nginx and mysql shipped", () => {
        assert.strictEqual(judgeOne(lokiRetentionAndLogs, monitoring()).state, "PASS");
    });
    it("fails a short retention", () => {
        const o = judgeOne(lokiRetentionAndLogs, monitoring({ lokiRetentionDays: 7 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "monitoring landsraad_tst-monitoring keeps Loki logs 7 days: at least 30 days required",
        );
    });
    it("fails a required log that is not shipped", () => {
        const o = judgeOne(lokiRetentionAndLogs, monitoring({ shippedLogs: ["app", "nginx"] }));
        assert.strictEqual(
            o.message,
            "monitoring landsraad_tst-monitoring does not ship logs of mysql to Loki (shipped: app, nginx)",
        );
    });
    it("config: 90 days and queue logs required fail the compliant monitoring twice", () => {
        const o = judgeOne(lokiRetentionAndLogs, monitoring(), {
            minRetentionDays: 90,
            requiredLogs: ["app", "queue"],
        });
        assert.strictEqual(
            o.message,
            [
                "monitoring landsraad_tst-monitoring keeps Loki logs 30 days: at least 90 days required",
                "monitoring landsraad_tst-monitoring does not ship logs of queue to Loki (shipped: app, nginx, mysql)",
            ].join("; "),
        );
    });
    it("boundaries: exactly minRetentionDays passes, one less, a non-number and an unset value fail", () => {
        assert.strictEqual(
            judgeOne(lokiRetentionAndLogs, monitoring({ lokiRetentionDays: 30 })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(lokiRetentionAndLogs, monitoring({ lokiRetentionDays: 29 })).message,
            "monitoring landsraad_tst-monitoring keeps Loki logs 29 days: at least 30 days required",
        );
        const text = monitoring();
        text.props.lokiRetentionDays = "30";
        assert.strictEqual(
            judgeOne(lokiRetentionAndLogs, text).message,
            'monitoring landsraad_tst-monitoring keeps Loki logs "30" days: at least 30 days required',
        );
        const unset = monitoring();
        delete unset.props.lokiRetentionDays;
        assert.strictEqual(
            judgeOne(lokiRetentionAndLogs, unset).message,
            "monitoring landsraad_tst-monitoring keeps Loki logs null days: at least 30 days required",
        );
    });
    it("lists every missing service and what is shipped, 'none' when nothing is", () => {
        assert.strictEqual(
            judgeOne(lokiRetentionAndLogs, monitoring({ shippedLogs: ["app"] })).message,
            "monitoring landsraad_tst-monitoring does not ship logs of nginx, mysql to Loki (shipped: app)",
        );
        assert.strictEqual(
            judgeOne(lokiRetentionAndLogs, monitoring({ shippedLogs: ["redis", "queue"] })).message,
            "monitoring landsraad_tst-monitoring does not ship logs of app, nginx, mysql to Loki (shipped: redis, queue)",
        );
        assert.strictEqual(
            judgeOne(lokiRetentionAndLogs, monitoring({ shippedLogs: undefined as never })).message,
            "monitoring landsraad_tst-monitoring does not ship logs of app, nginx, mysql to Loki (shipped: none)",
        );
    });
});
