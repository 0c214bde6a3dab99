import { cisDocker } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { Allowance, allowListFindings, allowListProperty } from "./support/allow-list";

/** One allowed host namespace of a service. */
export type NamespaceAllowance = Allowance & { namespace: string };

/** Config of CHOM-RES-018. */
export type NoHostNamespacesConfig = {
    allowed: NamespaceAllowance[];
};

/** The container inputs that can share a host namespace, with the CIS section of each. */
const NAMESPACES: {
    key: "networkMode" | "pidMode" | "ipcMode" | "usernsMode";
    namespace: string;
    cis: string;
    risk: string;
}[] = [
    {
        key: "networkMode",
        namespace: "network",
        cis: "5.9",
        risk: "it sees and binds every host interface, past Docker's port publishing and the DOCKER-USER chain",
    },
    {
        key: "pidMode",
        namespace: "pid",
        cis: "5.15",
        risk: "it sees and can signal every host process",
    },
    {
        key: "ipcMode",
        namespace: "ipc",
        cis: "5.16",
        risk: "it reads and writes the host's shared memory",
    },
    {
        key: "usernsMode",
        namespace: "userns",
        cis: "5.30",
        risk: "it opts out of the daemon's user-namespace remapping, so its root is the host's root",
    },
];

/** CHOM-RES-018: a container sharing a host namespace is only partly a container. */
export const noHostNamespaces: ResourceRule<NoHostNamespacesConfig> = {
    id: "CHOM-RES-018",
    policyName: "chom-res-no-host-namespaces",
    title: "No container shares the host's network, PID, IPC or user namespace",
    category: "Security",
    severity: "high",
    framework: cisDocker(
        "5.9 network, 5.15 PID, 5.16 IPC, 5.20 UTS, 5.30 user namespaces (host namespaces not shared)",
    ),
    description:
        "`networkMode`, `pidMode`, `ipcMode` or `usernsMode` set to `host` removes that isolation. The docker provider's Check " +
        "defaults `networkMode` to `bridge`; it has no UTS-namespace input (CIS 5.20), so that one cannot be shared from Pulumi.",
    remediation:
        "Remove the `host` mode: publish the ports the service needs on a docker network (bound to an explicit address) instead of " +
        "the host network; if a service truly needs one (e.g. a host-level agent), list it in `allowed` with a reason.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: sharing the host's network, PID, IPC or user namespace removes the isolation the container exists for: it sees and reaches every host process and socket.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        allowed: allowListProperty(
            "namespace",
            "network, pid, ipc or userns.",
            "Services allowed to share one host namespace, each with a reason.",
        ),
    },
    check(subject, config) {
        return allowListFindings(subject, config.allowed, {
            items: () => NAMESPACES,
            hit: (ns, c) => {
                const mode = c[ns.key];
                return typeof mode === "string" && mode.trim().toLowerCase() === "host"
                    ? { ns, mode }
                    : undefined;
            },
            excuses: (a, { ns }) => a.namespace === ns.namespace,
            message: ({ ns, mode }, name) =>
                `container ${name} shares the host's ${ns.namespace} namespace (${ns.key}: "${mode}", CIS ${ns.cis}): ${ns.risk}; it must use its own`,
        });
    },
};
