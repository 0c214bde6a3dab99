import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { planOf } from "./support/plan-facts";

/** Config of CHOM-BAK-006. */
export type RestoreTestedConfig = {
    /** Most days allowed between automated restore tests. */
    maxDays: number;
};

/** CHOM-BAK-006: a backup never restored is a hope, not a backup. */
export const restoreTested: ResourceRule<RestoreTestedConfig> = {
    id: "CHOM-BAK-006",
    policyName: "chom-bak-restore-tested",
    title: "Restores are tested on a schedule",
    category: "Reliability",
    severity: "high",
    framework: certificateRef("Disaster recovery tested successfully"),
    description:
        "The backup plan's `restoreTestEveryDays` must be a positive number of days no larger than maxDays: an automated restore proves the backups are usable and measures the RTO.",
    remediation:
        "Schedule an automated restore test (into a scratch database) at least every maxDays days and set `restoreTestEveryDays`.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        'Mandatory: an untested restore is how teams learn during an incident that their backups are unusable; the certificate\'s "Disaster recovery tested successfully" needs scheduled restore tests.',
    appliesTo: [TYPES.backupPlan],
    scope: "resource",
    config: {
        maxDays: {
            type: "number",
            exclusiveMinimum: 0,
            default: 30,
            description: "Most days allowed between automated restore tests.",
        },
    },
    check(subject, config) {
        const every = planOf(subject).restoreTestEveryDays;
        if (typeof every === "number" && every > 0 && every <= config.maxDays) return [];
        const found =
            typeof every === "number" && every <= 0
                ? `never tests a restore (restoreTestEveryDays ${every})`
                : `tests a restore every ${JSON.stringify(every)} days`;
        return [
            {
                message: `backup plan ${subject.name} ${found}; a restore test at least every ${config.maxDays} days is required`,
            },
        ];
    },
};
