import type { StackRule, Violation } from "../../lib/rule";
import { FirewallProps, TYPES } from "../../lib/subjects";
import { containerName, defaultAllows, describeDefaultInbound, portsIn, publishedPorts, readFirewall, worldBindingFinding, worldSources } from "./firewall-view";
import { FIREWALL_ITEM } from "./framework";

/** Config of CHOM-FW-004. */
export type SensitivePortsConfig = {
    /** Ports of databases, caches, PHP-FPM, exporters and monitoring UIs. */
    sensitivePorts: number[];
};

/** Database, cache, PHP-FPM, exporter and monitoring ports of the CHOM stack. */
export const DEFAULT_SENSITIVE_PORTS = [3306, 5432, 6379, 9000, 9100, 9104, 9113, 9121, 9253, 9090, 3000, 3100, 9093];

/**
 * CHOM-FW-004: the original design published its exporters to the world. A stack rule, so that
 * each finding names what opened the port: a firewall rule or a container's published port
 * (Docker's own iptables chains bypass ufw, so the firewall alone proves nothing).
 */
export const sensitivePortsNotWorldOpen: StackRule<SensitivePortsConfig> = {
    id: "CHOM-FW-004",
    policyName: "chom-fw-sensitive-ports-not-world-open",
    title: "Database, cache, exporter and monitoring ports are never open to the world",
    category: "Security",
    severity: "critical",
    framework: { name: "CIS Docker Benchmark", version: "1.6.0", reference: "5.14 (bind incoming container traffic to a specific host interface)" },
    description:
        "No firewall rule may accept a world source on a sensitive port, and no container may publish a sensitive port " +
        "(as container or host port) without a bind address or on 0.0.0.0 / ::, because Docker's NAT rules are evaluated " +
        "before ufw and make such a port reachable whatever the firewall says.",
    remediation:
        "Bind the container's published port to an admin address (`ip`), or stop publishing it and scrape it on the internal " +
        "network; restrict the firewall rule to `adminSources` / `monitoringSources`.",
    enforcementLevel: "mandatory",
    enforcementRationale: "Mandatory: a world-reachable database, cache, exporter or monitoring port exposes data or credentials directly (the original tooling left exporters open); CIS Docker 1.6.0 5.14 asks for container traffic bound to a specific interface.",
    appliesTo: [TYPES.firewall, TYPES.container],
    certificateItem: FIREWALL_ITEM,
    scope: "stack",
    config: {
        sensitivePorts: {
            type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, default: DEFAULT_SENSITIVE_PORTS,
            description: "Ports that must never be reachable from the whole world.",
        },
    },
    check(resources, config) {
        const sensitive = config.sensitivePorts;
        const found: Violation[] = [];
        for (const subject of resources.filter((r) => r.type === TYPES.firewall)) {
            const fw = readFirewall(subject);
            const props = subject.props as unknown as FirewallProps;
            for (const message of fw.problems) found.push({ urn: subject.urn, message });
            if (defaultAllows(props)) {
                found.push({ urn: subject.urn, message: `firewall ${fw.name} lets every sensitive port (${sensitive.join(", ")}) in from the world (${describeDefaultInbound(props)})` });
            }
            for (const rule of fw.rules) {
                const world = worldSources(rule);
                const hit = portsIn(rule, sensitive);
                if (world.length === 0 || hit.length === 0) continue;
                const what = hit.length === 1 ? `sensitive port ${hit[0]}/${rule.rule.protocol}` : `sensitive ports ${hit.join(", ")}/${rule.rule.protocol}`;
                found.push({ urn: subject.urn, message: `firewall ${fw.name} ${rule.label} opens ${what} to the world (${world.join(", ")}): allow only admin or monitoring sources` });
            }
        }
        for (const subject of resources.filter((r) => r.type === TYPES.container)) {
            const name = containerName(subject);
            for (const port of publishedPorts(subject)) {
                const isSensitive = sensitive.includes(port.internal) || (port.external !== undefined && sensitive.includes(port.external));
                if (!isSensitive) continue;
                const message = worldBindingFinding(port, name, "bind it to an admin address");
                if (message !== undefined) found.push({ urn: subject.urn, message });
            }
        }
        return found;
    },
};
