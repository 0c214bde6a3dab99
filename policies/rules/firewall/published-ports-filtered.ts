import { certificateRef } from "../../lib/frameworks";
import { notApplicable, StackRule, Subject, Violation } from "../../lib/rule";
import { rangeIncludes } from "../../lib/net";
import { TYPES } from "../../lib/subjects";
import {
    containerName,
    FRONT_DOOR_PORTS_PROPERTY,
    ParsedFirewall,
    publishedPorts,
    readFirewall,
} from "./support/firewall-view";
import {
    at,
    describeGrantPorts,
    groupGrants,
    readRenderedFirewall,
} from "./support/rendered-ruleset";

/**
 * CHOM-FW-006: the firewall must know about every port Docker publishes, and must sit where
 * Docker's traffic passes (DOCKER-USER): ufw's INPUT chain never sees published-port traffic.
 */
/** Config of CHOM-FW-006. */
export type PublishedPortsFilteredConfig = {
    /** Front-door host ports that face the world by design (80, 443). */
    worldOpenPorts: number[];
};

export const publishedPortsFiltered: StackRule<PublishedPortsFilteredConfig> = {
    id: "CHOM-FW-006",
    policyName: "chom-fw-published-ports-filtered",
    title: "Every published container port is covered by a firewall rule enforced in DOCKER-USER",
    category: "Security",
    severity: "high",
    framework: certificateRef("Firewall rules configured correctly"),
    description:
        "For every container port published on a non-loopback address, a firewall rule must exist for that host port and protocol, " +
        "and the firewall must be enforced in Docker's DOCKER-USER chain (`enforcedInDockerUserChain`), since published ports are " +
        "forwarded by Docker's NAT rules before ufw's INPUT chain. A port published on a random host port cannot be covered. " +
        "A stack that publishes ports without a chom:host:Firewall fails on each publishing container. Ports bound to loopback need no rule, " +
        "nor do the front-door ports in worldOpenPorts (80, 443), open to the world by design.",
    remediation:
        "Add a firewall rule for each published host port/protocol with the sources allowed to reach it, set `external` on every " +
        "published port, and set `enforcedInDockerUserChain: true` (rules rendered into the DOCKER-USER chain or the nftables forward hook).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: Docker forwards published ports before ufw's INPUT chain, so a published port that no DOCKER-USER rule covers is exposed although the firewall config looks complete.",
    appliesTo: [TYPES.container, TYPES.firewall],
    certificateItem: "Firewall rules configured correctly",
    scope: "stack",
    config: {
        worldOpenPorts: FRONT_DOOR_PORTS_PROPERTY,
    },
    check(resources, config) {
        const firewalls: { urn: string; fw: ParsedFirewall; subject: Subject }[] = resources
            .filter((r) => r.type === TYPES.firewall)
            .map((r) => ({ urn: r.urn, fw: readFirewall(r), subject: r }));
        const found: Violation[] = [];
        let anyPublished = false;
        for (const subject of resources.filter((r) => r.type === TYPES.container)) {
            const name = containerName(subject);
            // Loopback-bound ports are not reachable from outside the host: nothing to filter.
            const exposed = publishedPorts(subject).filter(
                (p) => !p.loopback && !config.worldOpenPorts.includes(p.external ?? p.internal),
            );
            if (exposed.length === 0) continue;
            anyPublished = true;
            if (firewalls.length === 0) {
                found.push({
                    urn: subject.urn,
                    message: `container ${name} publishes ${exposed.map((p) => p.label).join(", ")} but the stack declares no chom:host:Firewall to filter them`,
                });
                continue;
            }
            for (const port of exposed) {
                if (port.external === undefined) {
                    found.push({
                        urn: subject.urn,
                        message: `${port.label} of container ${name} cannot be covered by a firewall rule: set a fixed external port`,
                    });
                    continue;
                }
                const external = port.external;
                const covered = firewalls.some(({ fw }) =>
                    fw.rules.some(
                        (r) =>
                            r.rule.protocol === port.protocol.toLowerCase() &&
                            rangeIncludes(r.ports, external),
                    ),
                );
                if (!covered) {
                    found.push({
                        urn: subject.urn,
                        message: `${port.label} of container ${name} is not covered by any firewall rule: add a rule for ${external}/${port.protocol} with the sources allowed to reach it`,
                    });
                }
            }
        }
        if (!anyPublished)
            return notApplicable("no container publishes a port on a non-loopback address");
        for (const { urn, fw, subject } of firewalls) {
            for (const message of fw.problems) found.push({ urn, message });
            const enforced = fw.props.enforcedInDockerUserChain;
            if (enforced !== true) {
                found.push({
                    urn,
                    message: `firewall ${fw.name} is not enforced in the DOCKER-USER chain (enforcedInDockerUserChain ${JSON.stringify(enforced ?? null)}) while containers publish ports: Docker-published traffic bypasses its rules`,
                });
            }
            // The rendered DOCKER-USER chain must be there, end in a drop, and let through only
            // what is declared.
            const view = readRenderedFirewall(subject);
            if (view.problem !== undefined) {
                found.push({ urn, message: view.problem });
                continue;
            }
            const declared = `firewall ${fw.name} declares enforcedInDockerUserChain ${JSON.stringify(enforced ?? null)}`;
            if (enforced !== true) {
                if (view.dockerUser.length > 0)
                    found.push({
                        urn,
                        message: `${declared} but its rendered nftables ruleset has a DOCKER-USER chain (chain ${view.dockerUser[0].chain})`,
                    });
                continue;
            }
            if (view.dockerUser.length === 0) {
                found.push({
                    urn,
                    message: `${declared} but its rendered nftables ruleset has no DOCKER-USER chain: Docker-published traffic bypasses its rules`,
                });
                continue;
            }
            for (const chain of view.dockerUser.filter((c) => c.defaultVerdict !== "drop")) {
                found.push({
                    urn,
                    message: `${declared} but its rendered DOCKER-USER chain lets every published port through (chain ${chain.chain}: ${chain.defaultWhere})`,
                });
            }
            for (const { first, sources } of groupGrants(
                view.extra.filter((g) => g.kind === "docker-user"),
            )) {
                found.push({
                    urn,
                    message: `firewall ${fw.name}'s rendered DOCKER-USER chain lets ${describeGrantPorts(first)} through from ${sources.join(", ")} ${at(first)}, which no declared rule does`,
                });
            }
        }
        return found;
    },
};
