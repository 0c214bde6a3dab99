/**
 * The firewall's rendered nftables ruleset (FirewallProps.nftablesRuleset), parsed and compared
 * with the declared rules, for the firewall rules: what the host loads must accept exactly what
 * the declaration says, so the two can never disagree silently. A missing, empty or unreadable
 * ruleset fails: absence is never compliance. Reading `nftablesRuleset` through the preview
 * proxy throws UnknownValueError when it is unknown, so the result is UNKNOWN, never PASS.
 */
import {
    cidrContains,
    Cidr,
    formatPortRange,
    parsedOrUndefined,
    parseCidr,
    parsePortRange,
    PortRange,
} from "../../../lib/net";
import {
    analyzeChain,
    ChainAnalysis,
    dockerUserChains,
    inputChains,
    NftGrant,
    NftParseError,
    NftRuleset,
    parseNftables,
} from "../../../lib/nftables-ruleset";
import type { Subject } from "../../../lib/rule";
import type { FirewallProps, FirewallRule } from "../../../lib/subjects";

/** One declared rule atomised like an NftGrant: one family, protocol, port range and source. */
export interface DeclaredGrant {
    position: number;
    rule: FirewallRule;
    kind: "input" | "docker-user";
    family: "ip" | "ip6";
    protocol: string;
    ports: { text: string; range?: PortRange };
    source: { text: string; cidr?: Cidr };
    limit?: { perMinute: number; burst: number };
}

/** A rendered grant and the chain kind it came from. */
export interface RenderedGrant extends NftGrant {
    kind: "input" | "docker-user";
}

/** The rendered ruleset read against the declaration. */
export interface RenderedFirewall {
    problem?: undefined;
    /** Filter chains on the input hook. */
    input: ChainAnalysis[];
    /** DOCKER-USER chains. */
    dockerUser: ChainAnalysis[];
    /**
     * The input chain whose default decides (the first that drops), or the first that accepts;
     * undefined when there is none.
     */
    inputDefault?: ChainAnalysis;
    /** What the rendered ruleset accepts that no declared rule covers. */
    extra: RenderedGrant[];
    /** What a declared rule allows that the rendered ruleset does not accept. */
    missing: DeclaredGrant[];
}

function port(text: string): DeclaredGrant["ports"] {
    const range = parsedOrUndefined(parsePortRange, text);
    return range === undefined ? { text } : { text, range };
}

function source(text: string): DeclaredGrant["source"] {
    const cidr = parsedOrUndefined(parseCidr, text);
    return cidr === undefined ? { text } : { text, cidr };
}

/**
 * The nft limit a declared rateLimit stands for: ufw `limit` semantics (subjects.ts) let
 * `count - 1` new connections through per `perSeconds`, as a per-minute rate (nft rates are
 * whole numbers) with that many as the burst.
 */
export function nftLimitOf(
    rateLimit: FirewallRule["rateLimit"],
): { perMinute: number; burst: number } | undefined {
    if (rateLimit === undefined || rateLimit === null) return undefined;
    const allowed = Math.max(1, rateLimit.count - 1);
    return { perMinute: Math.ceil((allowed * 60) / rateLimit.perSeconds), burst: allowed };
}

function declaredGrants(props: FirewallProps): DeclaredGrant[] {
    const out: DeclaredGrant[] = [];
    const rules = Array.isArray(props.rules) ? props.rules : [];
    rules.forEach((rule, i) => {
        const sources = (Array.isArray(rule.sources) ? rule.sources : []).map(String);
        const limit = nftLimitOf(rule.rateLimit);
        for (const family of ["ip", "ip6"] as const) {
            const mine = sources.filter((s) => s.includes(":") === (family === "ip6"));
            const kinds: ("input" | "docker-user")[] =
                family === "ip" && props.enforcedInDockerUserChain === true
                    ? ["input", "docker-user"]
                    : ["input"];
            for (const kind of kinds) {
                for (const s of mine)
                    out.push({
                        position: i + 1,
                        rule,
                        kind,
                        family,
                        protocol: String(rule.protocol),
                        ports: port(String(rule.port)),
                        source: source(s),
                        limit,
                    });
            }
        }
    });
    return out;
}

type Atom = {
    family: string;
    protocol: string;
    ports: { text: string; range?: PortRange };
    source: { text: string; cidr?: Cidr };
    limit?: { perMinute: number; burst: number };
};

/** True when everything `inner` lets in, `outer` lets in too (same family and protocol). */
function covers(outer: Atom, inner: Atom, ignoreLimit = false): boolean {
    if (outer.family !== inner.family || outer.protocol !== inner.protocol) return false;
    const ports =
        outer.ports.range && inner.ports.range
            ? outer.ports.range.from <= inner.ports.range.from &&
              inner.ports.range.to <= outer.ports.range.to
            : outer.ports.text === inner.ports.text;
    const sources =
        outer.source.cidr && inner.source.cidr
            ? cidrContains(outer.source.cidr, inner.source.cidr)
            : outer.source.text === inner.source.text;
    if (!ports || !sources) return false;
    if (ignoreLimit || outer.limit === undefined) return true;
    return (
        inner.limit !== undefined &&
        inner.limit.perMinute <= outer.limit.perMinute &&
        inner.limit.burst <= outer.limit.burst
    );
}

/** Reads `nftablesRuleset`; a string is the problem message when it is missing or unreadable. */
export function readRenderedFirewall(subject: Subject): RenderedFirewall | { problem: string } {
    const props = subject.props as unknown as FirewallProps;
    const text = props.nftablesRuleset;
    const fw = `firewall ${subject.name}`;
    if (typeof text !== "string" || text.trim() === "") {
        const what =
            text === undefined || text === null
                ? "missing"
                : typeof text !== "string"
                  ? "not a string"
                  : "empty";
        return {
            problem: `${fw} carries no rendered nftables ruleset (nftablesRuleset ${what}): what the host filters cannot be judged`,
        };
    }
    let ruleset: NftRuleset;
    let input: ChainAnalysis[];
    let dockerUser: ChainAnalysis[];
    try {
        ruleset = parseNftables(text);
        input = inputChains(ruleset).map(({ table, chain }) => analyzeChain(table, chain, "input"));
        dockerUser = dockerUserChains(ruleset).map(({ table, chain }) =>
            analyzeChain(table, chain, "docker-user"),
        );
    } catch (e) {
        if (!(e instanceof NftParseError)) throw e;
        return { problem: `${fw} rendered nftables ruleset cannot be read: ${e.message}` };
    }
    // Every input chain sees every packet: one that drops by default decides.
    const inputDefault = input.find((c) => c.defaultVerdict === "drop") ?? input[0];
    const declared = declaredGrants(props);
    const compareDockerUser = props.enforcedInDockerUserChain === true && dockerUser.length > 0;
    const rendered: RenderedGrant[] = [
        ...input.flatMap((c) => c.grants.map((g) => ({ ...g, kind: "input" as const }))),
        ...(compareDockerUser
            ? dockerUser.flatMap((c) =>
                  c.grants.map((g) => ({ ...g, kind: "docker-user" as const })),
              )
            : []),
    ];
    const extra = rendered.filter((g) => !declared.some((d) => d.kind === g.kind && covers(d, g)));
    const missing = declared.filter(
        (d) =>
            (d.kind === "input" || compareDockerUser) &&
            !rendered.some((g) => g.kind === d.kind && covers(g, d)),
    );
    return { input, dockerUser, inputDefault, extra, missing };
}

/** `20/minute burst 5` or `no rate limit`. */
function describeLimit(limit: { perMinute: number; burst: number } | undefined): string {
    return limit
        ? `at most ${limit.perMinute} new connections per minute (burst ${limit.burst})`
        : "with no rate limit";
}

/** `8080/tcp` or `ports 9100-9121/tcp`. */
function describeAtomPorts(g: {
    protocol: string;
    ports: { text: string; range?: PortRange };
}): string {
    return `${g.ports.range ? formatPortRange(g.ports.range) : g.ports.text}/${g.protocol}`;
}

/** Groups rendered grants by rule line, port and limit, so one rendered rule is one finding. */
export function groupGrants(
    grants: RenderedGrant[],
): { first: RenderedGrant; sources: string[] }[] {
    const groups = new Map<string, { first: RenderedGrant; sources: string[] }>();
    for (const g of grants) {
        const key = `${g.chain}|${g.line}|${g.protocol}|${g.ports.text}`;
        const group = groups.get(key) ?? { first: g, sources: [] };
        if (!group.sources.includes(g.source.text)) group.sources.push(g.source.text);
        groups.set(key, group);
    }
    return [...groups.values()];
}

/** `(chain inet chom_filter input, line 14)`. */
export function at(g: NftGrant): string {
    return `(chain ${g.chain}, line ${g.line})`;
}

/** The finding for rendered grants no declared rule covers (CHOM-FW-001's full comparison). */
export function extraFindings(
    name: string,
    props: FirewallProps,
    view: RenderedFirewall,
): string[] {
    const declared = declaredGrants(props);
    return groupGrants(view.extra).map(({ first, sources }) => {
        // Same traffic declared with a tighter limit: say which rule, since the limit is what
        // differs.
        const limited = declared.find((d) => d.kind === first.kind && covers(d, first, true));
        const why = limited
            ? `but declared rule #${limited.position} (${String(limited.rule.port)}/${limited.rule.protocol}) allows it ${describeLimit(limited.limit)}`
            : "but no declared rule allows it";
        return `firewall ${name}'s rendered nftables ruleset accepts ${describeAtomPorts(first)} from ${sources.join(", ")} ${describeLimit(first.limit)} ${at(first)} ${why}`;
    });
}

/** The findings for declared rules the rendered ruleset does not accept. */
export function missingFindings(name: string, view: RenderedFirewall): string[] {
    const groups = new Map<string, { d: DeclaredGrant; sources: string[] }>();
    for (const d of view.missing) {
        const key = `${d.position}|${d.kind}`;
        const g = groups.get(key) ?? { d, sources: [] };
        g.sources.push(d.source.text);
        groups.set(key, g);
    }
    return [...groups.values()].map(({ d, sources }) => {
        const chain = d.kind === "input" ? "its input chain" : "its DOCKER-USER chain";
        const comment =
            typeof d.rule.comment === "string" && d.rule.comment !== ""
                ? ` "${d.rule.comment}"`
                : "";
        return `firewall ${name} declares rule #${d.position} (${String(d.rule.port)}/${d.rule.protocol}${comment}) from ${sources.join(", ")} ${describeLimit(d.limit)} but its rendered nftables ruleset does not accept it in ${chain}`;
    });
}

/** True when a rendered grant's source is the whole world of its family. */
export function isWorldGrant(g: NftGrant): boolean {
    return g.source.cidr !== undefined && g.source.cidr.prefix === 0;
}

/** The ports of `ports` inside the grant's range (all of them when the range is unreadable). */
export function grantPortsIn(g: NftGrant, ports: number[]): number[] {
    const r = g.ports.range;
    return r ? ports.filter((p) => p >= r.from && p <= r.to) : ports;
}

/** True when the grant's range holds a port outside `allowed` (an unreadable range does). */
export function grantHasPortOutside(g: NftGrant, allowed: number[]): boolean {
    const r = g.ports.range;
    if (!r) return true;
    return r.to - r.from + 1 > new Set(allowed.filter((p) => p >= r.from && p <= r.to)).size;
}

/** `port 8080/tcp` or `ports 80-443/tcp`, for rendered grants. */
export function describeGrantPorts(g: NftGrant): string {
    const single = g.ports.range !== undefined && g.ports.range.from === g.ports.range.to;
    return `${single ? "port" : "ports"} ${describeAtomPorts(g)}`;
}

/** When the declaration denies by default but the rendered input chains accept by default: why. */
export function renderedDefaultAccepts(
    props: FirewallProps,
    view: RenderedFirewall,
): string | undefined {
    if (props.defaultInbound !== "deny" && props.defaultInbound !== "reject") return undefined;
    if (view.inputDefault === undefined) return "no filter chain on the input hook";
    if (view.inputDefault.defaultVerdict === "drop") return undefined;
    return `chain ${view.inputDefault.chain}: ${view.inputDefault.defaultWhere}`;
}
