/** Prometheus configuration and alert rules rendered from the Monitoring component's inputs. */
import { stringify } from "yaml";

/**
 * One alert rule the program knows how to write. Thresholds are the domain file's (disk 85 %,
 * memory 90 %, CPU 80 %).
 */
interface AlertRule {
    expr: string;
    for: string;
    severity: "warning" | "critical";
    summary: string;
}

/** Thresholds taken from other settings so an alert and the setting it watches cannot disagree. */
export interface AlertThresholds {
    /** `chom:tls.certificate.expiryAlertDays`. */
    certificateExpiryDays: number;
    /** `chom:backup.alerts.staleAfterHours`. */
    backupStaleHours: number;
}

const ALERT_RULES: Record<string, (t: AlertThresholds) => AlertRule> = {
    InstanceDown: () => ({
        expr: "up == 0",
        for: "2m",
        severity: "critical",
        summary: "{{ $labels.job }} on {{ $labels.instance }} is down",
    }),
    DiskSpaceLow: () => ({
        expr: '(1 - node_filesystem_avail_bytes{fstype!~"tmpfs|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|squashfs"}) * 100 > 85',
        for: "10m",
        severity: "warning",
        summary: "disk {{ $labels.mountpoint }} is over 85 % full",
    }),
    MemoryHigh: () => ({
        expr: "(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) * 100 > 90",
        for: "10m",
        severity: "warning",
        summary: "memory use is over 90 %",
    }),
    CpuHigh: () => ({
        expr: '100 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m])) * 100 > 80',
        for: "15m",
        severity: "warning",
        summary: "CPU use is over 80 %",
    }),
    // Written by the host's certbot deploy hook into node-exporter's textfile directory.
    CertificateExpiringSoon: (t) => ({
        expr: `(chom_tls_certificate_not_after_seconds - time()) / 86400 < ${t.certificateExpiryDays}`,
        for: "1h",
        severity: "warning",
        summary: `TLS certificate {{ $labels.domain }} expires in under ${t.certificateExpiryDays} days`,
    }),
    // Written by the backup runner into node-exporter's textfile directory.
    BackupFailed: () => ({
        expr: "chom_backup_last_run_success == 0",
        for: "5m",
        severity: "critical",
        summary: "the last backup failed",
    }),
    BackupStale: (t) => ({
        expr: `time() - chom_backup_last_success_timestamp_seconds > ${t.backupStaleHours} * 3600`,
        for: "10m",
        severity: "critical",
        summary: `no successful backup for ${t.backupStaleHours} hours`,
    }),
    QueueBacklog: () => ({
        expr: 'sum(redis_key_size{key=~".*queues:default"}) > 1000',
        for: "15m",
        severity: "warning",
        summary: "more than 1000 jobs wait in the default queue",
    }),
};

/** Names accepted in `chom:monitoring.alertRules`. */
export const ALERT_RULE_NAMES: readonly string[] = Object.keys(ALERT_RULES);

/** A scrape job: what to scrape and where. */
export interface ScrapeJob {
    job: string;
    target: string;
    path?: string;
}

export const PROMETHEUS_CONFIG_PATH = "/etc/prometheus/prometheus.yml";
export const PROMETHEUS_RULES_PATH = "/etc/prometheus/rules/chom.yml";

export function renderPrometheusConfig(jobs: readonly ScrapeJob[]): string {
    return stringify({
        global: { scrape_interval: "30s", evaluation_interval: "30s" },
        rule_files: [PROMETHEUS_RULES_PATH],
        scrape_configs: jobs.map((j) => ({
            job_name: j.job,
            ...(j.path ? { metrics_path: j.path } : {}),
            static_configs: [{ targets: [j.target] }],
        })),
    });
}

export function renderAlertRules(names: readonly string[], thresholds: AlertThresholds): string {
    return stringify({
        groups: [
            {
                name: "chom",
                rules: names.map((name) => {
                    const r = ALERT_RULES[name](thresholds);
                    return {
                        alert: name,
                        expr: r.expr,
                        for: r.for,
                        labels: { severity: r.severity },
                        annotations: { summary: r.summary },
                    };
                }),
            },
        ],
    });
}
