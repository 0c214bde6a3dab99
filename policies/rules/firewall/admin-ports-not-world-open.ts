import type { ResourceRule, Violation } from "../../lib/rule";
import { FirewallProps, TYPES } from "../../lib/subjects";
import { defaultAllows, describeDefaultInbound, portsIn, readFirewall, worldSources } from "./firewall-view";
import { FIREWALL_CERTIFICATE_REF, FIREWALL_ITEM } from "./framework";
import { at, grantPortsIn, groupGrants, isWorldGrant, readRenderedFirewall, renderedDefaultAccepts } from "./rendered-ruleset";

/** Config of CHOM-FW-007. */
export type AdminPortsConfig = {
    /** Admin ports besides the firewall's `sshPort` (which is always included). */
    adminPorts: number[];
};

/** CHOM-FW-007: admin UIs (Grafana, Prometheus, Loki, Alertmanager) and SSH are login surfaces. */
export const adminPortsNotWorldOpen: ResourceRule<AdminPortsConfig> = {
    id: "CHOM-FW-007",
    policyName: "chom-fw-admin-ports-not-world-open",
    title: "SSH and admin UI ports are never open to the world",
    category: "Security",
    severity: "critical",
    framework: FIREWALL_CERTIFICATE_REF,
    description:
        "No firewall rule may accept a world source (0.0.0.0/0, ::/0, any prefix-0 CIDR) on an admin port: the firewall's " +
        "`sshPort` plus the configured admin ports (Grafana 3000, Loki 3100, Prometheus 9090, Alertmanager 9093).",
    remediation: "Restrict the rule's `sources` to `adminSources` (and `monitoringSources` for metrics and logs).",
    enforcementLevel: "mandatory",
    enforcementRationale: "Mandatory: SSH and admin UIs (Grafana, Prometheus, Loki, Alertmanager) open to the world hand attackers a login page or an unauthenticated API onto the host and its data.",
    appliesTo: [TYPES.firewall],
    certificateItem: FIREWALL_ITEM,
    scope: "resource",
    config: {
        adminPorts: {
            type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, default: [3000, 3100, 9090, 9093],
            description: "Admin ports that must never be world-open, in addition to the firewall's sshPort.",
        },
    },
    check(subject, config) {
        const fw = readFirewall(subject);
        const props = subject.props as unknown as FirewallProps;
        const admin = [...new Set([...(Number.isInteger(props.sshPort) ? [props.sshPort] : []), ...config.adminPorts])];
        const found: Violation[] = fw.problems.map((message) => ({ message }));
        if (defaultAllows(props)) {
            found.push({ message: `firewall ${fw.name} lets every admin port (${admin.join(", ")}) in from the world (${describeDefaultInbound(props)})` });
        }
        for (const rule of fw.rules) {
            const world = worldSources(rule);
            const hit = portsIn(rule, admin);
            if (world.length === 0 || hit.length === 0) continue;
            const what = hit.length === 1 ? `admin port ${hit[0]}/${rule.rule.protocol}` : `admin ports ${hit.join(", ")}/${rule.rule.protocol}`;
            found.push({ message: `firewall ${fw.name} ${rule.label} opens ${what} to the world (${world.join(", ")}): allow only adminSources` });
        }
        // The rendered ruleset, where it opens an admin port to the world and the declaration does not.
        const view = readRenderedFirewall(subject);
        if (view.problem !== undefined) return [...found, { message: view.problem }];
        const open = renderedDefaultAccepts(props, view);
        if (open !== undefined) found.push({ message: `firewall ${fw.name} declares ${describeDefaultInbound(props)} but its rendered nftables ruleset lets every admin port (${admin.join(", ")}) in from the world (${open})` });
        for (const { first, sources } of groupGrants(view.extra.filter((g) => isWorldGrant(g) && grantPortsIn(g, admin).length > 0))) {
            const hit = grantPortsIn(first, admin);
            const what = hit.length === 1 ? `admin port ${hit[0]}/${first.protocol}` : `admin ports ${hit.join(", ")}/${first.protocol}`;
            found.push({ message: `firewall ${fw.name}'s rendered nftables ruleset opens ${what} to the world (${sources.join(", ")}) ${at(first)}, which no declared rule does: allow only adminSources` });
        }
        return found;
    },
};
