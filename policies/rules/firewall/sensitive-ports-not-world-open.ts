import { cisDocker } from "../../lib/frameworks";
import type { StackRule, Violation } from "../../lib/rule";
import { ALL_ROLES, imageIndexOf, Role, rolesOf, serviceOf } from "../../lib/service-identity";
import { TYPES } from "../../lib/subjects";
import { containerName, publishedPorts, worldBindingFinding } from "./support/firewall-view";
import { worldOpenPortFindings } from "./support/world-open-ports";

/** Config of CHOM-FW-004. */
export type SensitivePortsConfig = {
    /**
     * Ports of databases, caches, PHP-FPM, exporters and monitoring UIs (judged on firewall rules).
     */
    sensitivePorts: number[];
    /**
     * Service roles whose containers must not publish any port to the world (lib/service-identity).
     */
    sensitiveRoles: Role[];
};

/** Every role but the web server's, whose job is to publish 80 and 443 to the world. */
const DEFAULT_SENSITIVE_ROLES = ALL_ROLES.filter((r) => r !== "web-server");

/** Database, cache, PHP-FPM, exporter and monitoring ports of the CHOM stack. */
export const DEFAULT_SENSITIVE_PORTS = [
    3306, 5432, 6379, 9000, 9100, 9104, 9113, 9121, 9253, 9090, 3000, 3100, 9093,
];

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
    framework: cisDocker("5.14 (bind incoming container traffic to a specific host interface)"),
    description:
        "No firewall rule may accept a world source on a sensitive port, and no container that runs a sensitive service (a database, " +
        "cache, app server, exporter, monitoring or admin UI, by what it runs: lib/service-identity, never by port number) may publish " +
        "any port without a bind address or on 0.0.0.0 / ::, because Docker's NAT rules are evaluated before ufw and make such a port " +
        "reachable whatever the firewall says.",
    remediation:
        "Bind the container's published port to an admin address (`ip`), or stop publishing it and scrape it on the internal " +
        "network; restrict the firewall rule to `adminSources` / `monitoringSources`.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: a world-reachable database, cache, exporter or monitoring port exposes data or credentials directly (the original tooling left exporters open); CIS Docker 1.6.0 5.14 asks for container traffic bound to a specific interface.",
    appliesTo: [TYPES.firewall, TYPES.container],
    certificateItem: "Firewall rules configured correctly",
    scope: "stack",
    config: {
        sensitivePorts: {
            type: "array",
            items: { type: "integer", minimum: 1, maximum: 65535 },
            default: DEFAULT_SENSITIVE_PORTS,
            description: "Ports that firewall rules must never open to the whole world.",
        },
        sensitiveRoles: {
            type: "array",
            items: { type: "string", enum: [...ALL_ROLES] },
            default: DEFAULT_SENSITIVE_ROLES,
            description:
                "Roles (by what the container runs) whose containers must never publish a port to the whole world.",
        },
    },
    check(resources, config) {
        const set = {
            kind: "sensitive",
            ports: config.sensitivePorts,
            allow: "admin or monitoring sources",
        };
        const found: Violation[] = resources
            .filter((r) => r.type === TYPES.firewall)
            .flatMap((fw) =>
                worldOpenPortFindings(fw, set).map((message) => ({ urn: fw.urn, message })),
            );
        const images = imageIndexOf(resources);
        for (const subject of resources.filter((r) => r.type === TYPES.container)) {
            const name = containerName(subject);
            const ports = publishedPorts(subject);
            if (ports.length === 0) continue;
            // What the container runs decides, never the port number (a Node app on 3000 is not
            // Grafana).
            const service = serviceOf(subject, images);
            const roles = rolesOf(service).filter((r) => config.sensitiveRoles.includes(r));
            if (roles.length === 0) continue;
            for (const port of ports) {
                const message = worldBindingFinding(
                    port,
                    `${name} (${service}: ${roles.join(", ")})`,
                    "bind it to an admin address",
                );
                if (message !== undefined) found.push({ urn: subject.urn, message });
            }
        }
        return found;
    },
};
