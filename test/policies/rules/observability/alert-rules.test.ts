import * as assert from "assert";
import { alertRules } from "../../../../policies/rules/observability/alert-rules";
import { monitoring, monitoringProps } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const without = (...names: string[]) =>
    monitoring({ alertRules: monitoringProps().alertRules.filter((n) => !names.includes(n)) });

describe("CHOM-OBS-003 alert rules", () => {
    it("passes the compliant alert rules", () => {
        assert.strictEqual(judgeOne(alertRules, monitoring()).state, "PASS");
    });
    it("fails the original: no certificate expiry alert", () => {
        const o = judgeOne(alertRules, without("CertificateExpiringSoon"));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "monitoring landsraad_tst-monitoring has no alert rule for certificate expiry (CertificateExpiringSoon)",
        );
    });
    it("lists every missing concept", () => {
        const o = judgeOne(alertRules, monitoring({ alertRules: [] }));
        assert.strictEqual(
            o.message,
            "monitoring landsraad_tst-monitoring has no alert rule for host down (InstanceDown), disk (DiskSpaceLow), memory (MemoryHigh), certificate expiry (CertificateExpiringSoon), backup failure (BackupFailed)",
        );
    });
    it("config requiredAlerts: other accepted names and extra concepts change the verdict", () => {
        const renamed = monitoring({ alertRules: ["HostDown"] });
        assert.strictEqual(
            judgeOne(alertRules, renamed, {
                requiredAlerts: { "host down": ["InstanceDown", "HostDown"] },
            }).state,
            "PASS",
        );
        const o = judgeOne(alertRules, monitoring(), {
            requiredAlerts: {
                "queue backlog": ["QueueBacklog"],
                cpu: ["CpuHigh", "CpuSaturated"],
                replication: ["MysqlReplicationLag"],
            },
        });
        assert.strictEqual(
            o.message,
            "monitoring landsraad_tst-monitoring has no alert rule for replication (MysqlReplicationLag)",
        );
    });
    it("lists the accepted names of each missing concept, joined with 'or'; no alertRules list misses them all", () => {
        assert.strictEqual(
            judgeOne(alertRules, monitoring({ alertRules: ["InstanceDown"] }), {
                requiredAlerts: {
                    "host down": ["InstanceDown"],
                    disk: ["DiskSpaceLow", "DiskFull"],
                },
            }).message,
            "monitoring landsraad_tst-monitoring has no alert rule for disk (DiskSpaceLow or DiskFull)",
        );
        assert.strictEqual(
            judgeOne(alertRules, monitoring({ alertRules: ["DiskFull"] }), {
                requiredAlerts: { disk: ["DiskSpaceLow", "DiskFull"] },
            }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(alertRules, monitoring({ alertRules: undefined as never }), {
                requiredAlerts: { disk: ["DiskSpaceLow"] },
            }).message,
            "monitoring landsraad_tst-monitoring has no alert rule for disk (DiskSpaceLow)",
        );
    });
});
