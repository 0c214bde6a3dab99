import { cisDocker } from "../../lib/frameworks";
import { posix } from "path";
import type { ResourceRule, Violation } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { serviceOf } from "../../lib/service-identity";
import { containerName } from "./support/container-facts";

/** Config of CHOM-RES-011. */
export type NoDockerSocketConfig = {
    /** Services (label chom.service) or container names allowed to mount the socket. */
    allowedServices: string[];
};

const SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

/** Why a host path exposes the docker socket, or undefined. A parent directory exposes it too. */
function exposure(hostPath: string): string | undefined {
    const path = posix.normalize(hostPath).replace(/(.)\/+$/, "$1");
    if (SOCKETS.includes(path)) return `mounts the docker socket ${path}`;
    const parent = SOCKETS.find((s) => s.startsWith(path === "/" ? "/" : `${path}/`));
    return parent ? `mounts ${path}, which contains the docker socket ${parent}` : undefined;
}

/** CHOM-RES-011: the docker socket is root on the host for whoever can write to it. */
export const noDockerSocket: ResourceRule<NoDockerSocketConfig> = {
    id: "CHOM-RES-011",
    policyName: "chom-res-no-docker-socket",
    title: "No container mounts the docker socket",
    category: "Security",
    severity: "critical",
    framework: cisDocker("5.32 Ensure that the Docker socket is not mounted inside any containers"),
    description:
        "A bind of /var/run/docker.sock or /run/docker.sock (or of a directory containing it, such as /var/run or /) in `volumes` " +
        "(hostPath) or `mounts` (bind source) lets the container start privileged containers, i.e. own the host. Only services " +
        "listed in allowedServices may do it.",
    remediation:
        "Remove the mount; if a service truly needs the API, use a read-only socket proxy and list the service in allowedServices with a reason.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: the docker socket inside a container lets it start privileged containers, i.e. own the host; CIS Docker 1.6.0 5.32.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        allowedServices: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description:
                "Services (label chom.service) or container names allowed to mount the docker socket.",
        },
    },
    check(subject, config) {
        const c = subject.props as ContainerProps;
        const name = containerName(subject);
        const service = serviceOf(subject);
        if (
            config.allowedServices.includes(name) ||
            (service !== undefined && config.allowedServices.includes(service))
        )
            return [];
        const found: Violation[] = [];
        for (const v of c.volumes ?? []) {
            const why = v.hostPath !== undefined ? exposure(v.hostPath) : undefined;
            if (why)
                found.push({
                    message: `container ${name} ${why} (volume to ${v.containerPath ?? "?"}); the docker socket must not be mounted`,
                });
        }
        for (const m of c.mounts ?? []) {
            const why =
                m.type === "bind" && m.source !== undefined ? exposure(m.source) : undefined;
            if (why)
                found.push({
                    message: `container ${name} ${why} (bind mount to ${m.target}); the docker socket must not be mounted`,
                });
        }
        return found;
    },
};
