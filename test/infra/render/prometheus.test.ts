import * as assert from "assert";
import { parse } from "yaml";
import { ALERT_RULE_NAMES, renderAlertRules } from "../../../infra/render/prometheus";
import { monitoringProps } from "../../helpers/fixture-stack";

describe("Prometheus alert rules (infra/render/prometheus, alert-rules.yaml)", () => {
    it("writes the named rules in the given order, thresholds filled in, Prometheus's templates as they are", () => {
        const text = renderAlertRules(["CertificateExpiringSoon", "BackupStale", "InstanceDown"], {
            certificateExpiryDays: 14,
            backupStaleHours: 26,
        });
        assert.strictEqual(
            text,
            [
                "groups:",
                "  - name: chom",
                "    rules:",
                "      - alert: CertificateExpiringSoon",
                "        expr: (chom_tls_certificate_not_after_seconds - time()) / 86400 < 14",
                "        for: 1h",
                "        labels:",
                "          severity: warning",
                "        annotations:",
                "          summary: TLS certificate {{ $labels.domain }} expires in under 14 days",
                "      - alert: BackupStale",
                "        expr: time() - chom_backup_last_success_timestamp_seconds > 26 * 3600",
                "        for: 10m",
                "        labels:",
                "          severity: critical",
                "        annotations:",
                "          summary: no successful backup for 26 hours",
                "      - alert: InstanceDown",
                "        expr: up == 0",
                "        for: 2m",
                "        labels:",
                "          severity: critical",
                "        annotations:",
                '          summary: "{{ $labels.job }} on {{ $labels.instance }} is down"',
                "",
            ].join("\n"),
        );
    });

    it("knows every rule of the file (the fixture names them all), and leaves no placeholder unfilled in any", () => {
        // The landsraad_tst fixture turns every rule on, in the file's order.
        assert.deepStrictEqual(ALERT_RULE_NAMES, monitoringProps().alertRules);
        const text = renderAlertRules(ALERT_RULE_NAMES, {
            certificateExpiryDays: 21,
            backupStaleHours: 30,
        });
        assert.ok(!text.includes("${"), text);
        const rules = (parse(text) as { groups: { rules: { alert: string }[] }[] }).groups[0]!
            .rules;
        assert.deepStrictEqual(
            rules.map((r) => r.alert),
            ALERT_RULE_NAMES,
        );
    });
});
