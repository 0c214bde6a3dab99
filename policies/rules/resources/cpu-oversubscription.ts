import { certificatePartRef } from "../../lib/frameworks";
import type { StackRule, Violation } from "../../lib/rule";
import { ContainerProps, ServerProps, TYPES } from "../../lib/subjects";
import { containerName, containersOf, parseCpuCount, round } from "./support/container-facts";

/** Config of CHOM-RES-004. */
export type CpuOversubscriptionConfig = {
    /** Largest allowed ratio of summed CPU limits to the server's cores. */
    maxOversubscription: number;
};

/**
 * CHOM-RES-004: CPU limits may overlap (CPU is shared, not lost like memory), but far above
 * the cores they promise capacity that is not there when everything is busy at once.
 */
export const cpuOversubscription: StackRule<CpuOversubscriptionConfig> = {
    id: "CHOM-RES-004",
    policyName: "chom-res-cpu-oversubscription",
    title: "CPU limits do not oversubscribe the server beyond the allowed ratio",
    category: "Performance",
    severity: "medium",
    framework: certificatePartRef("Infrastructure Attestation", "Capacity Planning"),
    description:
        "The sum of the containers' CPU limits (`cpus`) divided by the server's `cpuCores` must stay at or below the configured " +
        "oversubscription ratio. Some oversubscription is normal; a large ratio means the limits protect nothing under load. " +
        "Containers without a CPU limit make the ratio unprovable.",
    remediation:
        "Lower `cpu` for services that do not need it (exporters, scheduler), or declare more cores.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: CPU oversubscription slows services under load but loses nothing, and some is normal on a shared host, so an operator can accept a higher ratio with a note.",
    appliesTo: [TYPES.server],
    scope: "stack",
    config: {
        maxOversubscription: {
            type: "number",
            exclusiveMinimum: 0,
            default: 2.0,
            description: "Largest allowed (sum of container cpus) / server cpuCores.",
        },
    },
    check(resources, config) {
        const containers = containersOf(resources);
        const found: Violation[] = [];
        for (const server of resources.filter((r) => r.type === TYPES.server)) {
            const s = server.props as unknown as ServerProps;
            const host = s.hostname ?? server.name;
            if (typeof s.cpuCores !== "number" || !(s.cpuCores > 0)) {
                found.push({
                    urn: server.urn,
                    message: `server ${host} declares cpuCores ${JSON.stringify(s.cpuCores)}, which is not a positive number`,
                });
                continue;
            }
            const cpusOf = (c: (typeof containers)[number]) =>
                parseCpuCount((c.props as ContainerProps).cpus);
            const unlimited = containers.filter((c) => !((cpusOf(c) ?? 0) > 0)).map(containerName);
            if (unlimited.length > 0) {
                found.push({
                    urn: server.urn,
                    message: `server ${host}: CPU oversubscription cannot be bounded: ${unlimited.length} container(s) have no CPU limit (${unlimited.join(", ")})`,
                });
            }
            // Summed in milli-CPUs: decimal fractions (0.1, 0.25) add up exactly.
            const sum =
                containers.reduce((total, c) => total + Math.round((cpusOf(c) ?? 0) * 1000), 0) /
                1000;
            const ratio = sum / s.cpuCores;
            if (ratio > config.maxOversubscription) {
                found.push({
                    urn: server.urn,
                    message: `server ${host}: the containers' CPU limits sum to ${round(sum)} CPUs on ${s.cpuCores} cores, an oversubscription of ${round(ratio)}x; at most ${config.maxOversubscription}x is allowed`,
                });
            }
        }
        return found;
    },
};
