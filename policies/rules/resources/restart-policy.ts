import type { ResourceRule } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName } from "./container-facts";

const RESTARTING = ["unless-stopped", "always", "on-failure"];

/**
 * CHOM-RES-008: a container that is not restarted stays down after a crash or a host reboot.
 * The docker provider's Check fills in `restart = "no"` when the program sets none, so an
 * unset policy arrives here as "no" (and is treated as such if it does not).
 */
export const restartPolicy: ResourceRule = {
    id: "CHOM-RES-008",
    policyName: "chom-res-restart-policy",
    title: "Every container has a restart policy",
    category: "Reliability",
    severity: "medium",
    framework: { name: "CIS Docker Benchmark", version: "1.6.0", reference: "5.15 Ensure that the 'on-failure' container restart policy is set to '5'" },
    description:
        `The container's \`restart\` must be one of ${RESTARTING.map((r) => `"${r}"`).join(", ")}. The docker provider defaults it to "no", ` +
        "so a container declared without one never comes back after a crash or a reboot.",
    remediation: 'Set `restart: "unless-stopped"` on the container (the program does so for every `chom:services` entry).',
    enforcementLevel: "advisory",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {},
    check(subject) {
        const c = subject.props as ContainerProps;
        const restart = c.restart ?? "no";
        if (RESTARTING.includes(restart)) return [];
        const note = c.restart === undefined ? " (unset: the docker provider's default)" : "";
        return [{
            message: `container ${containerName(subject)} has restart policy "${restart}"${note}; it must be "unless-stopped", "always" or "on-failure"`,
        }];
    },
};
