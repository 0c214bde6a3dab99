import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { planOf, scheduleGap } from "./support/plan-facts";

/** Config of CHOM-BAK-002. */
export type FullBackupDailyConfig = {
    /** Largest allowed gap between two full backups, hours. */
    maxIntervalHours: number;
};

/** Hours for messages, at most two decimals. */
function hours(minutes: number): string {
    return `${Math.round((minutes / 60) * 100) / 100} h`;
}

/**
 * CHOM-BAK-002: the full backup must run at least daily. The schedule is judged by its largest
 * gap between runs (a 5-field cron, evaluated over the whole calendar), so "weekdays only" or
 * "1st of the month" fail even though they look regular.
 */
export const fullBackupDaily: ResourceRule<FullBackupDailyConfig> = {
    id: "CHOM-BAK-002",
    policyName: "chom-bak-full-backup-daily",
    title: "Full backups run at least daily",
    category: "Reliability",
    severity: "high",
    framework: certificateRef(
        "Automated database backups configured",
        "full dump daily at 02:00 UTC",
    ),
    description:
        "The backup plan's `schedule` must be a valid 5-field cron expression whose largest gap between consecutive runs is at most " +
        "maxIntervalHours. A malformed expression fails with the parser's message.",
    remediation: 'Set `schedule` to a daily (or more frequent) cron expression, e.g. "0 2 * * *".',
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: full backups less often than daily lose more than a day of customer data on a failure; the checklist asks for a full dump daily at 02:00 UTC.",
    appliesTo: [TYPES.backupPlan],
    certificateItem: "Automated database backups configured",
    scope: "resource",
    config: {
        maxIntervalHours: {
            type: "number",
            exclusiveMinimum: 0,
            default: 24,
            description: "Largest allowed gap between two full backups, in hours.",
        },
    },
    check(subject, config) {
        const plan = planOf(subject);
        const gap = scheduleGap(plan.schedule);
        const what = `backup plan ${subject.name}`;
        if (!gap.ok)
            return [{ message: `${what} has an invalid full-backup schedule: ${gap.error}` }];
        if (!Number.isFinite(gap.minutes)) {
            return [
                {
                    message: `${what} has full-backup schedule "${plan.schedule}", which never runs; it must run at least every ${config.maxIntervalHours} h`,
                },
            ];
        }
        if (gap.minutes > config.maxIntervalHours * 60) {
            return [
                {
                    message: `${what} has full-backup schedule "${plan.schedule}" with up to ${hours(gap.minutes)} between runs; at most ${config.maxIntervalHours} h is allowed`,
                },
            ];
        }
        return [];
    },
};
