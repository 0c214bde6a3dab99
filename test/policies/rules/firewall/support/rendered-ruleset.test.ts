import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import type { Outcome } from "../../../../../policies/lib/judge";
import type { ResourceRule, StackRule, Subject } from "../../../../../policies/lib/rule";
import { adminPortsNotWorldOpen } from "../../../../../policies/rules/firewall/admin-ports-not-world-open";
import { inboundDefaultDeny } from "../../../../../policies/rules/firewall/inbound-default-deny";
import { onlyWebPortsWorldOpen } from "../../../../../policies/rules/firewall/only-web-ports-world-open";
import { publishedPortsFiltered } from "../../../../../policies/rules/firewall/published-ports-filtered";
import { sensitivePortsNotWorldOpen } from "../../../../../policies/rules/firewall/sensitive-ports-not-world-open";
import { sshAdminOnlyRateLimited } from "../../../../../policies/rules/firewall/ssh-admin-only-rate-limited";
import {
    describeGrantPorts,
    extraFindings,
    grantHasPortOutside,
    grantPortsIn,
    isWorldGrant,
    missingFindings,
    nftLimitOf,
    readRenderedFirewall,
    RenderedFirewall,
    renderedDefaultAccepts,
} from "../../../../../policies/rules/firewall/support/rendered-ruleset";
import { parseCidr, parsePortRange } from "../../../../../policies/lib/net";
import type { NftGrant } from "../../../../../policies/lib/nftables-ruleset";
import type { FirewallProps } from "../../../../../policies/lib/subjects";
import {
    compliantStack,
    firewall,
    firewallProps,
    replace,
} from "../../../../helpers/fixture-stack";
import { judgeAll, judgeOne } from "../../../../helpers/rules";
import { withUnknownProp } from "../../../../helpers/unknown-props";

type AnyConfig = Record<string, unknown>;
const RESOURCE_RULES = [
    inboundDefaultDeny,
    onlyWebPortsWorldOpen,
    sshAdminOnlyRateLimited,
    adminPortsNotWorldOpen,
] as unknown as ResourceRule<AnyConfig>[];
const STACK_RULES = [
    sensitivePortsNotWorldOpen,
    publishedPortsFiltered,
] as unknown as StackRule<AnyConfig>[];
const EMPTY =
    "firewall landsraad_tst-firewall carries no rendered nftables ruleset (nftablesRuleset empty): what the host filters cannot be judged";

/** The firewall's outcome under any firewall rule. */
function judge(rule: ResourceRule<AnyConfig> | StackRule<AnyConfig>, fw: Subject): Outcome {
    if (rule.scope === "resource") return judgeOne(rule, fw);
    const out = judgeAll(rule, replace(compliantStack(), fw));
    assert.notStrictEqual(out, "NOT_APPLICABLE");
    return (out as Map<string, Outcome>).get(fw.name)!;
}

describe("firewall rules judge the rendered nftables ruleset (FirewallProps.nftablesRuleset)", () => {
    for (const rule of [...RESOURCE_RULES, ...STACK_RULES]) {
        describe(rule.id, () => {
            it("passes the program's rendering of the compliant firewall", () => {
                assert.strictEqual(judge(rule, firewall()).state, "PASS");
            });
            it("fails an empty rendered ruleset and an unreadable one, naming the line", () => {
                assert.strictEqual(judge(rule, firewall({ nftablesRuleset: "" })).message, EMPTY);
                const broken = firewall({
                    nftablesRuleset: firewallProps().nftablesRuleset.replace(
                        "policy drop;",
                        "policy reject;",
                    ),
                });
                assert.strictEqual(
                    judge(rule, broken).message,
                    'firewall landsraad_tst-firewall rendered nftables ruleset cannot be read: line 4: policy must be accept or drop, not "reject"',
                );
            });
            it("throws UnknownValueError when the rendered ruleset is unknown at preview", () => {
                assert.throws(
                    () => judge(rule, withUnknownProp(firewall(), "nftablesRuleset")),
                    UnknownValueError,
                );
            });
        });
    }
    it("reads a declared rateLimit as the nft limit it stands for (ufw limit: count - 1 per window)", () => {
        assert.deepStrictEqual(nftLimitOf({ count: 6, perSeconds: 30 }), {
            perMinute: 10,
            burst: 5,
        });
        assert.deepStrictEqual(nftLimitOf({ count: 1, perSeconds: 60 }), {
            perMinute: 1,
            burst: 1,
        });
        assert.deepStrictEqual(nftLimitOf({ count: 6, perSeconds: 7 }), {
            perMinute: 43,
            burst: 5,
        });
        assert.strictEqual(nftLimitOf(undefined), undefined);
    });
    it("passes the program's rendering of other declarations: IPv6 admin sources, a udp range, reject default, no DOCKER-USER", () => {
        const fw = firewall({
            defaultInbound: "reject",
            enforcedInDockerUserChain: false,
            adminSources: ["10.10.100.0/24", "2001:db8::/48"],
            rules: [
                ...firewallProps().rules,
                {
                    port: "60000-61000",
                    protocol: "udp",
                    sources: ["2001:db8::/48", "10.10.100.0/24"],
                    comment: "mosh",
                },
            ],
        });
        for (const rule of [
            inboundDefaultDeny,
            onlyWebPortsWorldOpen,
            sshAdminOnlyRateLimited,
            adminPortsNotWorldOpen,
        ] as unknown as ResourceRule<AnyConfig>[]) {
            assert.strictEqual(judgeOne(rule, fw).state, "PASS", rule.id);
        }
    });
});

describe("the rendered ruleset read against the declaration (rendered-ruleset helpers)", () => {
    /** Firewall fields as a test sets them, rules possibly malformed. */
    type P = Record<string, unknown>;
    const FW = "firewall landsraad_tst-firewall";
    /** An inet table whose input chain (policy drop) holds `rules` from line 4 on. */
    const INPUT = (rules: string[], extra = "") =>
        `table inet f {\n chain input {\n  type filter hook input priority 0; policy drop;\n  ${rules.join("\n  ")}\n }\n${extra}}\n`;
    const read = (nftablesRuleset: unknown, p: P = {}) =>
        readRenderedFirewall(
            firewall({
                enforcedInDockerUserChain: false,
                ...p,
                nftablesRuleset,
            } as Partial<FirewallProps>),
        );
    const view = (nftablesRuleset: string, p: P = {}): RenderedFirewall => {
        const v = read(nftablesRuleset, p);
        assert.strictEqual(v.problem, undefined);
        return v as RenderedFirewall;
    };
    const brief = (g: {
        kind: string;
        family: string;
        protocol: string;
        ports: { text: string };
        source: { text: string };
    }) => `${g.kind} ${g.family} ${g.protocol} ${g.ports.text} ${g.source.text}`;
    const lines = (v: RenderedFirewall) => v.extra.map((g) => `${brief(g)} @${g.line}`);

    it("reads a null rateLimit as no limit", () => {
        assert.strictEqual(nftLimitOf(null as unknown as undefined), undefined);
    });
    it("says whether the ruleset is missing or not a string", () => {
        const problem = (what: string) =>
            `${FW} carries no rendered nftables ruleset (nftablesRuleset ${what}): what the host filters cannot be judged`;
        assert.deepStrictEqual(
            [read(undefined), read(null), read(42), read("  \n")].map((v) => v.problem),
            [problem("missing"), problem("missing"), problem("not a string"), problem("empty")],
        );
    });
    it("reads a declared rule without a sources list as allowing nothing", () => {
        const v = view(INPUT(["tcp dport 22 accept"]), {
            rules: [{ port: 22, protocol: "tcp", sources: null as unknown as string[] }],
        });
        assert.deepStrictEqual(
            [lines(v), v.missing],
            [["input ip tcp 22 0.0.0.0/0 @4", "input ip6 tcp 22 ::/0 @4"], []],
        );
    });
    it("compares ports and sources it cannot parse by their text, family and protocol included", () => {
        const v = view(
            INPUT([
                "ip saddr db.example tcp dport http accept",
                "ip saddr db.example tcp dport https accept",
                "ip saddr cache.example tcp dport http accept",
                "ip6 saddr db.example tcp dport http accept",
                "ip saddr db.example udp dport http accept",
            ]),
            { rules: [{ port: "http", protocol: "tcp", sources: ["db.example"] }] },
        );
        assert.deepStrictEqual(
            [lines(v), v.missing],
            [
                [
                    "input ip tcp https db.example @5",
                    "input ip tcp http cache.example @6",
                    "input ip6 tcp http db.example @7",
                    "input ip udp http db.example @8",
                ],
                [],
            ],
        );
    });
    it("covers a narrower rendered port and source with a declared range, and misses the part not rendered", () => {
        const v = view(INPUT(["ip saddr 10.1.0.0/16 tcp dport 8080 accept"]), {
            rules: [{ port: "8000-8100", protocol: "tcp", sources: ["10.0.0.0/8"] }],
        });
        assert.deepStrictEqual(
            [lines(v), v.missing.map(brief)],
            [[], ["input ip tcp 8000-8100 10.0.0.0/8"]],
        );
    });
    it("takes a rendered limit looser than the declared one (rate or burst) as extra, naming the declared limit", () => {
        const p: P = {
            rules: [
                {
                    port: 22,
                    protocol: "tcp",
                    sources: ["10.0.0.0/8"],
                    rateLimit: { count: 6, perSeconds: 30 },
                },
            ],
        };
        const v = view(
            INPUT([
                "ip saddr 10.0.0.0/8 tcp dport 22 limit rate 10/minute accept",
                "ip saddr 10.0.0.0/8 tcp dport 22 limit rate 11/minute accept",
                "ip saddr 10.0.0.0/8 tcp dport 22 limit rate 10/minute burst 6 packets accept",
            ]),
            p,
        );
        assert.deepStrictEqual(
            [lines(v), v.missing],
            [["input ip tcp 22 10.0.0.0/8 @5", "input ip tcp 22 10.0.0.0/8 @6"], []],
        );
        assert.deepStrictEqual(
            extraFindings("fw", { ...firewallProps(), ...p } as FirewallProps, v),
            [
                "firewall fw's rendered nftables ruleset accepts 22/tcp from 10.0.0.0/8 at most 11 new connections per minute (burst 5) (chain inet f input, line 5) but declared rule #1 (22/tcp) allows it at most 10 new connections per minute (burst 5)",
                "firewall fw's rendered nftables ruleset accepts 22/tcp from 10.0.0.0/8 at most 10 new connections per minute (burst 6) (chain inet f input, line 6) but declared rule #1 (22/tcp) allows it at most 10 new connections per minute (burst 5)",
            ],
        );
    });
    it("reads return in an input chain as opening nothing", () => {
        assert.deepStrictEqual(lines(view(INPUT(["tcp dport 23 return"]), { rules: [] })), []);
    });
    it("takes the input chain that drops by default as the one that decides, else the first", () => {
        const two = (a: string, b: string) =>
            `table inet f {\n chain a { type filter hook input priority 0; policy ${a}; }\n chain b { type filter hook input priority 0; policy ${b}; }\n}\n`;
        assert.deepStrictEqual(
            [
                view(two("accept", "drop")).inputDefault?.chain,
                view(two("accept", "accept")).inputDefault?.chain,
            ],
            ["inet f b", "inet f a"],
        );
    });
    it("compares DOCKER-USER only when the firewall is enforced there and the ruleset has the chain", () => {
        const rules = [{ port: 22, protocol: "tcp", sources: ["10.0.0.0/8"] }];
        const du =
            "table ip filter {\n chain DOCKER-USER {\n  tcp dport 23 accept\n  drop\n }\n}\n";
        const notEnforced = view(INPUT(["ip saddr 10.0.0.0/8 tcp dport 22 accept"]) + du, {
            rules,
            enforcedInDockerUserChain: false,
        });
        assert.deepStrictEqual([lines(notEnforced), notEnforced.missing], [[], []]);
        const noChain = view(INPUT([]), { rules, enforcedInDockerUserChain: true });
        assert.deepStrictEqual(
            [lines(noChain), noChain.missing.map(brief)],
            [[], ["input ip tcp 22 10.0.0.0/8"]],
        );
        const both = view(INPUT([]) + du, { rules, enforcedInDockerUserChain: true });
        assert.deepStrictEqual(
            [lines(both), both.missing.map(brief)],
            [
                ["docker-user ip tcp 23 0.0.0.0/0 @9"],
                ["input ip tcp 22 10.0.0.0/8", "docker-user ip tcp 22 10.0.0.0/8"],
            ],
        );
    });
    it("does not let an IPv6 rule declared for the input chain cover an IPv6 grant in an inet DOCKER-USER chain", () => {
        const p: P = {
            rules: [{ port: 22, protocol: "tcp", sources: ["2001:db8::/48"] }],
            enforcedInDockerUserChain: true,
        };
        const text = INPUT(
            ["ip6 saddr 2001:db8::/48 tcp dport 22 accept"],
            " chain DOCKER-USER {\n  ip6 saddr 2001:db8::/48 tcp dport 22 accept\n  drop\n }\n",
        );
        const v = view(text, p);
        assert.deepStrictEqual(
            [lines(v), v.missing],
            [["docker-user ip6 tcp 22 2001:db8::/48 @7"], []],
        );
        assert.deepStrictEqual(
            extraFindings("fw", { ...firewallProps(), ...p } as FirewallProps, v),
            [
                "firewall fw's rendered nftables ruleset accepts 22/tcp from 2001:db8::/48 with no rate limit (chain inet f DOCKER-USER, line 7) but no declared rule allows it",
            ],
        );
    });
    it("groups a rendered rule's sources once each, in one finding", () => {
        const v = view(INPUT(["ip saddr { 10.0.0.1, 10.0.0.2, 10.0.0.1 } tcp dport 22 accept"]), {
            rules: [],
        });
        assert.deepStrictEqual(
            extraFindings("fw", { ...firewallProps(), rules: [] } as FirewallProps, v),
            [
                "firewall fw's rendered nftables ruleset accepts 22/tcp from 10.0.0.1, 10.0.0.2 with no rate limit (chain inet f input, line 4) but no declared rule allows it",
            ],
        );
    });
    it("names each declared rule the ruleset misses once per chain, with its comment when it has one", () => {
        const rules = [
            { port: 22, protocol: "tcp", sources: ["10.0.0.0/8", "192.0.2.0/24"], comment: "" },
            {
                port: 3000,
                protocol: "tcp",
                sources: ["10.0.0.0/8"],
                comment: "Grafana",
                rateLimit: { count: 6, perSeconds: 30 },
            },
            {
                port: 3100,
                protocol: "tcp",
                sources: ["10.0.0.0/8"],
                comment: 7 as unknown as string,
            },
        ];
        const v = view(INPUT([]) + "table ip filter {\n chain DOCKER-USER {\n  drop\n }\n}\n", {
            rules,
            enforcedInDockerUserChain: true,
        });
        assert.deepStrictEqual(missingFindings("fw", v), [
            "firewall fw declares rule #1 (22/tcp) from 10.0.0.0/8, 192.0.2.0/24 with no rate limit but its rendered nftables ruleset does not accept it in its input chain",
            "firewall fw declares rule #1 (22/tcp) from 10.0.0.0/8, 192.0.2.0/24 with no rate limit but its rendered nftables ruleset does not accept it in its DOCKER-USER chain",
            'firewall fw declares rule #2 (3000/tcp "Grafana") from 10.0.0.0/8 at most 10 new connections per minute (burst 5) but its rendered nftables ruleset does not accept it in its input chain',
            'firewall fw declares rule #2 (3000/tcp "Grafana") from 10.0.0.0/8 at most 10 new connections per minute (burst 5) but its rendered nftables ruleset does not accept it in its DOCKER-USER chain',
            "firewall fw declares rule #3 (3100/tcp) from 10.0.0.0/8 with no rate limit but its rendered nftables ruleset does not accept it in its input chain",
            "firewall fw declares rule #3 (3100/tcp) from 10.0.0.0/8 with no rate limit but its rendered nftables ruleset does not accept it in its DOCKER-USER chain",
        ]);
    });
    describe("a rendered grant's ports and source", () => {
        const grant = (ports: string, source = "0.0.0.0/0"): NftGrant => {
            const g: NftGrant = {
                chain: "inet f input",
                line: 4,
                family: "ip",
                protocol: "tcp",
                ports: { text: ports },
                source: { text: source },
                rule: "",
            };
            try {
                g.ports.range = parsePortRange(ports);
            } catch {
                /* kept as text */
            }
            try {
                g.source.cidr = parseCidr(source);
            } catch {
                /* kept as text */
            }
            return g;
        };
        it("is the world only with a /0 source", () => {
            assert.deepStrictEqual(
                [
                    grant("22").source.cidr?.prefix,
                    isWorldGrant(grant("22")),
                    isWorldGrant(grant("22", "10.0.0.0/8")),
                    isWorldGrant(grant("22", "db.example")),
                ],
                [0, true, false, false],
            );
        });
        it("holds the given ports inside its range, all of them when unreadable", () => {
            assert.deepStrictEqual(
                [
                    grantPortsIn(grant("80-443"), [22, 80, 443, 444]),
                    grantPortsIn(grant("ssh"), [22, 80]),
                ],
                [
                    [80, 443],
                    [22, 80],
                ],
            );
        });
        it("has a port outside the allowed ones unless every port of its range is allowed", () => {
            assert.deepStrictEqual(
                [
                    grantHasPortOutside(grant("ssh"), [22]),
                    grantHasPortOutside(grant("80"), [80]),
                    grantHasPortOutside(grant("80"), [443]),
                    grantHasPortOutside(grant("80-81"), [80, 81]),
                    grantHasPortOutside(grant("80-81"), [79, 80, 80, 82]),
                    grantHasPortOutside(grant("80-82"), [80, 82]),
                    grantHasPortOutside(grant("443"), [80, 443]),
                ],
                [true, false, true, false, true, true, false],
            );
        });
        it("is described as one port or a range", () => {
            assert.deepStrictEqual(
                [
                    describeGrantPorts(grant("22")),
                    describeGrantPorts(grant("80-443")),
                    describeGrantPorts(grant("ssh")),
                ],
                ["port 22/tcp", "ports 80-443/tcp", "ports ssh/tcp"],
            );
        });
    });
    it("says why the rendered default accepts only when the declaration denies or rejects", () => {
        const accepting = view(INPUT([]).replace("policy drop", "policy accept"));
        const none = view("table inet f {\n chain c { }\n}\n");
        const props = (defaultInbound: string) =>
            ({ ...firewallProps(), defaultInbound }) as FirewallProps;
        assert.deepStrictEqual(
            [
                renderedDefaultAccepts(props("allow"), accepting),
                renderedDefaultAccepts(props("deny"), accepting),
                renderedDefaultAccepts(props("reject"), accepting),
                renderedDefaultAccepts(props("reject"), none),
                renderedDefaultAccepts(props("deny"), view(INPUT([]))),
            ],
            [
                undefined,
                "chain inet f input: policy accept (line 3)",
                "chain inet f input: policy accept (line 3)",
                "no filter chain on the input hook",
                undefined,
            ],
        );
    });
});
