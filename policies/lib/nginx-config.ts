/**
 * A small nginx configuration parser and a reader of the TLS-relevant settings it yields.
 * The TLS rules judge the config the nginx container really mounts (TlsProps.nginxConfig),
 * so they need nginx's own syntax and inheritance, not substring matches: a commented-out
 * `ssl_protocols`, a directive in another server block, or an `add_header` in a location
 * (which drops every inherited header there) all change what nginx does.
 *
 * The npm nginx parsers were looked at (nginx-conf, @webantic/nginx-config-parser): they are
 * file editors without line numbers, and a failure must name the line, so this is our own.
 */
import { ScanStep, tokenizeConfig } from "./config-scan";
import { LineParseError } from "./line-parse-error";

/** Thrown for text nginx would refuse to load; the message starts with `line N:`. */
export class NginxParseError extends LineParseError {
    override name = "NginxParseError";
}

/** One directive: `name args;` or `name args { children }`. */
export interface NginxDirective {
    name: string;
    /** Arguments with quotes removed and escapes resolved. */
    args: string[];
    /** 1-based line of the directive's name. */
    line: number;
    /** Present for block directives (`server`, `location`, `if`, ...). */
    block?: NginxDirective[];
}

interface Token {
    kind: "word" | ";" | "{" | "}";
    text: string;
    line: number;
}

/**
 * nginx resolves `\"`, `\'`, `\\`, `\t`, `\r`, `\n`; any other backslash stays (regexes need it).
 */
function unescape(next: string): string {
    if (next === '"' || next === "'" || next === "\\") return next;
    return ({ n: "\n", r: "\r", t: "\t" } as Record<string, string>)[next] ?? `\\${next}`;
}

const PUNCTUATION = [";", "{", "}"] as const;

/** Splits nginx text into words and punctuation, as ngx_conf_read_token does. */
function tokenize(text: string): Token[] {
    // `#` opens a comment only where a token could start: the shared step sees it there.
    return tokenizeConfig<(typeof PUNCTUATION)[number], never, Token>(
        text,
        PUNCTUATION,
        undefined,
        (i, line) =>
            text[i] === '"' || text[i] === "'"
                ? readQuoted(text, i, line)
                : readWord(text, i, line),
    );
}

/** A quoted word from its opening quote at `i`, escapes resolved; it may span lines. */
function readQuoted(text: string, i: number, line: number): ScanStep<Token> {
    const quote = text[i];
    const start = line;
    let value = "";
    i++;
    for (;;) {
        if (i >= text.length)
            throw new NginxParseError(
                start,
                `unterminated ${quote === '"' ? "double" : "single"}-quoted string`,
            );
        const d = text[i];
        if (d === "\n") line++;
        if (d === "\\" && i + 1 < text.length) {
            value += unescape(text[i + 1]);
            i += 2;
            continue;
        }
        if (d === quote) {
            i++;
            break;
        }
        value += d;
        i++;
    }
    // nginx wants a separator after a closing quote ("unexpected ... after quoted string").
    const next = text[i];
    if (next !== undefined && !/[ \t\r\n;{}]/.test(next))
        throw new NginxParseError(line, `unexpected "${next}" after a quoted string`);
    return { next: i, line, token: { kind: "word", text: value, line: start } };
}

/** An unquoted word from `i`: up to a blank, `;` or a brace that is not part of `${var}`. */
function readWord(text: string, i: number, line: number): ScanStep<Token> {
    let value = "";
    while (i < text.length) {
        const d = text[i];
        // nginx's separators: any other character, a form feed too, is part of the word.
        if (/[ \t\r\n;]/.test(d)) break;
        // `${var}` is part of a word; any other brace ends it.
        if (d === "{" && value.endsWith("$")) {
            const close = text.indexOf("}", i);
            if (close < 0) throw new NginxParseError(line, "unterminated ${...} variable");
            value += text.slice(i, close + 1);
            i = close + 1;
            continue;
        }
        if (d === "{" || d === "}") break;
        if (d === "\\" && i + 1 < text.length && text[i + 1] !== "\n") {
            value += unescape(text[i + 1]);
            i += 2;
            continue;
        }
        value += d;
        i++;
    }
    return { next: i, line, token: { kind: "word", text: value, line } };
}

/** Parses nginx text into directives. Throws NginxParseError naming the line. */
export function parseNginxConfig(text: string): NginxDirective[] {
    const tokens = tokenize(text);
    let pos = 0;
    const lastLine = tokens.length ? tokens[tokens.length - 1].line : 1;
    function block(depth: number, openedAt: number): NginxDirective[] {
        const list: NginxDirective[] = [];
        for (;;) {
            const t = tokens[pos];
            if (t === undefined) {
                if (depth > 0)
                    throw new NginxParseError(
                        lastLine,
                        `unexpected end of file: the block opened at line ${openedAt} is not closed with "}"`,
                    );
                return list;
            }
            if (t.kind === "}") {
                if (depth === 0) throw new NginxParseError(t.line, `unexpected "}"`);
                pos++;
                return list;
            }
            if (t.kind !== "word") throw new NginxParseError(t.line, `unexpected "${t.text}"`);
            pos++;
            const args: string[] = [];
            for (;;) {
                const a = tokens[pos];
                if (a === undefined)
                    throw new NginxParseError(
                        lastLine,
                        `unexpected end of file: directive "${t.text}" (line ${t.line}) is not ended with ";" or "{"`,
                    );
                pos++;
                if (a.kind === "word") {
                    args.push(a.text);
                    continue;
                }
                if (a.kind === ";") {
                    list.push({ name: t.text, args, line: t.line });
                    break;
                }
                if (a.kind === "{") {
                    list.push({
                        name: t.text,
                        args,
                        line: t.line,
                        block: block(depth + 1, a.line),
                    });
                    break;
                }
                throw new NginxParseError(
                    a.line,
                    `unexpected "}" in directive "${t.text}" (line ${t.line}): missing ";"`,
                );
            }
        }
    }
    return block(0, 0);
}

/** A directive's value with the line it was set on. */
export interface Setting<T> {
    value: T;
    line: number;
}

/** One `add_header name value [always];`. */
export interface HeaderSetting {
    name: string;
    value: string;
    /** Without `always`, nginx adds the header to 2xx/3xx responses only (not to error pages). */
    always: boolean;
    line: number;
}

/** One `listen` of a server block. */
export interface Listen {
    port: number;
    ssl: boolean;
    line: number;
}

/** A location (or nested location) whose own `add_header`s replace the server's. */
export interface HeaderOverride {
    /** `location / ` arguments as written, e.g. `~ \.php$`. */
    location: string;
    line: number;
    headers: HeaderSetting[];
}

/** A `return` that answers a request. */
export interface ReturnSetting {
    code: number;
    target: string;
    line: number;
}

/** `limit_req zone=... [burst=N] [nodelay]` in effect. */
export interface LimitReqSetting {
    zone: string;
    burst?: number;
    line: number;
}

/** `limit_req_zone key zone=name:size rate=Nr/s`, with the rate per second. */
export interface LimitZone {
    name: string;
    key: string;
    perSecond: number;
    line: number;
}

/** A location of a server block and what it does with a request, for the HTTP redirect rule. */
export interface LocationSummary {
    /** `/`, `= /health`, `~ \.php$` ... */
    match: string;
    line: number;
    /** Its `return`, when it answers with one. */
    return?: ReturnSetting;
}

/** The effective settings of one server block (own directives, else inherited from http). */
export interface ServerView {
    /** Line of `server {`. */
    line: number;
    listens: Listen[];
    /** True when one of its listens has `ssl` (or the legacy `ssl on;`). */
    ssl: boolean;
    /** Distinct ports it listens on. */
    ports: number[];
    /** `server block listening on 443` (line added by callers where useful). */
    label: string;
    /** Undefined when neither the server nor http sets it (nginx's built-in default applies). */
    sslProtocols?: Setting<string[]>;
    sslCiphers?: Setting<string>;
    sslPreferServerCiphers?: Setting<boolean>;
    /** Effective server_tokens; undefined = nginx default (`on`). */
    serverTokens?: Setting<string>;
    /** Locations (any depth) that set server_tokens themselves. */
    locationServerTokens: Setting<string>[];
    /** Effective add_header list at server level. */
    headers: HeaderSetting[];
    /** Locations whose own add_headers replace `headers` there. */
    headerOverrides: HeaderOverride[];
    /** Effective limit_req at server level (empty when none). */
    limitReq: LimitReqSetting[];
    /** Effective `limit_req_dry_run on` (requests are counted, never refused). */
    limitReqDryRun?: Setting<boolean>;
    /** Locations whose own limit_req replaces the server's there. */
    limitReqOverrides: { location: string; line: number; limits: LimitReqSetting[] }[];
    /** A `return` directly in the server block. */
    return?: ReturnSetting;
    /** Top-level locations. */
    locations: LocationSummary[];
    /** `include` directives at http or server level (their content is not visible here). */
    includes: Setting<string>[];
}

/** What the rendered config does, per server block. */
export interface NginxView {
    servers: ServerView[];
    zones: LimitZone[];
}

function listenOf(d: NginxDirective): Listen | undefined {
    const addr = d.args[0] ?? "";
    if (addr.startsWith("unix:")) return undefined;
    const portText = /^\d+$/.test(addr) ? addr : /:(\d+)$/.exec(addr)?.[1];
    // An address without a port listens on 80.
    return {
        port: portText === undefined ? 80 : Number(portText),
        ssl: d.args.slice(1).includes("ssl"),
        line: d.line,
    };
}

function last(list: NginxDirective[], name: string): NginxDirective | undefined {
    return [...list].reverse().find((d) => d.name === name);
}

function headersOf(list: NginxDirective[]): HeaderSetting[] {
    return list
        .filter((d) => d.name === "add_header")
        .map((d) => ({
            name: d.args[0] ?? "",
            value: d.args[1] ?? "",
            always: d.args[2] === "always",
            line: d.line,
        }));
}

function limitsOf(list: NginxDirective[]): LimitReqSetting[] {
    return list
        .filter((d) => d.name === "limit_req")
        .map((d) => {
            const zone = d.args.find((a) => a.startsWith("zone="))?.slice(5) ?? "";
            const burst = d.args.find((a) => a.startsWith("burst="));
            return {
                zone,
                burst: burst === undefined ? undefined : Number(burst.slice(6)),
                line: d.line,
            };
        });
}

function returnOf(list: NginxDirective[]): ReturnSetting | undefined {
    const d = list.find((x) => x.name === "return");
    if (d === undefined) return undefined;
    // `return URL` alone means 302.
    if (d.args.length === 1 && !/^\d+$/.test(d.args[0]))
        return { code: 302, target: d.args[0], line: d.line };
    return { code: Number(d.args[0]), target: d.args[1] ?? "", line: d.line };
}

const RATE = /^(\d+(?:\.\d+)?)r\/(s|m)$/;

function zoneOf(d: NginxDirective): LimitZone | undefined {
    const zone = d.args.find((a) => a.startsWith("zone="))?.slice(5);
    const rate = RATE.exec(d.args.find((a) => a.startsWith("rate="))?.slice(5) ?? "");
    if (zone === undefined || rate === null) return undefined;
    const n = Number(rate[1]);
    return {
        name: zone.split(":")[0],
        key: d.args[0] ?? "",
        perSecond: rate[2] === "s" ? n : n / 60,
        line: d.line,
    };
}

/** Visits every location block at any depth below `list` (inside `if` blocks too). */
function walkLocations(
    list: NginxDirective[],
    visit: (loc: NginxDirective, match: string) => void,
): void {
    for (const d of list) {
        if (d.block === undefined) continue;
        if (d.name === "location") visit(d, d.args.join(" "));
        if (d.name === "location" || d.name === "if") walkLocations(d.block, visit);
    }
}

function serverView(server: NginxDirective, http: NginxDirective[]): ServerView {
    const body = server.block ?? [];
    const listens = body
        .filter((d) => d.name === "listen")
        .map(listenOf)
        .filter((l): l is Listen => l !== undefined);
    // A server without `listen` listens on *:80.
    if (!body.some((d) => d.name === "listen"))
        listens.push({ port: 80, ssl: false, line: server.line });
    const legacySsl = last(body, "ssl")?.args[0] === "on";
    const ssl = legacySsl || listens.some((l) => l.ssl);
    const ports = [...new Set(listens.map((l) => l.port))];
    const setting = (name: string): NginxDirective | undefined =>
        last(body, name) ?? last(http, name);
    const proto = setting("ssl_protocols");
    const ciphers = setting("ssl_ciphers");
    const prefer = setting("ssl_prefer_server_ciphers");
    const tokens = setting("server_tokens");
    const dryRun = setting("limit_req_dry_run");
    // add_header and limit_req are inherited only by a level that sets none of its own.
    const headers = headersOf(body).length > 0 ? headersOf(body) : headersOf(http);
    const limitReq = limitsOf(body).length > 0 ? limitsOf(body) : limitsOf(http);
    const headerOverrides: HeaderOverride[] = [];
    const limitReqOverrides: ServerView["limitReqOverrides"] = [];
    const locationServerTokens: Setting<string>[] = [];
    walkLocations(body, (loc, match) => {
        const own = loc.block ?? [];
        if (headersOf(own).length > 0)
            headerOverrides.push({ location: match, line: loc.line, headers: headersOf(own) });
        if (limitsOf(own).length > 0)
            limitReqOverrides.push({ location: match, line: loc.line, limits: limitsOf(own) });
        const t = last(own, "server_tokens");
        if (t !== undefined) locationServerTokens.push({ value: t.args[0] ?? "", line: t.line });
    });
    const locations = body
        .filter((d) => d.name === "location")
        .map((d) => ({ match: d.args.join(" "), line: d.line, return: returnOf(d.block ?? []) }));
    const includes = [...http, ...body]
        .filter((d) => d.name === "include")
        .map((d) => ({ value: d.args[0] ?? "", line: d.line }));
    return {
        line: server.line,
        listens,
        ssl,
        ports,
        label: `server block listening on ${ports.join(", ")}`,
        sslProtocols: proto && { value: proto.args, line: proto.line },
        sslCiphers: ciphers && { value: ciphers.args.join(" "), line: ciphers.line },
        sslPreferServerCiphers: prefer && { value: prefer.args[0] === "on", line: prefer.line },
        serverTokens: tokens && { value: tokens.args[0] ?? "", line: tokens.line },
        locationServerTokens,
        headers,
        headerOverrides,
        limitReq,
        limitReqDryRun: dryRun && { value: dryRun.args[0] === "on", line: dryRun.line },
        limitReqOverrides,
        return: returnOf(body),
        locations,
        includes,
    };
}

/**
 * Reads parsed directives as a file included in nginx's `http` context (conf.d/*.conf), or as
 * a whole nginx.conf when it has an `http` block.
 */
export function readNginxView(directives: NginxDirective[]): NginxView {
    const httpBlock = directives.find((d) => d.name === "http" && d.block !== undefined);
    const http = httpBlock?.block ?? directives;
    const servers = http
        .filter((d) => d.name === "server" && d.block !== undefined)
        .map((s) => serverView(s, http));
    const zones = http
        .filter((d) => d.name === "limit_req_zone")
        .map(zoneOf)
        .filter((z): z is LimitZone => z !== undefined);
    return { servers, zones };
}

/** Parses and reads in one step. Throws NginxParseError. */
export function readNginxConfig(text: string): NginxView {
    return readNginxView(parseNginxConfig(text));
}

/** HSTS header value read: `max-age=N; includeSubDomains; preload`. */
export function parseHsts(value: string): {
    maxAgeSeconds?: number;
    includeSubDomains: boolean;
    preload: boolean;
} {
    const parts = value
        .split(";")
        .map((p) => p.trim().toLowerCase())
        .filter((p) => p !== "");
    const age = parts.map((p) => /^max-age\s*=\s*"?(\d+)"?$/.exec(p)).find((m) => m !== null);
    return {
        maxAgeSeconds: age ? Number(age[1]) : undefined,
        includeSubDomains: parts.includes("includesubdomains"),
        preload: parts.includes("preload"),
    };
}
