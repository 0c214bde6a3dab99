import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { FirewallProps, TYPES } from "../../lib/subjects";
import {
    defaultAllows,
    describeDefaultInbound,
    describePorts,
    hasPortOutside,
    readFirewall,
    worldSources,
} from "./support/firewall-view";
import {
    at,
    describeGrantPorts,
    grantHasPortOutside,
    groupGrants,
    isWorldGrant,
    readRenderedFirewall,
    renderedDefaultAccepts,
} from "./support/rendered-ruleset";

/** Config of CHOM-FW-002. */
export type OnlyWebPortsWorldOpenConfig = {
    /** Ports a rule may open to the whole world (0.0.0.0/0, ::/0). */
    worldOpenPorts: number[];
};

/** CHOM-FW-002: the web server is the only thing the internet should be able to reach. */
export const onlyWebPortsWorldOpen: ResourceRule<OnlyWebPortsWorldOpenConfig> = {
    id: "CHOM-FW-002",
    policyName: "chom-fw-only-web-ports-world-open",
    title: "Only HTTP and HTTPS are open to the world",
    category: "Security",
    severity: "critical",
    framework: certificateRef("Firewall rules configured correctly"),
    description:
        "No firewall rule may accept a world source (any CIDR with prefix length 0, such as 0.0.0.0/0 or ::/0) on a port " +
        "other than the configured world-open ports (80 and 443). Everything else is reached from admin or monitoring sources only.",
    remediation:
        "Replace the world source of the rule with `adminSources` or `monitoringSources`, or remove the rule.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: any world-open port besides 80 and 443 puts a service never meant for the public in reach of every scanner on the internet; the landsraad firewall design opens only those two.",
    appliesTo: [TYPES.firewall],
    certificateItem: "Firewall rules configured correctly",
    scope: "resource",
    config: {
        worldOpenPorts: {
            type: "array",
            items: { type: "integer", minimum: 1, maximum: 65535 },
            default: [80, 443],
            description: "Ports a firewall rule may open to the whole world.",
        },
    },
    check(subject, config) {
        const fw = readFirewall(subject);
        const allowed = config.worldOpenPorts;
        const only = `only ${allowed.join(", ")} may be world-open`;
        const found: Violation[] = fw.problems.map((message) => ({ message }));
        const props = subject.props as unknown as FirewallProps;
        if (defaultAllows(props)) {
            found.push({
                message: `firewall ${fw.name} lets every port in from the world (${describeDefaultInbound(props)}): ${only}`,
            });
        }
        for (const rule of fw.rules) {
            const world = worldSources(rule);
            if (world.length === 0 || !hasPortOutside(rule, allowed)) continue;
            found.push({
                message: `firewall ${fw.name} ${rule.label} opens ${describePorts(rule)} to the world (${world.join(", ")}): ${only}`,
            });
        }
        // The rendered ruleset, where it opens more to the world than the declared rules.
        const view = readRenderedFirewall(subject);
        if (view.problem !== undefined) return [...found, { message: view.problem }];
        const open = renderedDefaultAccepts(props, view);
        if (open !== undefined)
            found.push({
                message: `firewall ${fw.name} declares ${describeDefaultInbound(props)} but its rendered nftables ruleset lets every port in from the world (${open}): ${only}`,
            });
        for (const { first, sources } of groupGrants(
            view.extra.filter((g) => isWorldGrant(g) && grantHasPortOutside(g, allowed)),
        )) {
            found.push({
                message: `firewall ${fw.name}'s rendered nftables ruleset opens ${describeGrantPorts(first)} to the world (${sources.join(", ")}) ${at(first)}, which no declared rule does: ${only}`,
            });
        }
        return found;
    },
};
