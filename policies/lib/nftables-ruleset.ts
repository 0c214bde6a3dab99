/**
 * A reader of the nftables text syntax (`nft -f` files) for the firewall rules: tables,
 * chains (base chains with `type filter hook input priority ...; policy drop;`), named sets,
 * and rules made of matches (`ip saddr { a, b }`, `tcp dport 22`, `ct original proto-dst 443`,
 * `meta l4proto tcp`, `ct state new`), `limit rate`, and a verdict. The firewall rules compare
 * what this ruleset accepts with the declared FirewallProps, so a rendered ruleset that opens
 * more than the declaration says cannot pass silently.
 *
 * Only what the program renders and its close variants are understood; any other statement
 * is an NftParseError naming the line (a ruleset nobody can read is not one anybody can certify).
 */
import { ScanStep, tokenizeConfig } from "./config-scan";
import { LineParseError } from "./line-parse-error";
import { Cidr, parseCidr, parsedOrUndefined, parsePortRange, PortRange } from "./net";

/** Thrown for text this reader does not understand; the message starts with `line N:`. */
export class NftParseError extends LineParseError {
    override name = "NftParseError";
}

/** One match of a rule: `ip saddr != { a, b }` is selector `ip saddr`, op `!=`, values `[a, b]`. */
export interface NftMatch {
    selector: string;
    op: "==" | "!=" | "<" | ">" | "<=" | ">=";
    values: string[];
}

export type NftVerdict =
    | { kind: "accept" | "drop" | "reject" | "return" | "continue" }
    | { kind: "jump" | "goto"; target: string };

/** `limit rate [over] N/unit [burst B packets]`. */
export interface NftLimit {
    over: boolean;
    /** Packets per minute. */
    perMinute: number;
    /** Burst in packets (nft's default is 5). */
    burst: number;
}

export interface NftRule {
    line: number;
    /** The rule as written (tokens joined), for messages. */
    text: string;
    matches: NftMatch[];
    limit?: NftLimit;
    verdict?: NftVerdict;
    comment?: string;
}

export interface NftChain {
    name: string;
    line: number;
    /** Present for base chains. */
    base?: { type: string; hook: string; priority: string; line: number };
    /** Base chain policy; nft's default is accept. */
    policy?: { verdict: "accept" | "drop"; line: number };
    rules: NftRule[];
}

export interface NftSet {
    name: string;
    line: number;
    elements: string[];
}

export interface NftTable {
    family: string;
    name: string;
    line: number;
    chains: NftChain[];
    sets: NftSet[];
}

export interface NftRuleset {
    tables: NftTable[];
}

interface Token {
    kind: "word" | "string" | "{" | "}" | ";" | "," | "nl";
    text: string;
    line: number;
}

const PUNCTUATION = ["{", "}", ";", ","] as const;

function tokenize(text: string): Token[] {
    return tokenizeConfig(text, PUNCTUATION, "nl", (i, line): ScanStep<Token> => {
        if (text[i] === "\\" && text[i + 1] === "\n") return { next: i + 2, line: line + 1 };
        if (text[i] === '"') {
            const end = text.indexOf('"', i + 1);
            if (end < 0 || text.slice(i, end).includes("\n"))
                throw new NftParseError(line, "unterminated quoted string");
            return {
                next: end + 1,
                line,
                token: { kind: "string", text: text.slice(i + 1, end), line },
            };
        }
        let j = i;
        while (j < text.length && !/[\s{};,"#]/.test(text[j])) j++;
        // Whitespace nft does not skip (a form feed, a vertical tab, U+00A0) starts no word.
        if (j === i)
            throw new NftParseError(
                line,
                `unexpected character U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")}`,
            );
        return { next: j, line, token: { kind: "word", text: text.slice(i, j), line } };
    });
}

/** Two-word selectors by their first word; `ct original|reply` takes a third. */
const SELECTORS: Record<string, string[]> = {
    ip: ["saddr", "daddr", "protocol", "length", "ttl", "dscp"],
    ip6: ["saddr", "daddr", "nexthdr", "length", "hoplimit"],
    tcp: ["dport", "sport", "flags"],
    udp: ["dport", "sport"],
    th: ["dport", "sport"],
    sctp: ["dport", "sport"],
    icmp: ["type", "code"],
    icmpv6: ["type", "code"],
    ct: ["state", "status", "mark", "direction"],
    meta: [
        "l4proto",
        "nfproto",
        "protocol",
        "iif",
        "iifname",
        "oif",
        "oifname",
        "mark",
        "pkttype",
        "iiftype",
        "oiftype",
        "skuid",
        "skgid",
    ],
};
/** Meta keys nft accepts without `meta`. */
const BARE = ["iif", "iifname", "oif", "oifname", "mark", "pkttype", "skuid", "skgid"];
const CT_DIRECTION_KEYS = ["proto-dst", "proto-src", "saddr", "daddr", "protocol"];
const OPS = new Set(["==", "!=", "<", ">", "<=", ">=", "eq", "ne", "lt", "gt", "le", "ge"]);
const OP_NAMES: Record<string, NftMatch["op"]> = {
    eq: "==",
    ne: "!=",
    lt: "<",
    gt: ">",
    le: "<=",
    ge: ">=",
};
const PER_MINUTE: Record<string, number> = {
    second: 60,
    minute: 1,
    hour: 1 / 60,
    day: 1 / 1440,
    week: 1 / 10080,
};
const LOG_ARGS = new Set(["prefix", "level", "group", "snaplen", "queue-threshold", "flags"]);

/** Parses one rule from its tokens (no newlines; sets still braced). */
function parseRule(tokens: Token[]): NftRule {
    const line = tokens[0].line;
    const text = tokens
        .map((t) => (t.kind === "string" ? `"${t.text}"` : t.text))
        .join(" ")
        .replace(/ ,/g, ",");
    const rule: NftRule = { line, text, matches: [] };
    let i = 0;
    const word = (): string | undefined =>
        tokens[i]?.kind === "word" ? tokens[i].text : undefined;
    const fail = (detail: string): never => {
        throw new NftParseError(tokens[Math.min(i, tokens.length - 1)].line, detail);
    };
    /** A value: a word, a comma list of words, or a `{ ... }` set. */
    const values = (): string[] => {
        const out: string[] = [];
        if (tokens[i]?.kind === "{") {
            i++;
            while (tokens[i] && tokens[i].kind !== "}") {
                if (tokens[i].kind === "word" || tokens[i].kind === "string")
                    out.push(tokens[i].text);
                else if (tokens[i].kind !== ",") fail(`unexpected "${tokens[i].text}" in a set`);
                i++;
            }
            if (!tokens[i]) fail('set not closed with "}"');
            i++;
            return out;
        }
        for (;;) {
            const t = tokens[i];
            if (t === undefined || (t.kind !== "word" && t.kind !== "string"))
                fail("a value is missing");
            out.push(t.text);
            i++;
            if (tokens[i]?.kind !== ",") return out;
            i++;
        }
    };
    while (i < tokens.length) {
        const w = word();
        if (w === undefined) fail(`unexpected "${tokens[i].text}"`);
        const start = w as string;
        if (rule.verdict !== undefined && start !== "comment") fail(`"${start}" after the verdict`);
        if (["accept", "drop", "return", "continue"].includes(start)) {
            rule.verdict = { kind: start as "accept" };
            i++;
            continue;
        }
        if (start === "reject") {
            rule.verdict = { kind: "reject" };
            i++;
            // `reject with icmp type port-unreachable`, `reject with tcp reset`.
            if (word() === "with") while (i < tokens.length && word() !== "comment") i++;
            continue;
        }
        if (start === "jump" || start === "goto") {
            i++;
            const target = word() ?? fail(`${start} needs a chain name`);
            rule.verdict = { kind: start, target: target as string };
            i++;
            continue;
        }
        if (start === "comment") {
            i++;
            if (tokens[i]?.kind !== "string" && tokens[i]?.kind !== "word")
                fail("comment needs a text");
            rule.comment = tokens[i].text;
            i++;
            continue;
        }
        if (start === "counter") {
            i++;
            while (word() === "packets" || word() === "bytes") i += 2;
            continue;
        }
        if (start === "log") {
            i++;
            while (word() !== undefined && LOG_ARGS.has(word() as string)) i += 2;
            continue;
        }
        if (start === "limit") {
            i++;
            if (word() !== "rate") fail('limit needs "rate"');
            i++;
            const over = word() === "over";
            if (over) i++;
            const m = /^(\d+)\/(second|minute|hour|day|week)$/.exec(word() ?? "");
            if (m === null)
                fail(
                    `limit rate ${JSON.stringify(word() ?? "")} is not N/second|minute|hour|day|week (packets)`,
                );
            i++;
            let burst = 5;
            if (word() === "burst") {
                i++;
                const n = /^\d+$/.test(word() ?? "")
                    ? Number(word())
                    : fail("burst needs a number");
                burst = n as number;
                i++;
                if (word() === "packets") i++;
                else if (word() === "bytes") fail("byte bursts are not understood");
            }
            rule.limit = { over, perMinute: Number(m![1]) * PER_MINUTE[m![2]], burst };
            continue;
        }
        // A match: selector, optional operator, value.
        let selector: string;
        if (
            start === "ct" &&
            (tokens[i + 1]?.text === "original" || tokens[i + 1]?.text === "reply")
        ) {
            const key = tokens[i + 2]?.text ?? "";
            if (!CT_DIRECTION_KEYS.includes(key))
                fail(`unsupported expression "ct ${tokens[i + 1].text} ${key}"`);
            selector = `ct ${tokens[i + 1].text} ${key}`;
            i += 3;
        } else if (SELECTORS[start] !== undefined) {
            const key = tokens[i + 1]?.text ?? "";
            if (!SELECTORS[start].includes(key)) fail(`unsupported expression "${start} ${key}"`);
            selector = `${start} ${key}`;
            i += 2;
        } else if (BARE.includes(start)) {
            selector = `meta ${start}`;
            i++;
        } else {
            return fail(`unsupported expression "${start}"`);
        }
        let op: NftMatch["op"] = "==";
        const maybeOp = word();
        if (maybeOp !== undefined && OPS.has(maybeOp)) {
            op = OP_NAMES[maybeOp] ?? (maybeOp as NftMatch["op"]);
            i++;
        }
        rule.matches.push({ selector, op, values: values() });
    }
    return rule;
}

/** Parses an nftables ruleset file. Throws NftParseError naming the line. */
export function parseNftables(text: string): NftRuleset {
    const tokens = tokenize(text);
    let i = 0;
    const tables: NftTable[] = [];
    const skipSeparators = () => {
        while (tokens[i] && (tokens[i].kind === "nl" || tokens[i].kind === ";")) i++;
    };
    const lastLine = tokens.length ? tokens[tokens.length - 1].line : 1;
    const expectWord = (what: string): Token => {
        const t = tokens[i];
        if (t === undefined || t.kind !== "word")
            throw new NftParseError(t?.line ?? lastLine, `${what} expected`);
        i++;
        return t;
    };
    const expectOpen = (what: string) => {
        if (tokens[i]?.kind !== "{")
            throw new NftParseError(tokens[i]?.line ?? lastLine, `"{" expected after ${what}`);
        i++;
    };
    /**
     * One statement: tokens up to a newline or ";" outside braces, or a closing "}" of the block.
     */
    const statement = (): Token[] => {
        const out: Token[] = [];
        let depth = 0;
        while (tokens[i]) {
            const t = tokens[i];
            if (depth === 0 && (t.kind === "nl" || t.kind === ";" || t.kind === "}")) break;
            if (t.kind === "{") depth++;
            if (t.kind === "}") depth--;
            if (t.kind !== "nl") out.push(t);
            i++;
        }
        if (depth > 0)
            throw new NftParseError(
                out[0]?.line ?? lastLine,
                'unexpected end of file: a set is not closed with "}"',
            );
        return out;
    };
    const closeBlock = (what: string, line: number) => {
        if (tokens[i]?.kind !== "}")
            throw new NftParseError(
                lastLine,
                `unexpected end of file: ${what} opened at line ${line} is not closed with "}"`,
            );
        i++;
    };
    const chainBody = (chain: NftChain) => {
        for (;;) {
            skipSeparators();
            if (tokens[i] === undefined || tokens[i].kind === "}") return;
            const st = statement();
            const head = st[0].text;
            if (head === "type") {
                const w = st.map((t) => t.text);
                const hook = w.indexOf("hook");
                const priority = w.indexOf("priority");
                if (hook < 0 || priority < 0 || w.length < 2)
                    throw new NftParseError(
                        st[0].line,
                        'a base chain needs "type T hook H priority P"',
                    );
                chain.base = {
                    type: w[1],
                    hook: w[hook + 1] ?? "",
                    priority: w[priority + 1] ?? "",
                    line: st[0].line,
                };
            } else if (head === "policy") {
                const v = st[1]?.text;
                if (v !== "accept" && v !== "drop")
                    throw new NftParseError(
                        st[0].line,
                        `policy must be accept or drop, not ${JSON.stringify(v ?? "")}`,
                    );
                chain.policy = { verdict: v, line: st[0].line };
            } else if (head === "comment" && st.length === 2) {
                continue;
            } else {
                chain.rules.push(parseRule(st));
            }
        }
    };
    const setBody = (set: NftSet) => {
        for (;;) {
            skipSeparators();
            if (tokens[i] === undefined || tokens[i].kind === "}") return;
            const st = statement();
            if (st[0].text === "elements") {
                if (st[1]?.text !== "=" || st[2]?.kind !== "{")
                    throw new NftParseError(st[0].line, 'elements needs "= { ... }"');
                set.elements.push(
                    ...st
                        .slice(3)
                        .filter((t) => t.kind === "word" || t.kind === "string")
                        .map((t) => t.text),
                );
            }
            // type, flags, timeout, size, auto-merge: not needed to know what the set holds.
        }
    };
    const tableBody = (table: NftTable) => {
        for (;;) {
            skipSeparators();
            const t = tokens[i];
            if (t === undefined || t.kind === "}") return;
            if (t.kind !== "word")
                throw new NftParseError(t.line, `unexpected "${t.text}" in table ${table.name}`);
            if (t.text === "chain" || t.text === "set") {
                i++;
                const name = expectWord(`${t.text} name`);
                expectOpen(`${t.text} ${name.text}`);
                if (t.text === "chain") {
                    const chain: NftChain = { name: name.text, line: t.line, rules: [] };
                    chainBody(chain);
                    closeBlock(`chain ${name.text}`, t.line);
                    table.chains.push(chain);
                } else {
                    const set: NftSet = { name: name.text, line: t.line, elements: [] };
                    setBody(set);
                    closeBlock(`set ${name.text}`, t.line);
                    table.sets.push(set);
                }
                continue;
            }
            if (t.text === "comment") {
                statement();
                continue;
            }
            throw new NftParseError(
                t.line,
                `unsupported statement "${t.text}" in table ${table.name}`,
            );
        }
    };
    for (;;) {
        skipSeparators();
        const t = tokens[i];
        if (t === undefined) return { tables };
        if (t.kind !== "word") throw new NftParseError(t.line, `unexpected "${t.text}"`);
        if (t.text === "flush" && tokens[i + 1]?.text === "ruleset") {
            i += 2;
            continue;
        }
        if (t.text !== "table")
            throw new NftParseError(
                t.line,
                `unsupported statement "${t.text}" (only "table" blocks and "flush ruleset" are read)`,
            );
        i++;
        const first = expectWord("table family or name");
        // `table NAME {` is family ip.
        const second = tokens[i]?.kind === "word" ? expectWord("table name") : undefined;
        const table: NftTable = {
            family: second ? first.text : "ip",
            name: second ? second.text : first.text,
            line: t.line,
            chains: [],
            sets: [],
        };
        expectOpen(`table ${table.name}`);
        tableBody(table);
        closeBlock(`table ${table.name}`, t.line);
        // The same table may be declared twice: nft merges the blocks.
        const same = tables.find((x) => x.family === table.family && x.name === table.name);
        if (same) {
            same.chains.push(...table.chains);
            same.sets.push(...table.sets);
        } else tables.push(table);
    }
}

/** What one accepting rule lets in, atomised: one family, protocol, port range and source. */
export interface NftGrant {
    /** `inet chom_filter input`. */
    chain: string;
    line: number;
    family: "ip" | "ip6";
    protocol: "tcp" | "udp";
    /** Port range as written (`22`, `9100-9121`); `range` when it parsed. */
    ports: { text: string; range?: PortRange };
    /** Source as written (`0.0.0.0/0` for a rule with no saddr); `cidr` when it parsed. */
    source: { text: string; cidr?: Cidr };
    limit?: { perMinute: number; burst: number };
    /** The rule as written. */
    rule: string;
}

/** What a chain lets through: its grants and what happens to everything else. */
export interface ChainAnalysis {
    chain: string;
    grants: NftGrant[];
    /** Verdict for a new connection no grant matches. */
    defaultVerdict: "accept" | "drop";
    /** `policy drop (line 4)` or `rule at line 20: ct state new drop`. */
    defaultWhere: string;
}

const WORLD = { ip: "0.0.0.0/0", ip6: "::/0" } as const;

function matchOf(rule: NftRule, ...selectors: string[]): NftMatch | undefined {
    return rule.matches.find((m) => selectors.includes(m.selector));
}

/** True when the rule matches every new connection (no match, or only `ct state new`). */
function unconditional(rule: NftRule): boolean {
    return (
        rule.limit === undefined &&
        rule.matches.every(
            (m) => m.selector === "ct state" && m.op === "==" && m.values.includes("new"),
        )
    );
}

/**
 * Reads what a chain accepts. `mode` "input" judges a base chain (accept lets in, policy is
 * the default); "docker-user" judges Docker's DOCKER-USER chain (return or accept hand the
 * packet back to Docker, which forwards it; the default is return). Matches it cannot narrow
 * by (interfaces, destination addresses) are ignored, so a grant is never smaller than the
 * rule: the reading errs towards "open".
 */
export function analyzeChain(
    table: NftTable,
    chain: NftChain,
    mode: "input" | "docker-user",
): ChainAnalysis {
    const label = `${table.family} ${table.name} ${chain.name}`;
    const grants: NftGrant[] = [];
    const families: ("ip" | "ip6")[] =
        table.family === "ip" ? ["ip"] : table.family === "ip6" ? ["ip6"] : ["ip", "ip6"];
    const passes = mode === "input" ? ["accept"] : ["accept", "return"];
    const walk = (
        c: NftChain,
        depth: number,
    ): { verdict: "accept" | "drop"; where: string } | undefined => {
        if (depth > 16)
            throw new NftParseError(
                c.line,
                `jumps nest deeper than 16 chains (a loop?) in ${label}`,
            );
        for (const rule of c.rules) {
            const v = rule.verdict;
            if (v === undefined || v.kind === "continue") continue;
            if (v.kind === "jump" || v.kind === "goto") {
                const target = table.chains.find((x) => x.name === v.target);
                if (target === undefined)
                    throw new NftParseError(
                        rule.line,
                        `${v.kind} to chain ${v.target}, which table ${table.name} does not define`,
                    );
                const end = walk(target, depth + 1);
                if (unconditional(rule)) {
                    if (end !== undefined) return end;
                    if (v.kind === "goto") return undefined;
                    continue;
                }
                // A conditional jump to a chain that ends accepting lets in what the jump matches.
                if (end?.verdict === "accept")
                    grants.push(...grantsOf(table, label, rule, families, mode));
                continue;
            }
            if (unconditional(rule))
                return {
                    verdict: passes.includes(v.kind) ? "accept" : "drop",
                    where: `rule at line ${rule.line}: ${rule.text}`,
                };
            if (!passes.includes(v.kind)) continue;
            grants.push(...grantsOf(table, label, rule, families, mode));
        }
        return undefined;
    };
    const end = walk(chain, 0);
    if (end !== undefined)
        return { chain: label, grants, defaultVerdict: end.verdict, defaultWhere: end.where };
    if (mode === "docker-user")
        return {
            chain: label,
            grants,
            defaultVerdict: "accept",
            defaultWhere: "no final drop: Docker forwards what DOCKER-USER returns",
        };
    const policy = chain.policy;
    return {
        chain: label,
        grants,
        defaultVerdict: policy?.verdict ?? "accept",
        defaultWhere: policy
            ? `policy ${policy.verdict} (line ${policy.line})`
            : "no policy: nft's default is accept",
    };
}

function grantsOf(
    table: NftTable,
    label: string,
    rule: NftRule,
    tableFamilies: ("ip" | "ip6")[],
    mode: "input" | "docker-user",
): NftGrant[] {
    const state = matchOf(rule, "ct state");
    // Established/related traffic is not a new connection: it opens nothing.
    if (state && state.op === "==" && !state.values.includes("new")) return [];
    const iface = matchOf(rule, "meta iif", "meta iifname");
    if (iface && iface.op === "==") {
        const local = (name: string) =>
            name === "lo" || (mode === "docker-user" && /^(br-|docker)/.test(name));
        // Loopback (and, in DOCKER-USER, containers' own bridges) is not inbound traffic.
        if (iface.values.every(local)) return [];
    }
    let families = tableFamilies;
    const nfproto = matchOf(rule, "meta nfproto");
    if (nfproto && nfproto.op === "==")
        families = families.filter((f) => nfproto.values.includes(f === "ip" ? "ipv4" : "ipv6"));
    if (rule.matches.some((m) => m.selector.startsWith("ip6 ")))
        families = families.filter((f) => f === "ip6");
    if (rule.matches.some((m) => m.selector.startsWith("ip ")))
        families = families.filter((f) => f === "ip");
    let protocols: ("tcp" | "udp")[] = ["tcp", "udp"];
    const l4 = matchOf(rule, "meta l4proto", "ip protocol", "ip6 nexthdr", "ct original protocol");
    if (l4 && l4.op === "==") protocols = protocols.filter((p) => l4.values.includes(p));
    if (rule.matches.some((m) => m.selector.startsWith("tcp ")))
        protocols = protocols.filter((p) => p === "tcp");
    if (rule.matches.some((m) => m.selector.startsWith("udp ")))
        protocols = protocols.filter((p) => p === "udp");
    const dport = matchOf(rule, "tcp dport", "udp dport", "th dport", "ct original proto-dst");
    const portTexts = dport && dport.op === "==" ? dport.values : ["1-65535"];
    const limit =
        rule.limit && !rule.limit.over
            ? { perMinute: rule.limit.perMinute, burst: rule.limit.burst }
            : undefined;
    const out: NftGrant[] = [];
    for (const family of families) {
        const saddr = matchOf(rule, `${family} saddr`);
        let sources = saddr && saddr.op === "==" ? saddr.values : [WORLD[family]];
        sources = sources.flatMap((s) => {
            if (!s.startsWith("@")) return [s];
            const set = table.sets.find((x) => x.name === s.slice(1));
            if (set === undefined)
                throw new NftParseError(
                    rule.line,
                    `set ${s} is not defined in table ${table.name}`,
                );
            return set.elements;
        });
        for (const protocol of protocols) {
            for (const portText of portTexts) {
                const range = parsedOrUndefined(parsePortRange, portText);
                for (const sourceText of sources) {
                    const cidr = parsedOrUndefined(parseCidr, sourceText);
                    // A source of the other family does not apply to this one.
                    if (cidr && cidr.family !== (family === "ip" ? 4 : 6)) continue;
                    out.push({
                        chain: label,
                        line: rule.line,
                        family,
                        protocol,
                        ports: { text: portText, range },
                        source: { text: sourceText, cidr },
                        limit,
                        rule: rule.text,
                    });
                }
            }
        }
    }
    return out;
}

/** Filter base chains on the input hook, with their tables. */
export function inputChains(ruleset: NftRuleset): { table: NftTable; chain: NftChain }[] {
    return ruleset.tables.flatMap((table) =>
        table.chains
            .filter((c) => c.base?.hook === "input" && c.base.type === "filter")
            .map((chain) => ({ table, chain })),
    );
}

/** Docker's DOCKER-USER chains (iptables-nft puts it in `table ip filter`). */
export function dockerUserChains(ruleset: NftRuleset): { table: NftTable; chain: NftChain }[] {
    return ruleset.tables.flatMap((table) =>
        table.chains.filter((c) => c.name === "DOCKER-USER").map((chain) => ({ table, chain })),
    );
}
