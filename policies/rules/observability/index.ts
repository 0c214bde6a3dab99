/** The observability rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { alertRules } from "./alert-rules";
import { exportersScraped } from "./exporters-scraped";
import { grafanaAdminPassword } from "./grafana-admin-password";
import { lokiRetention } from "./loki-retention";
import { prometheusAdminApis } from "./prometheus-admin-apis";
import { stackPresent } from "./stack-present";

export const OBSERVABILITY_RULES: Rule[] = [
    stackPresent, // CHOM-OBS-001
    exportersScraped, // CHOM-OBS-002
    alertRules, // CHOM-OBS-003
    grafanaAdminPassword, // CHOM-OBS-004
    prometheusAdminApis, // CHOM-OBS-005
    lokiRetention, // CHOM-OBS-006
];
