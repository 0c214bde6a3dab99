import { certificateRef } from "../../lib/frameworks";
import { notApplicable, ResourceRule, Subject, Violation } from "../../lib/rule";
import { FirewallProps, TYPES } from "../../lib/subjects";
import { adminUiOf } from "./support/admin-ui";
import { containerName, publishedPorts, worldBindingFinding } from "./support/firewall-view";
import { worldOpenPortFindings } from "./support/world-open-ports";

/** Config of CHOM-FW-007. */
export type AdminPortsConfig = {
    /** Admin ports besides the firewall's `sshPort` (which is always included). */
    adminPorts: number[];
};

/**
 * A container serving an admin UI, published on every address: a finding whatever the port
 * number (Docker's NAT reaches it past the host firewall).
 */
function checkContainer(subject: Subject): Violation[] | ReturnType<typeof notApplicable> {
    const name = containerName(subject);
    const ui = adminUiOf(subject);
    if (ui === undefined)
        return notApplicable(`container ${name} serves no admin UI (by its image, name or label)`);
    const found: Violation[] = [];
    for (const port of publishedPorts(subject)) {
        if (ui.ports !== undefined && !ui.ports.includes(port.internal)) continue;
        const message = worldBindingFinding(
            port,
            name,
            `it serves ${ui.what}, an admin UI; bind it to an admin address and allow only adminSources`,
        );
        if (message !== undefined) found.push({ message });
    }
    return found;
}

/**
 * CHOM-FW-007: admin UIs (Grafana, Prometheus, Loki, Alertmanager, phpMyAdmin...) and SSH are login
 * surfaces.
 */
export const adminPortsNotWorldOpen: ResourceRule<AdminPortsConfig> = {
    id: "CHOM-FW-007",
    policyName: "chom-fw-admin-ports-not-world-open",
    title: "SSH and admin UI ports are never open to the world",
    category: "Security",
    severity: "critical",
    framework: certificateRef("Firewall rules configured correctly"),
    description:
        "No firewall rule may accept a world source (0.0.0.0/0, ::/0, any prefix-0 CIDR) on an admin port: the firewall's " +
        "`sshPort` plus the configured admin ports (Grafana 3000, Loki 3100, Prometheus 9090, Alertmanager 9093). No container " +
        "serving an admin UI (phpMyAdmin, Adminer, Portainer, cAdvisor, Grafana, RabbitMQ's management port 15672, Traefik's " +
        "dashboard on 8080 when `--api.insecure` or `--api.dashboard` is on) may publish it with no ip, on 0.0.0.0 or ::, " +
        "whatever the port number: what it runs is read from its image, then its name, never from the port.",
    remediation:
        "Restrict the rule's `sources` to `adminSources` (and `monitoringSources` for metrics and logs); bind an admin UI's published port to an admin address (`ip`), or reach it through an SSH tunnel.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: SSH and admin UIs (Grafana, Prometheus, Loki, Alertmanager) open to the world hand attackers a login page or an unauthenticated API onto the host and its data.",
    appliesTo: [TYPES.firewall, TYPES.container],
    certificateItem: "Firewall rules configured correctly",
    scope: "resource",
    config: {
        adminPorts: {
            type: "array",
            items: { type: "integer", minimum: 1, maximum: 65535 },
            default: [3000, 3100, 9090, 9093],
            description:
                "Admin ports that must never be world-open, in addition to the firewall's sshPort.",
        },
    },
    check(subject, config) {
        if (subject.type === TYPES.container) return checkContainer(subject);
        const props = subject.props as unknown as FirewallProps;
        const admin = [
            ...new Set([
                ...(Number.isInteger(props.sshPort) ? [props.sshPort] : []),
                ...config.adminPorts,
            ]),
        ];
        return worldOpenPortFindings(subject, {
            kind: "admin",
            ports: admin,
            allow: "adminSources",
        }).map((message) => ({ message }));
    },
};
