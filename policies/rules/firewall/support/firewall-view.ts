/**
 * Reads a `chom:host:Firewall` and docker `ports` into parsed values the firewall rules share.
 * A value that does not parse (a bad CIDR, a port 70000) becomes a problem message naming the
 * rule and the value; the rules report it as a failure, since a firewall nobody can read is
 * not one anybody can certify.
 */
import type { ConfigProperty, Subject } from "../../../lib/rule";
import {
    Cidr,
    formatPortRange,
    IpAddress,
    isLoopback,
    isUnspecified,
    isWorld,
    NetParseError,
    parseCidr,
    parseIp,
    parsePortRange,
    PortRange,
    rangeIncludes,
} from "../../../lib/net";
import type { ContainerProps, FirewallProps, FirewallRule } from "../../../lib/subjects";

/** One firewall rule with its port range and sources parsed. */
export interface ParsedRule {
    /** 1-based position in `rules`, as people count. */
    position: number;
    /** The rule as declared. */
    rule: FirewallRule;
    /** Its destination port or range, parsed. */
    ports: PortRange;
    /** The sources that parsed. */
    sources: Cidr[];
    /** `rule #3 (22/tcp "SSH from admin network")`, for messages. */
    label: string;
}

/** A firewall with its rules parsed, and what could not be parsed. */
export interface ParsedFirewall {
    /** Resource name, for messages. */
    name: string;
    /** The firewall's inputs as declared. */
    props: FirewallProps;
    /** The rules whose port parsed (a rule with an unreadable port is only a problem). */
    rules: ParsedRule[];
    /** Messages for values that did not parse, each naming the firewall, the rule and the value. */
    problems: string[];
}

function describeRule(position: number, rule: FirewallRule): string {
    const comment =
        typeof rule.comment === "string" && rule.comment !== "" ? ` "${rule.comment}"` : "";
    return `rule #${position} (${String(rule.port)}/${rule.protocol}${comment})`;
}

/** Parses every rule of a firewall subject. */
export function readFirewall(subject: Subject): ParsedFirewall {
    const props = subject.props as unknown as FirewallProps;
    const name = subject.name;
    const rules: ParsedRule[] = [];
    const problems: string[] = [];
    const list = Array.isArray(props.rules) ? props.rules : [];
    list.forEach((rule, i) => {
        const position = i + 1;
        const label = describeRule(position, rule);
        let ports: PortRange;
        try {
            ports = parsePortRange(rule.port);
        } catch (e) {
            if (!(e instanceof NetParseError)) throw e;
            problems.push(`firewall ${name} ${label} cannot be read: ${e.message}`);
            return;
        }
        const sources: Cidr[] = [];
        for (const source of Array.isArray(rule.sources) ? rule.sources : []) {
            try {
                sources.push(parseCidr(source));
            } catch (e) {
                if (!(e instanceof NetParseError)) throw e;
                problems.push(`firewall ${name} ${label} cannot be read: ${e.message}`);
            }
        }
        rules.push({ position, rule, ports, sources, label });
    });
    return { name, props, rules, problems };
}

/** Parses a list of CIDRs (e.g. `adminSources`); bad entries become problems naming `field`. */
export function readCidrList(
    firewallName: string,
    field: string,
    list: unknown,
): { cidrs: Cidr[]; problems: string[] } {
    const cidrs: Cidr[] = [];
    const problems: string[] = [];
    for (const text of Array.isArray(list) ? (list as unknown[]) : []) {
        try {
            cidrs.push(parseCidr(text as string));
        } catch (e) {
            if (!(e instanceof NetParseError)) throw e;
            problems.push(`firewall ${firewallName} ${field} cannot be read: ${e.message}`);
        }
    }
    return { cidrs, problems };
}

/** The world sources of a rule, as written (`0.0.0.0/0, ::/0`); empty when none. */
export function worldSources(rule: ParsedRule): string[] {
    return rule.sources.filter(isWorld).map((c) => c.text);
}

/** True when the firewall's inbound policy lets everything in that no rule mentions. */
export function defaultAllows(props: FirewallProps): boolean {
    return props.defaultInbound !== "deny" && props.defaultInbound !== "reject";
}

/** `defaultInbound "allow"` or `defaultInbound not set`, for messages. */
export function describeDefaultInbound(props: FirewallProps): string {
    return props.defaultInbound === undefined
        ? "defaultInbound not set"
        : `defaultInbound ${JSON.stringify(props.defaultInbound)}`;
}

/** The ports among `ports` that fall in the rule's range, in the order given. */
export function portsIn(rule: ParsedRule, ports: number[]): number[] {
    return ports.filter((p) => rangeIncludes(rule.ports, p));
}

/** True when the rule's range holds a port that is not in `allowed`. */
export function hasPortOutside(rule: ParsedRule, allowed: number[]): boolean {
    const size = rule.ports.to - rule.ports.from + 1;
    return size > new Set(allowed.filter((p) => rangeIncludes(rule.ports, p))).size;
}

/** `ports 9100-9121/tcp` or `port 8080/tcp`. */
export function describePorts(rule: ParsedRule): string {
    const single = rule.ports.from === rule.ports.to;
    return `${single ? "port" : "ports"} ${formatPortRange(rule.ports)}/${rule.rule.protocol}`;
}

/** One published port of a container, with its bind address read. */
export interface PublishedPort {
    /** Container port. */
    internal: number;
    /** Host port; undefined when docker picks a random one. */
    external?: number;
    /** `tcp` unless stated. */
    protocol: string;
    /** The bind address as declared; undefined when missing (docker binds every address). */
    ip?: string;
    /** Parsed bind address; undefined when missing or unreadable. */
    address?: IpAddress;
    /** Why the bind address could not be read, if it could not. */
    ipProblem?: string;
    /** True when reachable on every host address: no ip, `0.0.0.0` or `::`. */
    worldOpen: boolean;
    /** True when bound to a loopback address (not reachable from outside the host). */
    loopback: boolean;
    /**
     * `port 9100/tcp`, `port 19100/tcp (container port 9100)` or `container port 9100/tcp (random
     * host port)`.
     */
    label: string;
    /** Where it is bound, for messages: `on 0.0.0.0` or `with no ip, on every address`. */
    where: string;
}

export { containerName } from "../../../lib/subjects";

/** Reads the container's `ports` list. */
export function publishedPorts(subject: Subject): PublishedPort[] {
    const ports = (subject.props as ContainerProps).ports;
    if (!Array.isArray(ports)) return [];
    return ports.map((p) => {
        const protocol = typeof p.protocol === "string" && p.protocol !== "" ? p.protocol : "tcp";
        const label =
            p.external === undefined
                ? `container port ${p.internal}/${protocol} (random host port)`
                : p.external === p.internal
                  ? `port ${p.external}/${protocol}`
                  : `port ${p.external}/${protocol} (container port ${p.internal})`;
        const base = { internal: p.internal, external: p.external, protocol, ip: p.ip, label };
        if (p.ip === undefined || p.ip === "")
            return {
                ...base,
                ip: undefined,
                worldOpen: true,
                loopback: false,
                where: "with no ip, on every address",
            };
        try {
            const address = parseIp(p.ip);
            return {
                ...base,
                address,
                worldOpen: isUnspecified(address),
                loopback: isLoopback(address),
                where: `on ${p.ip}`,
            };
        } catch (e) {
            if (!(e instanceof NetParseError)) throw e;
            // An unreadable bind address is treated as open: fail closed.
            return {
                ...base,
                ipProblem: e.message,
                worldOpen: true,
                loopback: false,
                where: `on ${p.ip}`,
            };
        }
    });
}

/**
 * The finding for a port reachable from the world, or undefined when it is bound to a
 * specific address: `port 9100/tcp of container chom-node-exporter is published on 0.0.0.0
 * (world): <advice>`.
 */
export function worldBindingFinding(
    port: PublishedPort,
    container: string,
    advice: string,
): string | undefined {
    if (port.ipProblem !== undefined)
        return `${port.label} of container ${container} has an unreadable bind address: ${port.ipProblem}`;
    if (!port.worldOpen) return undefined;
    return `${port.label} of container ${container} is published ${port.where} (world): ${advice}`;
}

/** Config of FW-005 and FW-006: the front-door ports a container may publish on every address. */
export const FRONT_DOOR_PORTS_PROPERTY: ConfigProperty = {
    type: "array",
    items: { type: "integer", minimum: 1, maximum: 65535 },
    default: [80, 443],
    description:
        "Front-door host ports meant to face the world (as CHOM-FW-002): published on every address by design.",
};
