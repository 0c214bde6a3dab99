import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { planOf } from "./support/plan-facts";

/** Config of CHOM-BAK-007. */
export type FailureAlertsConfig = {
    /** Largest allowed staleness threshold, hours. */
    maxStaleHours: number;
};

/** CHOM-BAK-007: backups fail silently (full disk, expired credentials) unless someone is told. */
export const failureAlerts: ResourceRule<FailureAlertsConfig> = {
    id: "CHOM-BAK-007",
    policyName: "chom-bak-failure-alerts",
    title: "Backup failure and staleness raise alerts, and metrics are exported",
    category: "Operations",
    severity: "medium",
    framework: certificateRef("Alerting configured and tested", "backup failure/staleness"),
    description:
        "The backup plan must alert on failure (`alerts.onFailure`), alert when the last good backup is older than " +
        "`alerts.staleAfterHours` (at most maxStaleHours), and export backup metrics to Prometheus (`metricsExported`).",
    remediation:
        "Enable failure alerts, set staleAfterHours to the schedule plus a margin (26 h for a daily backup), and export backup metrics.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: without failure and staleness alerts a broken backup job is noticed at the next scheduled restore test (BAK-006, which blocks) rather than at once; an operator who watches backups another way can accept that with a note.",
    appliesTo: [TYPES.backupPlan],
    scope: "resource",
    config: {
        maxStaleHours: {
            type: "number",
            exclusiveMinimum: 0,
            default: 26,
            description:
                "Largest allowed alerts.staleAfterHours (hours since the last good backup).",
        },
    },
    check(subject, config) {
        const plan = planOf(subject);
        const what = `backup plan ${subject.name}`;
        const found: Violation[] = [];
        if (plan.alerts?.onFailure !== true)
            found.push({
                message: `${what} does not alert when a backup fails (alerts.onFailure false)`,
            });
        const stale = plan.alerts?.staleAfterHours;
        if (!(typeof stale === "number" && stale > 0 && stale <= config.maxStaleHours)) {
            found.push({
                message: `${what} alerts on stale backups after ${JSON.stringify(stale)} h; at most ${config.maxStaleHours} h is required`,
            });
        }
        if (plan.metricsExported !== true)
            found.push({
                message: `${what} does not export backup metrics to Prometheus (metricsExported false)`,
            });
        return found;
    },
};
