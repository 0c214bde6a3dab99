/**
 * What a firewall opens to the world among a set of ports, declared and rendered: the one check
 * behind CHOM-FW-004 (sensitive ports) and CHOM-FW-007 (admin ports), which differ only in the
 * ports, what they call them and the advice.
 */
import type { Subject } from "../../../lib/rule";
import type { FirewallProps } from "../../../lib/subjects";
import {
    defaultAllows,
    describeDefaultInbound,
    portsIn,
    readFirewall,
    worldSources,
} from "./firewall-view";
import {
    at,
    grantPortsIn,
    groupGrants,
    isWorldGrant,
    readRenderedFirewall,
    renderedDefaultAccepts,
} from "./rendered-ruleset";

/** The kind of port in messages ("admin", "sensitive") and what to allow instead. */
export interface PortSet {
    kind: string;
    ports: number[];
    allow: string;
}

function portsPhrase(set: PortSet, hit: number[], protocol: string): string {
    return hit.length === 1
        ? `${set.kind} port ${hit[0]}/${protocol}`
        : `${set.kind} ports ${hit.join(", ")}/${protocol}`;
}

/**
 * Findings for a firewall subject: unreadable fields, a default that admits the world, declared
 * rules with world sources on one of the ports, and the rendered ruleset doing either where the
 * declaration does not.
 */
export function worldOpenPortFindings(subject: Subject, set: PortSet): string[] {
    const fw = readFirewall(subject);
    const props = subject.props as unknown as FirewallProps;
    const every = `every ${set.kind} port (${set.ports.join(", ")}) in from the world`;
    const found = [...fw.problems];
    if (defaultAllows(props))
        found.push(`firewall ${fw.name} lets ${every} (${describeDefaultInbound(props)})`);
    for (const rule of fw.rules) {
        const world = worldSources(rule);
        const hit = portsIn(rule, set.ports);
        if (world.length === 0 || hit.length === 0) continue;
        const what = portsPhrase(set, hit, rule.rule.protocol);
        found.push(
            `firewall ${fw.name} ${rule.label} opens ${what} to the world (${world.join(", ")}): allow only ${set.allow}`,
        );
    }
    const view = readRenderedFirewall(subject);
    if (view.problem !== undefined) return [...found, view.problem];
    const open = renderedDefaultAccepts(props, view);
    if (open !== undefined)
        found.push(
            `firewall ${fw.name} declares ${describeDefaultInbound(props)} but its rendered nftables ruleset lets ${every} (${open})`,
        );
    for (const { first, sources } of groupGrants(
        view.extra.filter((g) => isWorldGrant(g) && grantPortsIn(g, set.ports).length > 0),
    )) {
        const what = portsPhrase(set, grantPortsIn(first, set.ports), first.protocol);
        found.push(
            `firewall ${fw.name}'s rendered nftables ruleset opens ${what} to the world (${sources.join(", ")}) ${at(first)}, which no declared rule does: allow only ${set.allow}`,
        );
    }
    return found;
}
