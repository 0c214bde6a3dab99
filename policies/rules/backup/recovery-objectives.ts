import { certificatePartRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { planOf, scheduleGap } from "./support/plan-facts";

/** Config of CHOM-BAK-008. */
export type RecoveryObjectivesConfig = {
    /** Largest allowed recovery point objective, minutes. */
    maxRpoMinutes: number;
    /** Largest allowed recovery time objective, minutes. */
    maxRtoMinutes: number;
};

/**
 * CHOM-BAK-008: a declared RPO is only real if incremental backups run at least that often;
 * a daily full backup alone loses up to a day of orders and tickets.
 */
export const recoveryObjectives: ResourceRule<RecoveryObjectivesConfig> = {
    id: "CHOM-BAK-008",
    policyName: "chom-bak-recovery-objectives",
    title: "RPO and RTO meet their targets, and incrementals back the RPO",
    category: "Reliability",
    severity: "medium",
    framework: certificatePartRef(
        "Infrastructure Attestation",
        "Disaster Recovery: RTO and RPO requirements met",
    ),
    description:
        "The backup plan's `rpoMinutes` must be at most maxRpoMinutes and be backed by an `incrementalSchedule` (5-field cron) whose " +
        "largest gap between runs is at most that RPO; `rtoMinutes` must be at most maxRtoMinutes.",
    remediation:
        'Ship binlogs/incrementals at least every RPO minutes (e.g. incrementalSchedule "*/15 * * * *") and keep restores within the RTO.',
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: RPO and RTO targets are business commitments the operator sets; missing them widens the loss window, but daily full backups and tested restores (which block) still bound it, so a note is acceptable.",
    appliesTo: [TYPES.backupPlan],
    scope: "resource",
    config: {
        maxRpoMinutes: {
            type: "number",
            exclusiveMinimum: 0,
            default: 15,
            description: "Largest allowed recovery point objective (rpoMinutes), in minutes.",
        },
        maxRtoMinutes: {
            type: "number",
            exclusiveMinimum: 0,
            default: 30,
            description: "Largest allowed recovery time objective (rtoMinutes), in minutes.",
        },
    },
    check(subject, config) {
        const plan = planOf(subject);
        const what = `backup plan ${subject.name}`;
        const found: Violation[] = [];
        const rpo = plan.rpoMinutes;
        const rpoValid = typeof rpo === "number" && rpo > 0;
        if (!rpoValid || rpo > config.maxRpoMinutes) {
            found.push({
                message: `${what} declares an RPO of ${JSON.stringify(rpo)} min; at most ${config.maxRpoMinutes} min is required`,
            });
        }
        if (plan.incrementalSchedule === undefined || plan.incrementalSchedule.trim() === "") {
            found.push({
                message: `${what} has no incrementalSchedule, so only full backups bound the RPO of ${JSON.stringify(rpo)} min`,
            });
        } else {
            const gap = scheduleGap(plan.incrementalSchedule);
            if (!gap.ok)
                found.push({ message: `${what} has an invalid incrementalSchedule: ${gap.error}` });
            else if (!Number.isFinite(gap.minutes))
                found.push({
                    message: `${what} has incrementalSchedule "${plan.incrementalSchedule}", which never runs`,
                });
            else if (rpoValid && gap.minutes > rpo) {
                found.push({
                    message: `${what} has incrementalSchedule "${plan.incrementalSchedule}" with up to ${gap.minutes} min between runs, longer than its RPO of ${rpo} min`,
                });
            }
        }
        const rto = plan.rtoMinutes;
        if (!(typeof rto === "number" && rto > 0 && rto <= config.maxRtoMinutes)) {
            found.push({
                message: `${what} declares an RTO of ${JSON.stringify(rto)} min; at most ${config.maxRtoMinutes} min is required`,
            });
        }
        return found;
    },
};
