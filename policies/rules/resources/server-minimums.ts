import { certificatePartRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { ServerProps, TYPES } from "../../lib/subjects";

/** Config of CHOM-RES-017. */
export type ServerMinimumsConfig = {
    /** Fewest cores (`nproc`). */
    minCores: number;
    /** Least usable memory in GiB (`free`), compared with `usableMemoryGib`. */
    minMemoryGib: number;
    /** Least root filesystem size in GB (`df /`). */
    minFreeDiskGb: number;
};

/**
 * CHOM-RES-017: the certificate's hardware minimums, read literally against what the kernel
 * reports. A "8 GB" host with 7.6 GiB usable fails the 8 GiB minimum: an honest finding the
 * certificate must show (lower minMemoryGib in policy config, with a reason, to accept it).
 */
export const serverMinimums: ResourceRule<ServerMinimumsConfig> = {
    id: "CHOM-RES-017",
    policyName: "chom-res-server-minimums",
    title: "The server meets the certificate's minimum CPU, memory and disk",
    category: "Performance",
    severity: "medium",
    framework: certificatePartRef(
        "Appendix C",
        "Server Specifications (>= 4 cores, >= 8 GB RAM, >= 50 GB free on /)",
    ),
    description:
        "The declared server must have at least minCores cores, minMemoryGib GiB of memory the kernel reports usable (not the " +
        "nominal size), and a root filesystem of at least minFreeDiskGb GB.",
    remediation:
        "Declare (and provision) a bigger server, or record why the smaller one is accepted by lowering the minimum in policy config.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: the host's size is bought, not declared, so the stack cannot fix it; whether the containers fit the real memory is judged by RES-003, which blocks, and an operator can accept a certificate minimum missed by a margin (7.6 GiB usable of 8 GB) with a note.",
    appliesTo: [TYPES.server],
    scope: "resource",
    config: {
        minCores: {
            type: "number",
            minimum: 0,
            default: 4,
            description: "Fewest CPU cores (nproc).",
        },
        minMemoryGib: {
            type: "number",
            minimum: 0,
            default: 8,
            description:
                "Least usable memory in GiB, compared with usableMemoryGib (what free reports).",
        },
        minFreeDiskGb: {
            type: "number",
            minimum: 0,
            default: 50,
            description: "Least root filesystem size in GB (df /).",
        },
    },
    check(subject, config) {
        const s = subject.props as unknown as ServerProps;
        const host = s.hostname ?? subject.name;
        const found: Violation[] = [];
        const below = (value: unknown, min: number) => typeof value !== "number" || !(value >= min);
        if (below(s.cpuCores, config.minCores)) {
            found.push({
                message: `server ${host} has ${JSON.stringify(s.cpuCores)} CPU cores; at least ${config.minCores} are required`,
            });
        }
        if (below(s.usableMemoryGib, config.minMemoryGib)) {
            found.push({
                message: `server ${host} has ${JSON.stringify(s.usableMemoryGib)} GiB usable memory (${JSON.stringify(s.memoryGb)} GB nominal); at least ${config.minMemoryGib} GiB is required`,
            });
        }
        if (below(s.rootFsGb, config.minFreeDiskGb)) {
            found.push({
                message: `server ${host} has a ${JSON.stringify(s.rootFsGb)} GB root filesystem; at least ${config.minFreeDiskGb} GB is required`,
            });
        }
        return found;
    },
};
