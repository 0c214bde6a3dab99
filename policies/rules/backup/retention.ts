import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { planOf } from "./support/plan-facts";

/** Config of CHOM-BAK-003. */
export type RetentionConfig = {
    /** Fewest days full backups are kept. */
    minRetentionDays: number;
};

/**
 * CHOM-BAK-003: corruption found late (a bad migration, a slow attack) needs old backups to recover
 * from.
 */
export const retention: ResourceRule<RetentionConfig> = {
    id: "CHOM-BAK-003",
    policyName: "chom-bak-retention",
    title: "Backups are kept at least the minimum number of days",
    category: "Reliability",
    severity: "high",
    framework: certificateRef(
        "Automated database backups configured",
        "checklist: retention >= 30 days",
    ),
    description:
        "The backup plan's `retentionDays` must be at least minRetentionDays, so damage noticed weeks later can still be undone.",
    remediation: "Raise `retentionDays` in the backup plan (and size the off-site storage for it).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: with short retention, damage noticed late (corruption, a bad deletion, ransomware) is already in every backup kept; the checklist requires at least 30 days.",
    appliesTo: [TYPES.backupPlan],
    scope: "resource",
    config: {
        minRetentionDays: {
            type: "number",
            minimum: 0,
            default: 30,
            description: "Fewest days full backups are kept.",
        },
    },
    check(subject, config) {
        const plan = planOf(subject);
        if (typeof plan.retentionDays === "number" && plan.retentionDays >= config.minRetentionDays)
            return [];
        return [
            {
                message: `backup plan ${subject.name} keeps backups ${JSON.stringify(plan.retentionDays)} days; at least ${config.minRetentionDays} days are required`,
            },
        ];
    },
};
