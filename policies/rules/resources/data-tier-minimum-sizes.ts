import { certificatePartRef } from "../../lib/frameworks";
import { notApplicable, ResourceRule, Violation } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { serviceOf } from "../../lib/service-identity";
import { containerName, parseCpuCount } from "./support/container-facts";

/** Config of CHOM-RES-005. */
export type DataTierMinimumSizesConfig = {
    /** Smallest memory limit for the database (service mysql), MB. */
    minDatabaseMemoryMb: number;
    /** Smallest CPU limit for the database (service mysql), cores. */
    minDatabaseCpus: number;
    /** Smallest memory limit for the cache (service redis), MB. */
    minCacheMemoryMb: number;
};

/**
 * CHOM-RES-005: limits that are too tight turn a database or cache into the bottleneck (or an
 * OOM-kill loop). Missing limits are CHOM-RES-001's finding, not this rule's.
 */
export const dataTierMinimumSizes: ResourceRule<DataTierMinimumSizesConfig> = {
    id: "CHOM-RES-005",
    policyName: "chom-res-data-tier-minimum-sizes",
    title: "The database and cache containers are not sized below their minimums",
    category: "Performance",
    severity: "medium",
    framework: certificatePartRef("Appendix C", "Container Resources (Database, Cache)"),
    description:
        "MySQL (service `mysql`) needs at least the configured memory and CPU for its buffer pool and connections; Redis (service " +
        "`redis`) at least the configured memory for cache, sessions and queues. Other services are not judged.",
    remediation: "Raise `memoryMb` (and `cpu` for mysql) of the service in the stack file.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: an undersized database or cache is slow or evicts early, which load tests show, and the right minimum depends on the data set, so an operator can accept a smaller size with a note (memory that does not fit the host blocks under RES-003).",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        minDatabaseMemoryMb: {
            type: "number",
            minimum: 0,
            default: 1024,
            description: "Smallest memory limit (MB) for the mysql container.",
        },
        minDatabaseCpus: {
            type: "number",
            minimum: 0,
            default: 1,
            description: "Smallest CPU limit (cores) for the mysql container.",
        },
        minCacheMemoryMb: {
            type: "number",
            minimum: 0,
            default: 256,
            description: "Smallest memory limit (MB) for the redis container.",
        },
    },
    check(subject, config) {
        const c = subject.props as ContainerProps;
        const service = serviceOf(subject);
        if (service !== "mysql" && service !== "redis")
            return notApplicable("only the database (mysql) and cache (redis) have minimum sizes");
        const name = containerName(subject);
        const role = service === "mysql" ? "database" : "cache";
        const found: Violation[] = [];
        const minMemory =
            service === "mysql" ? config.minDatabaseMemoryMb : config.minCacheMemoryMb;
        if (c.memory !== undefined && c.memory > 0 && c.memory < minMemory) {
            found.push({
                message: `${role} container ${name} has a ${c.memory} MB memory limit; at least ${minMemory} MB is required`,
            });
        }
        const cpus = parseCpuCount(c.cpus);
        if (
            service === "mysql" &&
            cpus !== undefined &&
            cpus > 0 &&
            cpus < config.minDatabaseCpus
        ) {
            found.push({
                message: `${role} container ${name} has a CPU limit of ${cpus}; at least ${config.minDatabaseCpus} CPU is required`,
            });
        }
        return found;
    },
};
