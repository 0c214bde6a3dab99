import { certificateRef } from "../../lib/frameworks";
import type { StackRule, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { monitoringsOf, serviceContainers } from "./support/services";

/** Config of CHOM-OBS-002. */
export type ExportersScrapedConfig = {
    /** A container whose service ends with this is an exporter and must be scraped. */
    exporterSuffix: string;
    /** Other services that expose metrics and must be scraped. */
    scrapedServices: string[];
};

const ITEM = "Monitoring active on all components";

/** CHOM-OBS-002: an exporter nobody scrapes costs memory and proves nothing. */
export const exportersScraped: StackRule<ExportersScrapedConfig> = {
    id: "CHOM-OBS-002",
    policyName: "chom-obs-exporters-scraped",
    title: "Every exporter and the app are scraped by Prometheus",
    category: "Observability",
    severity: "medium",
    framework: certificateRef(ITEM),
    description:
        "For each container whose service ends in `-exporter`, and for each configured metrics-exposing service (the app), " +
        "the Monitoring resource must list a scrape target with that service. The finding names the unscraped container.",
    remediation:
        "Add `{ job, service, target }` for the container to `scrapeTargets` of the chom:observability:Monitoring.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: an unscraped exporter or app loses visibility of one component but breaks nothing that is served, so an operator can accept the gap with a note.",
    appliesTo: [TYPES.container],
    scope: "stack",
    config: {
        exporterSuffix: {
            type: "string",
            minLength: 1,
            default: "-exporter",
            description: "Service name suffix that marks an exporter.",
        },
        scrapedServices: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["app"],
            description: "Services besides exporters whose metrics must be scraped.",
        },
    },
    check(resources, config) {
        const monitorings = monitoringsOf(resources);
        const scraped = new Set(
            monitorings.flatMap((m) =>
                (Array.isArray(m.props.scrapeTargets) ? m.props.scrapeTargets : []).map(
                    (t) => t.service,
                ),
            ),
        );
        const found: Violation[] = [];
        for (const c of serviceContainers(resources)) {
            if (
                !c.service.endsWith(config.exporterSuffix) &&
                !config.scrapedServices.includes(c.service)
            )
                continue;
            if (monitorings.length === 0) {
                found.push({
                    urn: c.subject.urn,
                    message: `container ${c.name} (service ${c.service}) is not scraped: the stack declares no chom:observability:Monitoring`,
                });
            } else if (!scraped.has(c.service)) {
                found.push({
                    urn: c.subject.urn,
                    message: `container ${c.name} (service ${c.service}) is not scraped: no scrape target has service ${c.service}`,
                });
            }
        }
        return found;
    },
};
