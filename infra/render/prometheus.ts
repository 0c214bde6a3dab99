/** Prometheus configuration and alert rules rendered from the Monitoring component's inputs. */
import { readFileSync } from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { z } from "zod";

/** Thresholds taken from other settings so an alert and the setting it watches cannot disagree. */
export interface AlertThresholds {
    /** `chom:tls.certificate.expiryAlertDays`. */
    certificateExpiryDays: number;
    /** `chom:backup.alerts.staleAfterHours`. */
    backupStaleHours: number;
}

/** The `${name}` placeholders alert-rules.yaml may use: one per threshold. */
const THRESHOLD_NAMES: readonly (keyof AlertThresholds)[] = [
    "certificateExpiryDays",
    "backupStaleHours",
];
const PLACEHOLDER = /\$\{([^}]*)\}/g;

const ALERT_RULE = z.strictObject({
    alert: z.string().regex(/^[A-Za-z]\w*$/),
    expr: z.string().min(1),
    for: z.string().regex(/^(\d+[smhdwy])+$/),
    labels: z.strictObject({ severity: z.enum(["warning", "critical"]) }),
    annotations: z.strictObject({ summary: z.string().min(1) }),
});
type AlertRule = z.infer<typeof ALERT_RULE>;

/**
 * The rules file the program can write (alert-rules.yaml beside this file, read from the source
 * tree where the compiled program runs), checked when the program loads: a key Prometheus's rule
 * format does not have, a name given twice or a placeholder that is not a threshold fails.
 */
function loadAlertRules(): { group: string; rules: Map<string, AlertRule> } {
    const file = path.join(__dirname, "alert-rules.yaml");
    const read = z
        .strictObject({
            groups: z.tuple([
                z.strictObject({ name: z.string().min(1), rules: z.array(ALERT_RULE).min(1) }),
            ]),
        })
        .safeParse(parse(readFileSync(file, "utf8")));
    if (!read.success) throw new Error(`${file}: ${z.prettifyError(read.error)}`);
    const [{ name, rules }] = read.data.groups;
    const byName = new Map<string, AlertRule>();
    for (const r of rules) {
        if (byName.has(r.alert)) throw new Error(`${file}: alert ${r.alert} is given twice`);
        for (const [, placeholder] of `${r.expr}\n${r.annotations.summary}`.matchAll(PLACEHOLDER))
            if (!THRESHOLD_NAMES.includes(placeholder as keyof AlertThresholds))
                throw new Error(
                    `${file}: alert ${r.alert}: unknown placeholder \${${placeholder}} (known: ${THRESHOLD_NAMES.join(", ")})`,
                );
        byName.set(r.alert, r);
    }
    return { group: name, rules: byName };
}

const ALERT_RULES = loadAlertRules();

/** Names accepted in `chom:monitoring.alertRules`. */
export const ALERT_RULE_NAMES: readonly string[] = [...ALERT_RULES.rules.keys()];

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
    const fill = (text: string) =>
        text.replace(PLACEHOLDER, (_, name: keyof AlertThresholds) => String(thresholds[name]));
    return stringify({
        groups: [
            {
                name: ALERT_RULES.group,
                rules: names.map((name) => {
                    const r = ALERT_RULES.rules.get(name)!;
                    return {
                        alert: r.alert,
                        expr: fill(r.expr),
                        for: r.for,
                        labels: { severity: r.labels.severity },
                        annotations: { summary: fill(r.annotations.summary) },
                    };
                }),
            },
        ],
    });
}
