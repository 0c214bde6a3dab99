import { cisDocker } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName } from "./support/container-facts";

/** CHOM-RES-010: a privileged container is root on the host (all devices, all capabilities). */
export const noPrivileged: ResourceRule = {
    id: "CHOM-RES-010",
    policyName: "chom-res-no-privileged",
    title: "No container runs privileged",
    category: "Security",
    severity: "critical",
    framework: cisDocker("5.5 Ensure that privileged containers are not used"),
    description:
        "`privileged: true` gives the container every capability and every host device, which makes a container escape trivial.",
    remediation:
        "Remove `privileged`; add only the capabilities or devices the service really needs.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: a privileged container is root on the host, so a compromise of it is a compromise of every service and all data; CIS Docker 1.6.0 5.5.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {},
    check(subject) {
        const c = subject.props as ContainerProps;
        return c.privileged === true
            ? [
                  {
                      message: `container ${containerName(subject)} runs privileged (privileged: true); it must not`,
                  },
              ]
            : [];
    },
};
