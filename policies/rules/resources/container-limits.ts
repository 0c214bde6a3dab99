import { cisDocker } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";

/** CHOM-RES-001: a container without limits can starve every other container on the host. */
export const containerLimits: ResourceRule = {
    id: "CHOM-RES-001",
    policyName: "chom-res-container-limits",
    title: "Every container has a CPU and a memory limit",
    category: "Performance",
    severity: "high",
    framework: cisDocker("5.11 (memory), 5.12 (CPU)"),
    description:
        "A container with no memory or CPU limit can take the whole host: one runaway PHP worker or query starves MySQL and nginx. The original compose file set no limit on any container.",
    remediation:
        "Set `cpu` and `memoryMb` for the service in the stack file (`chom:services.<name>`); the program turns them into `cpus` and `memory`.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: one container without limits can take all memory or CPU and starve MySQL and nginx, taking the whole site down (the original compose file set none); CIS Docker 1.6.0 5.11 and 5.12.",
    appliesTo: [TYPES.container],
    certificateItem: undefined,
    scope: "resource",
    config: {},
    check(subject) {
        const c = subject.props as ContainerProps;
        const missing: string[] = [];
        if (!c.memory || c.memory <= 0) missing.push("memory limit (`memory`)");
        if (!c.cpus || !(Number(c.cpus) > 0)) missing.push("CPU limit (`cpus`)");
        return missing.length
            ? [
                  {
                      message: `container ${c.name ?? subject.name} has no ${missing.join(" and no ")}`,
                  },
              ]
            : [];
    },
};
