import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { MonitoringProps, TYPES } from "../../lib/subjects";

/** Config of CHOM-OBS-006. */
export type LokiRetentionConfig = {
    /** Fewest days Loki keeps logs. */
    minRetentionDays: number;
    /** Services whose logs must reach Loki. */
    requiredLogs: string[];
};

const ITEM = "Logs aggregating (Loki)";

/** CHOM-OBS-006: an incident found on day 20 needs the logs of day 1. */
export const lokiRetentionAndLogs: ResourceRule<LokiRetentionConfig> = {
    id: "CHOM-OBS-006",
    policyName: "chom-obs-loki-retention-and-logs",
    title: "Loki keeps logs long enough, and app, nginx and mysql logs are shipped",
    category: "Observability",
    severity: "low",
    framework: certificateRef(ITEM),
    description:
        "The Monitoring resource's `lokiRetentionDays` must be at least the configured minimum (30), and `shippedLogs` must " +
        "include every required service (app, nginx, mysql).",
    remediation:
        "Raise Loki's retention (`lokiRetentionDays`) and add the missing services to the log shipper's sources (`shippedLogs`).",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: short Loki retention or an unshipped log loses history for investigations but does not affect the site, so an operator can accept it with a note.",
    appliesTo: [TYPES.monitoring],
    scope: "resource",
    config: {
        minRetentionDays: {
            type: "integer",
            minimum: 1,
            default: 30,
            description: "Fewest days Loki keeps logs.",
        },
        requiredLogs: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["app", "nginx", "mysql"],
            description: "Services whose logs must be shipped to Loki.",
        },
    },
    check(subject, config) {
        const props = subject.props as unknown as MonitoringProps;
        const found: Violation[] = [];
        const days = props.lokiRetentionDays;
        if (typeof days !== "number" || days < config.minRetentionDays) {
            found.push({
                message: `monitoring ${subject.name} keeps Loki logs ${JSON.stringify(days ?? null)} days: at least ${config.minRetentionDays} days required`,
            });
        }
        const shipped = Array.isArray(props.shippedLogs) ? props.shippedLogs : [];
        const missing = config.requiredLogs.filter((s) => !shipped.includes(s));
        if (missing.length > 0) {
            found.push({
                message: `monitoring ${subject.name} does not ship logs of ${missing.join(", ")} to Loki (shipped: ${shipped.join(", ") || "none"})`,
            });
        }
        return found;
    },
};
