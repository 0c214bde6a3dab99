/** The observability rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { alertRules } from "./alert-rules";
import { exportersScraped } from "./exporters-scraped";
import { grafanaAdminPasswordSecret } from "./grafana-admin-password-secret";
import { lokiRetentionAndLogs } from "./loki-retention-and-logs";
import { prometheusAdminApisOff } from "./prometheus-admin-apis-off";
import { stackPresent } from "./stack-present";

export const OBSERVABILITY_RULES: Rule[] = [
    stackPresent, // CHOM-OBS-001
    exportersScraped, // CHOM-OBS-002
    alertRules, // CHOM-OBS-003
    grafanaAdminPasswordSecret, // CHOM-OBS-004
    prometheusAdminApisOff, // CHOM-OBS-005
    lokiRetentionAndLogs, // CHOM-OBS-006
];
