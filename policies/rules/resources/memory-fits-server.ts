import { certificatePartRef } from "../../lib/frameworks";
import type { StackRule, Violation } from "../../lib/rule";
import { formatMb } from "../../lib/sizes";
import { ContainerProps, ServerProps, TYPES } from "../../lib/subjects";
import { containerName, containersOf, round } from "./support/container-facts";

/** Config of CHOM-RES-003. */
export type MemoryFitsServerConfig = {
    /** MB kept for the OS, the docker daemon and page cache. */
    osHeadroomMb: number;
};

/**
 * CHOM-RES-003: the memory limits must add up to less than the host really has, or the
 * kernel's OOM killer picks the victim under load. Assumes one Docker host per stack (the
 * design's): every container of the stack is counted against each declared server.
 */
export const memoryFitsServer: StackRule<MemoryFitsServerConfig> = {
    id: "CHOM-RES-003",
    policyName: "chom-res-memory-fits-server",
    title: "The containers' memory limits fit the server",
    category: "Performance",
    severity: "high",
    framework: certificatePartRef("Infrastructure Attestation", "Capacity Planning"),
    description:
        "The sum of every container's memory limit must fit the memory the kernel reports usable (`usableMemoryGib`, not the nominal " +
        "size sold) minus headroom for the OS and docker. A container without a limit makes the sum unprovable. Otherwise all " +
        "containers can be within their limits while the host runs out of memory.",
    remediation:
        "Lower memory limits in `chom:services`, move services (e.g. monitoring) to another host, or declare a bigger server.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: when the memory limits add up to more than the host has usable, the OOM killer picks a victim under load (often MySQL) and takes the site down, although every container is within its limit.",
    appliesTo: [TYPES.server],
    scope: "stack",
    config: {
        osHeadroomMb: {
            type: "number",
            minimum: 0,
            default: 1024,
            description:
                "MB of the usable memory kept for the OS, the docker daemon and page cache.",
        },
    },
    check(resources, config) {
        const servers = resources.filter((r) => r.type === TYPES.server);
        const containers = containersOf(resources);
        const found: Violation[] = [];
        for (const server of servers) {
            const s = server.props as unknown as ServerProps;
            const host = s.hostname ?? server.name;
            if (typeof s.usableMemoryGib !== "number" || !(s.usableMemoryGib > 0)) {
                found.push({
                    urn: server.urn,
                    message: `server ${host} declares usableMemoryGib ${JSON.stringify(s.usableMemoryGib)}, which is not a positive number of GiB`,
                });
                continue;
            }
            const unlimited = containers
                .filter((c) => !(((c.props as ContainerProps).memory ?? 0) > 0))
                .map(containerName);
            if (unlimited.length > 0) {
                found.push({
                    urn: server.urn,
                    message: `server ${host}: the containers cannot be shown to fit its ${s.usableMemoryGib} GiB: ${unlimited.length} container(s) have no memory limit (${unlimited.join(", ")})`,
                });
            }
            const sumMb = containers.reduce(
                (total, c) => total + Math.max((c.props as ContainerProps).memory ?? 0, 0),
                0,
            );
            const usableMb = s.usableMemoryGib * 1024;
            const budgetMb = usableMb - config.osHeadroomMb;
            if (sumMb > budgetMb) {
                found.push({
                    urn: server.urn,
                    message:
                        `server ${host}: the containers' memory limits sum to ${formatMb(sumMb)} (${round(sumMb / 1024)} GiB), above the ` +
                        `${formatMb(round(budgetMb, 1))} (${round(budgetMb / 1024)} GiB) available: ${s.usableMemoryGib} GiB usable (${formatMb(round(usableMb, 1))}) ` +
                        `minus ${config.osHeadroomMb} MB OS headroom`,
                });
            }
        }
        return found;
    },
};
