import { certificateRef } from "../../lib/frameworks";
import { notApplicable, StackRule, Subject, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { acceptedNamesProperty, unmet } from "./support/accepted-names";
import { monitoringsOf, serviceContainers } from "./support/services";

/** Config of CHOM-OBS-001. */
export type StackPresentConfig = {
    /** Component → service names that count as it (any one is enough). */
    requiredComponents: Record<string, string[]>;
};

const ITEM = "Metrics collecting (Prometheus)";

/**
 * CHOM-OBS-001: without metrics, logs and dashboards, nobody knows the stack is failing until users
 * say so.
 */
export const stackPresent: StackRule<StackPresentConfig> = {
    id: "CHOM-OBS-001",
    policyName: "chom-obs-stack-present",
    title: "Prometheus, Grafana, Loki and a log shipper run as containers",
    category: "Observability",
    severity: "medium",
    framework: certificateRef(ITEM),
    description:
        "The stack must run a container for each required component (Prometheus, Grafana, Loki, and a log shipper: Alloy or " +
        "Promtail), found by the `chom.service` label or, without one, by image name, and must declare a " +
        "chom:observability:Monitoring (scrape targets, alert rules, log retention). Findings are reported on the Monitoring " +
        "resource, or on the server when there is none.",
    remediation:
        "Add the missing services to the stack file (`chom:services`) and declare the Monitoring component.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: a stack without Prometheus, Grafana and Loki keeps serving but runs blind; an operator may monitor from elsewhere (another stack file may move the tier to mentat_tst) and accept the finding with a note.",
    appliesTo: [TYPES.monitoring],
    scope: "stack",
    config: {
        requiredComponents: acceptedNamesProperty(
            {
                prometheus: ["prometheus"],
                grafana: ["grafana"],
                loki: ["loki"],
                "log shipper": ["alloy", "promtail"],
            },
            "Required component → accepted service names (label chom.service, or image name).",
        ),
    },
    check(resources, config) {
        const monitorings = monitoringsOf(resources);
        const anchor: Subject | undefined =
            monitorings[0]?.subject ??
            resources.find((r) => r.type === TYPES.server) ??
            resources.find((r) => r.type === TYPES.stack) ??
            resources[0];
        if (anchor === undefined) return notApplicable("the stack has no resources");
        const services = new Set(serviceContainers(resources).map((c) => c.service));
        const found: Violation[] = [];
        if (monitorings.length === 0) {
            found.push({
                urn: anchor.urn,
                message:
                    "the stack declares no chom:observability:Monitoring (scrape targets, alert rules, log retention)",
            });
        }
        const missing = unmet(config.requiredComponents, services).map(
            ([component, accepted]) => `${component} container (service ${accepted.join(" or ")})`,
        );
        if (missing.length > 0)
            found.push({ urn: anchor.urn, message: `the stack runs no ${missing.join(", no ")}` });
        return found;
    },
};
