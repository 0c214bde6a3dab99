import * as assert from "assert";
import { nftQuoted, renderNftables } from "../../../infra/render/nftables";
import {
    analyzeChain,
    dockerUserChains,
    inputChains,
    NftGrant,
    NftParseError,
    parseNftables,
} from "../../../policies/lib/nftables-ruleset";
import { caseTables } from "../../helpers/case-tables";
import { configText } from "../../helpers/config-text";
import { firewallProps } from "../../helpers/fixture-stack";
import { renderedFixture } from "../../helpers/rendered-fixture";
import { thrownBy } from "../../helpers/thrown";

/** `ip tcp 22 10.10.100.0/24 10/5 @13` per grant, for compact assertions. */
const brief = (g: NftGrant): string =>
    `${g.family} ${g.protocol} ${g.ports.text} ${g.source.text}${g.limit ? ` ${g.limit.perMinute}/${g.limit.burst}` : ""} @${g.line}`;

function inputOf(text: string) {
    const ruleset = parseNftables(text);
    const [{ table, chain }] = inputChains(ruleset);
    return analyzeChain(table, chain, "input");
}

/** Parse error tables: rule or ruleset text -> message (nftables-ruleset.cases.yaml). */
const TABLES = caseTables(__filename, ["ruleErrors", "blockErrors"]);

const ACCEPT_HEAD = "type filter hook input priority 0; policy accept;";

/** A one-chain inet table whose input chain has `head` (default: policy drop) and `body`. */
const chain = (body: string, head = "type filter hook input priority 0; policy drop;") =>
    `table inet t {\n  chain c {\n    ${head}\n    ${body}\n  }\n}\n`;

/** A chain's default verdict, where it is decided, and its grants (brief). */
const outcome = (a: ReturnType<typeof inputOf>) => [
    a.defaultVerdict,
    a.defaultWhere,
    a.grants.map(brief),
];

/** The message of the NftParseError that parsing `text` and reading its input chains throws. */
function parseError(text: string): string {
    const read = () => {
        const ruleset = parseNftables(text);
        for (const { table, chain } of inputChains(ruleset)) analyzeChain(table, chain, "input");
    };
    return thrownBy(read, NftParseError).message;
}

/**
 * What the rendered ruleset grants (brief, without the line), at its line in the input chain and in
 * DOCKER-USER: the same grants in both, but for IPv6, which DOCKER-USER (an ip table) never sees.
 */
const RENDERED_GRANTS: [grant: string, inputLine: number, dockerUserLine?: number][] = [
    ["ip tcp 80 0.0.0.0/0", 9, 27],
    ["ip6 tcp 80 ::/0", 10],
    ["ip tcp 443 0.0.0.0/0", 11, 28],
    ["ip6 tcp 443 ::/0", 12],
    ["ip tcp 22 10.10.100.0/24 10/5", 13, 29],
    ["ip tcp 9090 10.10.100.0/24", 14, 30],
    ["ip tcp 9090 10.10.100.10/32", 14, 30],
    ["ip tcp 3000 10.10.100.0/24", 15, 31],
    ["ip tcp 3100 10.10.100.0/24", 16, 32],
    ["ip tcp 3100 10.10.100.10/32", 16, 32],
];

describe("nftables ruleset reader (policies/lib/nftables-ruleset)", () => {
    describe("on the program's rendered ruleset (infra/render/nftables, fixture config)", () => {
        const rendered = renderedFixture(firewallProps, "nftablesRuleset", renderNftables);
        it("parses the tables, chains, base chain header and rules", () => {
            const ruleset = parseNftables(rendered());
            const chainsPerTable = ruleset.tables.map(
                (t) =>
                    `${t.family} ${t.name}: ${t.chains.map((c) => `${c.name}:${c.rules.length}`).join(" ")}`,
            );
            assert.deepStrictEqual(chainsPerTable, [
                "inet chom_filter: input:12 output:0",
                "ip filter: DOCKER-USER:10",
            ]);
            const input = ruleset.tables[0].chains[0];
            assert.deepStrictEqual(
                [input.base, input.policy],
                [
                    { type: "filter", hook: "input", priority: "filter", line: 4 },
                    { verdict: "drop", line: 4 },
                ],
            );
            const ssh = input.rules.find((r) => r.line === 13)!;
            assert.deepStrictEqual(ssh.matches, [
                { selector: "ip saddr", op: "==", values: ["10.10.100.0/24"] },
                { selector: "tcp dport", op: "==", values: ["22"] },
                { selector: "ct state", op: "==", values: ["new"] },
            ]);
            assert.deepStrictEqual(
                [ssh.limit, ssh.verdict, ssh.comment],
                [
                    { over: false, perMinute: 10, burst: 5 },
                    { kind: "accept" },
                    "SSH from admin network",
                ],
            );
            assert.deepStrictEqual(input.rules[0].matches, [
                { selector: "ct state", op: "==", values: ["established", "related"] },
            ]);
        });
        it("reads what the input chain accepts: web to the world, the rest from admin sources, SSH rate limited", () => {
            const input = inputOf(rendered());
            assert.deepStrictEqual(
                [input.chain, input.defaultVerdict, input.defaultWhere],
                ["inet chom_filter input", "drop", "policy drop (line 4)"],
            );
            // Established traffic, loopback and ICMP open no port.
            assert.deepStrictEqual(
                input.grants.map(brief),
                RENDERED_GRANTS.map(([grant, line]) => `${grant} @${line}`),
            );
        });
        it("reads the DOCKER-USER chain: returns are what Docker forwards, the final drop is the default", () => {
            const ruleset = parseNftables(rendered());
            const [{ table, chain }] = dockerUserChains(ruleset);
            const du = analyzeChain(table, chain, "docker-user");
            assert.deepStrictEqual(
                [du.chain, du.defaultVerdict, du.defaultWhere],
                ["ip filter DOCKER-USER", "drop", "rule at line 33: ct state new drop"],
            );
            assert.deepStrictEqual(
                du.grants.map(brief),
                RENDERED_GRANTS.flatMap(([grant, , line]) => (line ? [`${grant} @${line}`] : [])),
            );
        });
    });

    describe("hand-written variants", () => {
        it("a policy accept, no policy, or a final unconditional verdict decide the default", () => {
            assert.deepStrictEqual(
                [
                    inputOf(chain("", ACCEPT_HEAD)).defaultWhere,
                    inputOf(chain("", "type filter hook input priority 0;")).defaultVerdict,
                ],
                ["policy accept (line 3)", "accept"],
            );
            const closed = inputOf(
                chain(
                    "tcp dport 22 accept\n    ct state new drop\n    tcp dport 8080 accept",
                    ACCEPT_HEAD,
                ),
            );
            assert.deepStrictEqual(outcome(closed), [
                "drop",
                "rule at line 5: ct state new drop",
                ["ip tcp 22 0.0.0.0/0 @4", "ip6 tcp 22 ::/0 @4"],
            ]);
            assert.deepStrictEqual(inputOf(chain("accept")).defaultWhere, "rule at line 4: accept");
        });
        it("expands port sets and ranges, both protocols without one, named sets, and != as everything", () => {
            const a = inputOf(
                chain(
                    [
                        "ip saddr @admins tcp dport { 22, 8000-8100 } accept",
                        "ip6 saddr != { 2001:db8::/32 } udp dport 53 accept",
                        "meta nfproto ipv4 ip saddr 198.51.100.7 limit rate over 5/second accept",
                        "ip saddr 203.0.113.0/24 limit rate 2/second accept",
                    ].join("\n    "),
                ).replace(
                    "  chain c",
                    "  set admins { type ipv4_addr; flags interval; elements = { 10.0.0.0/8,\n 192.0.2.1 } }\n  chain c",
                ),
            );
            assert.deepStrictEqual(a.grants.map(brief), [
                "ip tcp 22 10.0.0.0/8 @6",
                "ip tcp 22 192.0.2.1 @6",
                "ip tcp 8000-8100 10.0.0.0/8 @6",
                "ip tcp 8000-8100 192.0.2.1 @6",
                "ip6 udp 53 ::/0 @7",
                "ip tcp 1-65535 198.51.100.7 @8",
                "ip udp 1-65535 198.51.100.7 @8",
                "ip tcp 1-65535 203.0.113.0/24 120/5 @9",
                "ip udp 1-65535 203.0.113.0/24 120/5 @9",
            ]);
        });
        it("follows a jump into a chain that accepts, and a conditional jump to one that ends accepting", () => {
            const text =
                "table inet t {\n chain ssh { ip saddr 10.0.0.0/8 accept\n }\n chain all { accept\n }\n chain input {\n  type filter hook input priority 0; policy drop;\n" +
                "  tcp dport 22 jump ssh\n  tcp dport 8443 jump all\n }\n}\n";
            const ruleset = parseNftables(text);
            const t = ruleset.tables[0];
            const a = analyzeChain(
                t,
                t.chains.find((c) => c.name === "input")!,
                "input",
            );
            assert.deepStrictEqual(
                [a.defaultVerdict, a.grants.map(brief)],
                [
                    "drop",
                    [
                        "ip tcp 1-65535 10.0.0.0/8 @2",
                        "ip udp 1-65535 10.0.0.0/8 @2",
                        "ip tcp 8443 0.0.0.0/0 @9",
                        "ip6 tcp 8443 ::/0 @9",
                    ],
                ],
            );
        });
        it("merges a table declared twice, and reads `flush ruleset` and a table without family (ip)", () => {
            const r = parseNftables(
                "flush ruleset\ntable x { chain a { } }\ntable x { chain b { } }\n",
            );
            assert.deepStrictEqual(
                r.tables.map((t) => [t.family, t.name, t.chains.map((c) => c.name)]),
                [["ip", "x", ["a", "b"]]],
            );
        });
        it("names the line of what it cannot read", () => {
            assert.strictEqual(
                parseError(chain("tcp dportt 22 accept")),
                `line 4: unsupported expression "tcp dportt"`,
            );
            assert.strictEqual(
                parseError(chain("", "type filter hook input priority 0; policy reject;")),
                'line 3: policy must be accept or drop, not "reject"',
            );
            assert.strictEqual(
                parseError(chain("ip saddr @nobody accept")),
                "line 4: set @nobody is not defined in table t",
            );
            assert.strictEqual(
                parseError(chain("tcp dport 22 jump nowhere")),
                "line 4: jump to chain nowhere, which table t does not define",
            );
            assert.strictEqual(
                parseError("table inet t {\n  chain c {\n    type filter hook input priority 0;\n"),
                `line 3: unexpected end of file: chain c opened at line 2 is not closed with "}"`,
            );
            assert.strictEqual(
                parseError("add rule inet t c tcp dport 22 accept\n"),
                `line 1: unsupported statement "add" (only "table" blocks and "flush ruleset" are read)`,
            );
            assert.strictEqual(
                parseError(chain("tcp dport 22 accept counter")),
                `line 4: "counter" after the verdict`,
            );
            // The chain's "}" closes the set, so the table is what stays open.
            assert.strictEqual(
                parseError(chain("ip saddr { 10.0.0.1 accept")),
                `line 6: unexpected end of file: table t opened at line 1 is not closed with "}"`,
            );
            assert.strictEqual(
                parseError("table inet t {\n chain c {\n  ip saddr { 10.0.0.1,\n"),
                `line 3: unexpected end of file: a set is not closed with "}"`,
            );
            assert.strictEqual(
                parseError(chain("limit rate 10 mbytes/second accept")),
                `line 4: limit rate "10" is not N/second|minute|hour|day|week (packets)`,
            );
            assert.strictEqual(
                parseError(chain('comment "open')),
                "line 4: unterminated quoted string",
            );
        });
    });
});

describe("nftables ruleset reader: grammar edges and exact errors", () => {
    const rulesOf = (text: string) => parseNftables(text).tables[0].chains[0].rules;
    const grants = (body: string, head?: string) => inputOf(chain(body, head)).grants.map(brief);

    it("throws an NftParseError named NftParseError carrying the line", () => {
        const e = thrownBy(() => parseNftables("table inet t {\n  { }\n}\n"), NftParseError);
        assert.deepStrictEqual(
            [e.name, e.line, e.message],
            ["NftParseError", 2, 'line 2: unexpected "{" in table t'],
        );
    });

    describe("tokens", () => {
        it("joins a line continued with a backslash and counts its lines", () => {
            const rules = rulesOf(chain("tcp dport \\\n 22 accept\n    tcp dport 23 accept"));
            assert.deepStrictEqual(
                rules.map((r) => [r.line, r.text]),
                [
                    [4, "tcp dport 22 accept"],
                    [6, "tcp dport 23 accept"],
                ],
            );
        });
        it("skips tabs and carriage returns", () => {
            const rules = rulesOf(
                "table inet t {\r\n\tchain c {\r\n\t\ttcp\tdport 22 accept\r\n\t}\r\n}\r\n",
            );
            assert.deepStrictEqual(
                rules.map((r) => [r.line, r.text, r.matches]),
                [[3, "tcp dport 22 accept", [{ selector: "tcp dport", op: "==", values: ["22"] }]]],
            );
        });
        it("reads a comment and a word that end the file without a newline", () => {
            assert.deepStrictEqual(
                parseNftables("table x { }\n# the end").tables.map((t) => t.name),
                ["x"],
            );
            assert.deepStrictEqual(
                parseNftables("table x { }\nflush ruleset").tables.map((t) => t.name),
                ["x"],
            );
        });
        it("fails a quoted string that never closes", () => {
            assert.strictEqual(
                parseError('table inet t {\n chain c {\n  accept comment "open'),
                "line 3: unterminated quoted string",
            );
        });
        it("writes the rule text with quoted strings and commas as written", () => {
            const [r] = rulesOf(
                chain('ip saddr { 10.0.0.1 , 10.0.0.2 } tcp dport 22 accept comment "two hosts"'),
            );
            assert.strictEqual(
                r.text,
                'ip saddr { 10.0.0.1, 10.0.0.2 } tcp dport 22 accept comment "two hosts"',
            );
            assert.strictEqual(r.comment, "two hosts");
        });
    });

    describe("rules", () => {
        it("reads values: string values, a comma list, a set of strings, named operators", () => {
            const rules = rulesOf(
                chain(
                    [
                        'iifname "eth0" tcp dport 22,23 accept',
                        'meta iifname { "eth0", "eth1" } tcp dport ne 25 accept',
                        "tcp dport != 26 udp dport eq 53 tcp sport ge 1024 accept",
                        "iifname original accept",
                    ].join("\n    "),
                ),
            );
            assert.deepStrictEqual(
                rules.map((r) => r.matches),
                [
                    [
                        { selector: "meta iifname", op: "==", values: ["eth0"] },
                        { selector: "tcp dport", op: "==", values: ["22", "23"] },
                    ],
                    [
                        { selector: "meta iifname", op: "==", values: ["eth0", "eth1"] },
                        { selector: "tcp dport", op: "!=", values: ["25"] },
                    ],
                    [
                        { selector: "tcp dport", op: "!=", values: ["26"] },
                        { selector: "udp dport", op: "==", values: ["53"] },
                        { selector: "tcp sport", op: ">=", values: ["1024"] },
                    ],
                    [{ selector: "meta iifname", op: "==", values: ["original"] }],
                ],
            );
        });
        it("reads a rule without a verdict that ends with a value or a limit", () => {
            const rules = rulesOf(chain("tcp dport 22\n    limit rate 3/minute"));
            assert.deepStrictEqual(
                rules.map((r) => [r.matches.length, r.limit, r.verdict]),
                [
                    [1, undefined, undefined],
                    [0, { over: false, perMinute: 3, burst: 5 }, undefined],
                ],
            );
        });
        it("reads reject (with its reason), continue, goto, counter and log", () => {
            const rules = rulesOf(
                chain(
                    [
                        "tcp dport 23 reject with tcp reset",
                        'reject with icmpx type admin-prohibited comment "last"',
                        "continue",
                        "tcp dport 24 goto c",
                        "counter packets 0 bytes 0 tcp dport 25 accept",
                        'log prefix "in: " level info tcp dport 26 accept',
                        "counter log accept",
                    ].join("\n    "),
                ),
            );
            assert.deepStrictEqual(
                rules.map((r) => [
                    r.verdict,
                    r.comment,
                    r.matches.map((m) => `${m.selector} ${m.values}`),
                ]),
                [
                    [{ kind: "reject" }, undefined, ["tcp dport 23"]],
                    [{ kind: "reject" }, "last", []],
                    [{ kind: "continue" }, undefined, []],
                    [{ kind: "goto", target: "c" }, undefined, ["tcp dport 24"]],
                    [{ kind: "accept" }, undefined, ["tcp dport 25"]],
                    [{ kind: "accept" }, undefined, ["tcp dport 26"]],
                    [{ kind: "accept" }, undefined, []],
                ],
            );
        });
        it("reads a comment given as a word, and a chain's own comment as no rule", () => {
            const c = parseNftables(
                chain('comment "the input chain"\n    tcp dport 22 accept comment ssh'),
            ).tables[0].chains[0];
            assert.deepStrictEqual(
                c.rules.map((r) => [r.line, r.comment]),
                [[5, "ssh"]],
            );
        });
        it("reads limits: over, units, a burst in packets or without unit", () => {
            const rules = rulesOf(
                chain(
                    [
                        "limit rate over 120/hour accept",
                        "limit rate 10/minute burst 20 packets accept",
                        "limit rate 1/second burst 3 accept",
                    ].join("\n    "),
                ),
            );
            assert.deepStrictEqual(
                rules.map((r) => [r.limit, r.verdict]),
                [
                    [{ over: true, perMinute: 2, burst: 5 }, { kind: "accept" }],
                    [{ over: false, perMinute: 10, burst: 20 }, { kind: "accept" }],
                    [{ over: false, perMinute: 60, burst: 3 }, { kind: "accept" }],
                ],
            );
        });
        it("reads ct original and ct reply selectors", () => {
            const [r] = rulesOf(
                chain(
                    "ct original proto-dst 443 ct reply saddr 10.0.0.1 ct original protocol tcp accept",
                ),
            );
            assert.deepStrictEqual(
                r.matches.map((m) => m.selector),
                ["ct original proto-dst", "ct reply saddr", "ct original protocol"],
            );
        });
        it("names what a rule cannot be read for", () => {
            assert.deepStrictEqual(
                TABLES.ruleErrors.map(([body]) => parseError(chain(body))),
                TABLES.ruleErrors.map(([, message]) => message),
            );
        });
        it("names the line of a rule continued over lines by the token that fails", () => {
            assert.strictEqual(
                parseError(chain("tcp dport 22 \\\n  frobnicate \\\n  accept")),
                'line 5: unsupported expression "frobnicate"',
            );
        });
    });

    describe("blocks", () => {
        it("names what a table, chain, set or base chain header cannot be read for", () => {
            assert.deepStrictEqual(
                TABLES.blockErrors.map(([text]) => parseError(text)),
                TABLES.blockErrors.map(([, message]) => message),
            );
        });
        it("reads a base chain header with a hook or priority left empty", () => {
            const c = (head: string) =>
                parseNftables(`table inet t { chain c { ${head} } }`).tables[0].chains[0].base;
            assert.deepStrictEqual(c("type filter priority 0 hook"), {
                type: "filter",
                hook: "",
                priority: "0",
                line: 1,
            });
            assert.deepStrictEqual(c("type filter hook input priority"), {
                type: "filter",
                hook: "input",
                priority: "",
                line: 1,
            });
        });
        it("reads sets (string elements, other set statements skipped), table comments, and tables apart by family and name", () => {
            const r = parseNftables(configText`
                table inet t {
                  comment "host filter"
                  set ifs { type ifname; elements = { "eth0", "eth1" }; }
                  chain c { }
                }
                table ip t { }
                table inet u { }
            `);
            assert.deepStrictEqual(
                r.tables.map((t) => [
                    t.family,
                    t.name,
                    t.line,
                    t.sets,
                    t.chains.map((c) => c.name),
                ]),
                [
                    ["inet", "t", 1, [{ name: "ifs", line: 3, elements: ["eth0", "eth1"] }], ["c"]],
                    ["ip", "t", 6, [], []],
                    ["inet", "u", 7, [], []],
                ],
            );
        });
    });

    describe("what a chain accepts", () => {
        it("reads an ip6 table as IPv6 only, an ip table as IPv4 only", () => {
            const ip6 = inputOf(
                "table ip6 t { chain c { type filter hook input priority 0; tcp dport 22 accept\n } }",
            );
            assert.deepStrictEqual(
                [ip6.chain, ip6.grants.map(brief)],
                ["ip6 t c", ["ip6 tcp 22 ::/0 @1"]],
            );
            assert.deepStrictEqual(
                inputOf(
                    "table ip t { chain c { type filter hook input priority 0; tcp dport 22 accept\n } }",
                ).grants.map(brief),
                ["ip tcp 22 0.0.0.0/0 @1"],
            );
        });
        it("lets nothing in for reject, drop, return or a rule without verdict in an input chain", () => {
            assert.deepStrictEqual(
                grants(
                    "tcp dport 21 reject\n    tcp dport 22 drop\n    tcp dport 23 return\n    tcp dport 24 counter\n    tcp dport 25 accept",
                ),
                ["ip tcp 25 0.0.0.0/0 @8", "ip6 tcp 25 ::/0 @8"],
            );
        });
        it("takes an unconditional reject as the default drop, and skips continue and rules without verdict", () => {
            const a = inputOf(
                chain(
                    "counter\n    continue\n    tcp dport 22 accept\n    reject with icmpx type admin-prohibited",
                    ACCEPT_HEAD,
                ),
            );
            assert.deepStrictEqual(outcome(a), [
                "drop",
                "rule at line 7: reject with icmpx type admin-prohibited",
                ["ip tcp 22 0.0.0.0/0 @6", "ip6 tcp 22 ::/0 @6"],
            ]);
        });
        it("does not take a limited, negated-state or non-state rule as unconditional", () => {
            const limited = inputOf(chain("limit rate 10/second accept"));
            assert.deepStrictEqual(outcome(limited), [
                "drop",
                "policy drop (line 3)",
                [
                    "ip tcp 1-65535 0.0.0.0/0 600/5 @4",
                    "ip udp 1-65535 0.0.0.0/0 600/5 @4",
                    "ip6 tcp 1-65535 ::/0 600/5 @4",
                    "ip6 udp 1-65535 ::/0 600/5 @4",
                ],
            ]);
            assert.strictEqual(
                inputOf(chain("ct state != new drop\n    ct state new drop")).defaultWhere,
                "rule at line 5: ct state new drop",
            );
            assert.strictEqual(
                inputOf(chain("iifname new drop\n    ct state new drop")).defaultWhere,
                "rule at line 5: ct state new drop",
            );
            assert.strictEqual(
                inputOf(chain("ct state established drop\n    ct state new drop")).defaultWhere,
                "rule at line 5: ct state new drop",
            );
        });
        it("follows unconditional jumps and gotos into chains with and without an end", () => {
            const text = (rules: string) =>
                `table inet t {\n chain open { tcp dport 22 accept\n }\n chain closed { drop\n }\n chain input {\n  type filter hook input priority 0; policy drop;\n  ${rules}\n  tcp dport 80 accept\n }\n}\n`;
            const of = (rules: string) => {
                const t = parseNftables(text(rules)).tables[0];
                const a = analyzeChain(
                    t,
                    t.chains.find((c) => c.name === "input")!,
                    "input",
                );
                return [a.defaultWhere, a.grants.map(brief)];
            };
            assert.deepStrictEqual(of("jump open"), [
                "policy drop (line 7)",
                [
                    "ip tcp 22 0.0.0.0/0 @2",
                    "ip6 tcp 22 ::/0 @2",
                    "ip tcp 80 0.0.0.0/0 @9",
                    "ip6 tcp 80 ::/0 @9",
                ],
            ]);
            assert.deepStrictEqual(of("goto open"), [
                "policy drop (line 7)",
                ["ip tcp 22 0.0.0.0/0 @2", "ip6 tcp 22 ::/0 @2"],
            ]);
            assert.deepStrictEqual(of("jump closed"), ["rule at line 4: drop", []]);
            assert.deepStrictEqual(of("tcp dport 443 jump closed"), [
                "policy drop (line 7)",
                ["ip tcp 80 0.0.0.0/0 @9", "ip6 tcp 80 ::/0 @9"],
            ]);
        });
        it("follows jumps 16 chains deep, and no deeper", () => {
            const nest = (n: number) => {
                const chains = Array.from(
                    { length: n },
                    (_, k) =>
                        ` chain c${k + 1} { ${k + 1 < n ? `jump c${k + 2}` : "tcp dport 22 accept"}\n }`,
                );
                const t = parseNftables(
                    `table inet t {\n${chains.join("\n")}\n chain input { type filter hook input priority 0; jump c1\n }\n}\n`,
                ).tables[0];
                return analyzeChain(
                    t,
                    t.chains.find((c) => c.name === "input")!,
                    "input",
                );
            };
            assert.deepStrictEqual(
                nest(16).grants.map((g) => `${g.family} ${g.ports.text}`),
                ["ip 22", "ip6 22"],
            );
            assert.throws(
                () => nest(17),
                (e: Error) =>
                    e instanceof NftParseError &&
                    e.message ===
                        "line 34: jumps nest deeper than 16 chains (a loop?) in inet t input",
            );
        });
        it("reads the default of a chain with no policy and of a DOCKER-USER chain with no final drop", () => {
            const none = inputOf(chain("", "type filter hook input priority 0;"));
            assert.deepStrictEqual(
                [none.defaultVerdict, none.defaultWhere],
                ["accept", "no policy: nft's default is accept"],
            );
            const r = parseNftables(
                "table ip filter {\n chain DOCKER-USER {\n  tcp dport 22 accept\n  tcp dport 23 return\n  tcp dport 24 drop\n }\n}\n",
            );
            const [{ table, chain: du }] = dockerUserChains(r);
            const a = analyzeChain(table, du, "docker-user");
            assert.deepStrictEqual(outcome(a), [
                "accept",
                "no final drop: Docker forwards what DOCKER-USER returns",
                ["ip tcp 22 0.0.0.0/0 @3", "ip tcp 23 0.0.0.0/0 @4"],
            ]);
        });
        it("reads conntrack state, interfaces and nfproto: established opens nothing, loopback and (in DOCKER-USER) bridges are local", () => {
            assert.deepStrictEqual(
                grants(
                    [
                        "ct state != established tcp dport 22 accept",
                        'iifname != "lo" tcp dport 23 accept',
                        'iifname "eth0" tcp dport 24 accept',
                        'iifname "docker0" tcp dport 25 accept',
                        'iifname { "lo", "eth0" } tcp dport 26 accept',
                        'iifname "lo" tcp dport 27 accept',
                        "meta nfproto != ipv4 tcp dport 28 accept",
                        "meta nfproto ipv6 tcp dport 29 accept",
                    ].join("\n    "),
                ),
                [
                    "ip tcp 22 0.0.0.0/0 @4",
                    "ip6 tcp 22 ::/0 @4",
                    "ip tcp 23 0.0.0.0/0 @5",
                    "ip6 tcp 23 ::/0 @5",
                    "ip tcp 24 0.0.0.0/0 @6",
                    "ip6 tcp 24 ::/0 @6",
                    "ip tcp 25 0.0.0.0/0 @7",
                    "ip6 tcp 25 ::/0 @7",
                    "ip tcp 26 0.0.0.0/0 @8",
                    "ip6 tcp 26 ::/0 @8",
                    "ip tcp 28 0.0.0.0/0 @10",
                    "ip6 tcp 28 ::/0 @10",
                    "ip6 tcp 29 ::/0 @11",
                ],
            );
            const r = parseNftables(
                'table ip filter {\n chain DOCKER-USER {\n  iifname "docker0" accept\n  iifname "br-1a2b" accept\n  iifname "eth-docker" tcp dport 22 accept\n  drop\n }\n}\n',
            );
            const [{ table, chain: du }] = dockerUserChains(r);
            assert.deepStrictEqual(analyzeChain(table, du, "docker-user").grants.map(brief), [
                "ip tcp 22 0.0.0.0/0 @5",
            ]);
        });
        it("reads the protocol from meta l4proto, ip protocol, ip6 nexthdr and ct original protocol, and ports from th and ct original proto-dst", () => {
            assert.deepStrictEqual(
                grants(
                    [
                        "ip protocol tcp accept",
                        "ip6 nexthdr udp accept",
                        "ct original protocol tcp ct original proto-dst 8443 accept",
                        "meta l4proto != tcp th dport 53 accept",
                        "tcp dport != 22 accept",
                    ].join("\n    "),
                ),
                [
                    "ip tcp 1-65535 0.0.0.0/0 @4",
                    "ip6 udp 1-65535 ::/0 @5",
                    "ip tcp 8443 0.0.0.0/0 @6",
                    "ip6 tcp 8443 ::/0 @6",
                    "ip tcp 53 0.0.0.0/0 @7",
                    "ip udp 53 0.0.0.0/0 @7",
                    "ip6 tcp 53 ::/0 @7",
                    "ip6 udp 53 ::/0 @7",
                    "ip tcp 1-65535 0.0.0.0/0 @8",
                    "ip6 tcp 1-65535 ::/0 @8",
                ],
            );
        });
        it("takes a named set by its name and skips its elements of the other family; keeps unreadable ports and sources as written", () => {
            const text = chain(
                "ip saddr @mixed tcp dport 22 accept\n    ip saddr @other tcp dport ssh accept",
            ).replace(
                "  chain c",
                "  set other { elements = { 10.9.9.9, db.example } }\n  set mixed { elements = { 10.0.0.0/8, 2001:db8::/32 } }\n  chain c",
            );
            const a = inputOf(text);
            assert.deepStrictEqual(
                a.grants.map((g) => [brief(g), g.ports.range, g.source.cidr?.prefix]),
                [
                    ["ip tcp 22 10.0.0.0/8 @6", { from: 22, to: 22 }, 8],
                    ["ip tcp ssh 10.9.9.9 @7", undefined, 32],
                    ["ip tcp ssh db.example @7", undefined, undefined],
                ],
            );
        });
        it("lists only filter chains on the input hook as input chains", () => {
            const r = parseNftables(
                "table inet t {\n chain n { type nat hook input priority 0; }\n chain o { type filter hook output priority 0; }\n chain plain { }\n chain i { type filter hook input priority 0; }\n}\n",
            );
            assert.deepStrictEqual(
                inputChains(r).map(({ chain: c }) => c.name),
                ["i"],
            );
        });
    });
});

describe("renderNftables on a comment that is no nft string", () => {
    it("refuses a newline or a quote in a comment rather than render an injected rule", () => {
        assert.strictEqual(
            nftQuoted("SSH from the admin network", "c"),
            '"SSH from the admin network"',
        );
        for (const bad of [
            'HTTP"\n    tcp dport 1-65535 accept comment "owned',
            "a\\b",
            "",
            "x".repeat(129),
            "esc\u001b",
        ]) {
            assert.throws(
                () => nftQuoted(bad, "firewall rule 80/tcp comment"),
                /^Error: firewall rule 80\/tcp comment: .* cannot be an nftables string \(1-128 characters, no quote, backslash or control character\)$/,
            );
        }
    });
});
