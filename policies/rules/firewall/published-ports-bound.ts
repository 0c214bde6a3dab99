import { cisDocker } from "../../lib/frameworks";
import { notApplicable, ResourceRule, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import {
    containerName,
    FRONT_DOOR_PORTS_PROPERTY,
    publishedPorts,
    worldBindingFinding,
} from "./support/firewall-view";

/** Config of CHOM-FW-005. */
export type PublishedPortsBoundConfig = {
    /** Front-door host ports that face the world by design (80, 443). */
    worldOpenPorts: number[];
};

/** CHOM-FW-005: a port published without an address listens on every interface, past ufw. */
export const publishedPortsBound: ResourceRule<PublishedPortsBoundConfig> = {
    id: "CHOM-FW-005",
    policyName: "chom-fw-published-ports-bound",
    title: "Every published container port is bound to an explicit host address",
    category: "Security",
    severity: "high",
    framework: cisDocker("5.14 (bind incoming container traffic to a specific host interface)"),
    description:
        "Each entry of a container's `ports` must set `ip` to a specific host address. Without one the docker provider binds " +
        "0.0.0.0 (its schema default), and 0.0.0.0 or :: accept connections on every interface through Docker's own NAT rules. " +
        "The front-door ports in worldOpenPorts (80, 443) face the world by design and are not findings.",
    remediation:
        "Set `ip` on the published port to the host's address (e.g. the management address, or 127.0.0.1 for local-only use).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: a port published without an address is bound to 0.0.0.0 and reachable through Docker's NAT rules whatever ufw says, so a firewall that looks closed is open; CIS Docker 1.6.0 5.14.",
    appliesTo: [TYPES.container],
    certificateItem: "Firewall rules configured correctly",
    scope: "resource",
    config: {
        worldOpenPorts: FRONT_DOOR_PORTS_PROPERTY,
    },
    check(subject, config) {
        const name = containerName(subject);
        const ports = publishedPorts(subject);
        if (ports.length === 0) return notApplicable(`container ${name} publishes no port`);
        const found: Violation[] = [];
        for (const port of ports) {
            if (config.worldOpenPorts.includes(port.external ?? port.internal)) continue;
            const message = worldBindingFinding(port, name, "bind it to an explicit host address");
            if (message !== undefined) found.push({ message });
        }
        return found;
    },
};
