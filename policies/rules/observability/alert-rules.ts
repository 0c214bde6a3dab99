import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { MonitoringProps, TYPES } from "../../lib/subjects";
import { acceptedNamesProperty, unmet } from "./support/accepted-names";

/** Config of CHOM-OBS-003. */
export type AlertRulesConfig = {
    /** Concept → alert rule names that cover it (any one is enough). */
    requiredAlerts: Record<string, string[]>;
};

const ITEM = "Alerting rules configured";

/**
 * CHOM-OBS-003: the failures that take CHOM down (host, disk, memory, certificate, backups) must
 * page someone.
 */
export const alertRules: ResourceRule<AlertRulesConfig> = {
    id: "CHOM-OBS-003",
    policyName: "chom-obs-alert-rules",
    title: "Alert rules cover host down, disk, memory, certificate expiry and backup failure",
    category: "Observability",
    severity: "medium",
    framework: certificateRef(ITEM),
    description:
        "The Monitoring resource's `alertRules` must include, for every required concept, one of the rule names accepted for it " +
        "(defaults: InstanceDown, DiskSpaceLow, MemoryHigh, CertificateExpiringSoon, BackupFailed).",
    remediation: "Load the missing alert rules into Prometheus and list them in `alertRules`.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: missing alert rules delay the response to an incident but do not cause one, and an operator may alert from another system, so a note is acceptable.",
    appliesTo: [TYPES.monitoring],
    certificateItem: ITEM,
    scope: "resource",
    config: {
        requiredAlerts: acceptedNamesProperty(
            {
                "host down": ["InstanceDown"],
                disk: ["DiskSpaceLow"],
                memory: ["MemoryHigh"],
                "certificate expiry": ["CertificateExpiringSoon"],
                "backup failure": ["BackupFailed"],
            },
            "Required alert concept → accepted alert rule names.",
        ),
    },
    check(subject, config) {
        const loaded = (subject.props as unknown as MonitoringProps).alertRules;
        const names = new Set(Array.isArray(loaded) ? loaded : []);
        const missing = unmet(config.requiredAlerts, names).map(
            ([concept, accepted]) => `${concept} (${accepted.join(" or ")})`,
        );
        if (missing.length === 0) return [];
        return [
            { message: `monitoring ${subject.name} has no alert rule for ${missing.join(", ")}` },
        ];
    },
};
