import { notApplicable, StackRule, Violation } from "../../lib/rule";
import { rangeIncludes } from "../../lib/net";
import { TYPES } from "../../lib/subjects";
import { containerName, ParsedFirewall, publishedPorts, readFirewall } from "./firewall-view";
import { FIREWALL_CERTIFICATE_REF, FIREWALL_ITEM } from "./framework";

/**
 * CHOM-FW-006: the firewall must know about every port Docker publishes, and must sit where
 * Docker's traffic passes (DOCKER-USER): ufw's INPUT chain never sees published-port traffic.
 */
export const publishedPortsFiltered: StackRule = {
    id: "CHOM-FW-006",
    policyName: "chom-fw-published-ports-filtered",
    title: "Every published container port is covered by a firewall rule enforced in DOCKER-USER",
    category: "Security",
    severity: "high",
    framework: FIREWALL_CERTIFICATE_REF,
    description:
        "For every container port published on a non-loopback address, a firewall rule must exist for that host port and protocol, " +
        "and the firewall must be enforced in Docker's DOCKER-USER chain (`enforcedInDockerUserChain`), since published ports are " +
        "forwarded by Docker's NAT rules before ufw's INPUT chain. A port published on a random host port cannot be covered. " +
        "A stack that publishes ports without a chom:host:Firewall fails on each publishing container. Ports bound to loopback need no rule.",
    remediation:
        "Add a firewall rule for each published host port/protocol with the sources allowed to reach it, set `external` on every " +
        "published port, and set `enforcedInDockerUserChain: true` (rules rendered into the DOCKER-USER chain or the nftables forward hook).",
    enforcementLevel: "mandatory",
    enforcementRationale: "Mandatory: Docker forwards published ports before ufw's INPUT chain, so a published port that no DOCKER-USER rule covers is exposed although the firewall config looks complete.",
    appliesTo: [TYPES.container, TYPES.firewall],
    certificateItem: FIREWALL_ITEM,
    scope: "stack",
    config: {},
    check(resources) {
        const firewalls: { urn: string; fw: ParsedFirewall }[] = resources
            .filter((r) => r.type === TYPES.firewall)
            .map((r) => ({ urn: r.urn, fw: readFirewall(r) }));
        const found: Violation[] = [];
        let anyPublished = false;
        for (const subject of resources.filter((r) => r.type === TYPES.container)) {
            const name = containerName(subject);
            // Loopback-bound ports are not reachable from outside the host: nothing to filter.
            const exposed = publishedPorts(subject).filter((p) => !p.loopback);
            if (exposed.length === 0) continue;
            anyPublished = true;
            if (firewalls.length === 0) {
                found.push({ urn: subject.urn, message: `container ${name} publishes ${exposed.map((p) => p.label).join(", ")} but the stack declares no chom:host:Firewall to filter them` });
                continue;
            }
            for (const port of exposed) {
                if (port.external === undefined) {
                    found.push({ urn: subject.urn, message: `${port.label} of container ${name} cannot be covered by a firewall rule: set a fixed external port` });
                    continue;
                }
                const external = port.external;
                const covered = firewalls.some(({ fw }) => fw.rules.some((r) => r.rule.protocol === port.protocol.toLowerCase() && rangeIncludes(r.ports, external)));
                if (!covered) {
                    found.push({ urn: subject.urn, message: `${port.label} of container ${name} is not covered by any firewall rule: add a rule for ${external}/${port.protocol} with the sources allowed to reach it` });
                }
            }
        }
        if (!anyPublished) return notApplicable("no container publishes a port on a non-loopback address");
        for (const { urn, fw } of firewalls) {
            for (const message of fw.problems) found.push({ urn, message });
            const enforced = fw.props.enforcedInDockerUserChain;
            if (enforced !== true) {
                found.push({ urn, message: `firewall ${fw.name} is not enforced in the DOCKER-USER chain (enforcedInDockerUserChain ${JSON.stringify(enforced ?? null)}) while containers publish ports: Docker-published traffic bypasses its rules` });
            }
        }
        return found;
    },
};
