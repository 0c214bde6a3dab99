import * as assert from "assert";
import { renderNftables } from "../../../infra/render/nftables";
import { analyzeChain, dockerUserChains, inputChains, NftGrant, NftParseError, parseNftables } from "../../../policies/lib/nftables-ruleset";
import { firewallProps } from "../../fixtures/stack";

const rendered = (): string => firewallProps().nftablesRuleset;

/** `ip tcp 22 10.10.100.0/24 10/5 @13` per grant, for compact assertions. */
const brief = (g: NftGrant): string => `${g.family} ${g.protocol} ${g.ports.text} ${g.source.text}${g.limit ? ` ${g.limit.perMinute}/${g.limit.burst}` : ""} @${g.line}`;

function inputOf(text: string) {
    const ruleset = parseNftables(text);
    const [{ table, chain }] = inputChains(ruleset);
    return analyzeChain(table, chain, "input");
}

function parseError(text: string): string {
    try {
        const ruleset = parseNftables(text);
        for (const { table, chain } of inputChains(ruleset)) analyzeChain(table, chain, "input");
    } catch (e) {
        assert.ok(e instanceof NftParseError, String(e));
        return e.message;
    }
    return assert.fail("parsed");
}

describe("nftables ruleset reader (policies/lib/nftables-ruleset)", () => {
    describe("on the program's rendered ruleset (infra/render/nftables, fixture config)", () => {
        it("is the renderer's output for the fixture fields", () => {
            const { nftablesRuleset, ...fields } = firewallProps();
            assert.strictEqual(nftablesRuleset, renderNftables(fields));
        });
        it("parses the tables, chains, base chain header and rules", () => {
            const ruleset = parseNftables(rendered());
            assert.deepStrictEqual(ruleset.tables.map((t) => [t.family, t.name, t.chains.map((c) => `${c.name}:${c.rules.length}`)]), [
                ["inet", "chom_filter", ["input:12", "output:0"]], ["ip", "filter", ["DOCKER-USER:10"]],
            ]);
            const input = ruleset.tables[0].chains[0];
            assert.deepStrictEqual([input.base, input.policy], [{ type: "filter", hook: "input", priority: "filter", line: 4 }, { verdict: "drop", line: 4 }]);
            const ssh = input.rules.find((r) => r.line === 13)!;
            assert.deepStrictEqual(ssh.matches, [
                { selector: "ip saddr", op: "==", values: ["10.10.100.0/24"] }, { selector: "tcp dport", op: "==", values: ["22"] }, { selector: "ct state", op: "==", values: ["new"] },
            ]);
            assert.deepStrictEqual([ssh.limit, ssh.verdict, ssh.comment], [{ over: false, perMinute: 10, burst: 5 }, { kind: "accept" }, "SSH from admin network"]);
            assert.deepStrictEqual(input.rules[0].matches, [{ selector: "ct state", op: "==", values: ["established", "related"] }]);
        });
        it("reads what the input chain accepts: web to the world, the rest from admin sources, SSH rate limited", () => {
            const input = inputOf(rendered());
            assert.deepStrictEqual([input.chain, input.defaultVerdict, input.defaultWhere], ["inet chom_filter input", "drop", "policy drop (line 4)"]);
            // Established traffic, loopback and ICMP open no port.
            assert.deepStrictEqual(input.grants.map(brief), [
                "ip tcp 80 0.0.0.0/0 @9", "ip6 tcp 80 ::/0 @10", "ip tcp 443 0.0.0.0/0 @11", "ip6 tcp 443 ::/0 @12",
                "ip tcp 22 10.10.100.0/24 10/5 @13", "ip tcp 9090 10.10.100.0/24 @14", "ip tcp 9090 10.10.100.10/32 @14",
                "ip tcp 3000 10.10.100.0/24 @15", "ip tcp 3100 10.10.100.0/24 @16", "ip tcp 3100 10.10.100.10/32 @16",
            ]);
        });
        it("reads the DOCKER-USER chain: returns are what Docker forwards, the final drop is the default", () => {
            const ruleset = parseNftables(rendered());
            const [{ table, chain }] = dockerUserChains(ruleset);
            const du = analyzeChain(table, chain, "docker-user");
            assert.deepStrictEqual([du.chain, du.defaultVerdict, du.defaultWhere], ["ip filter DOCKER-USER", "drop", "rule at line 33: ct state new drop"]);
            assert.deepStrictEqual(du.grants.map(brief), [
                "ip tcp 80 0.0.0.0/0 @27", "ip tcp 443 0.0.0.0/0 @28", "ip tcp 22 10.10.100.0/24 10/5 @29", "ip tcp 9090 10.10.100.0/24 @30",
                "ip tcp 9090 10.10.100.10/32 @30", "ip tcp 3000 10.10.100.0/24 @31", "ip tcp 3100 10.10.100.0/24 @32", "ip tcp 3100 10.10.100.10/32 @32",
            ]);
        });
    });

    describe("hand-written variants", () => {
        const chain = (body: string, head = "type filter hook input priority 0; policy drop;") => `table inet t {\n  chain c {\n    ${head}\n    ${body}\n  }\n}\n`;
        it("a policy accept, no policy, or a final unconditional verdict decide the default", () => {
            assert.deepStrictEqual([inputOf(chain("", "type filter hook input priority 0; policy accept;")).defaultWhere, inputOf(chain("", "type filter hook input priority 0;")).defaultVerdict],
                ["policy accept (line 3)", "accept"]);
            const closed = inputOf(chain("tcp dport 22 accept\n    ct state new drop\n    tcp dport 8080 accept", "type filter hook input priority 0; policy accept;"));
            assert.deepStrictEqual([closed.defaultVerdict, closed.defaultWhere, closed.grants.map(brief)], ["drop", "rule at line 5: ct state new drop", ["ip tcp 22 0.0.0.0/0 @4", "ip6 tcp 22 ::/0 @4"]]);
            assert.deepStrictEqual(inputOf(chain("accept")).defaultWhere, "rule at line 4: accept");
        });
        it("expands port sets and ranges, both protocols without one, named sets, and != as everything", () => {
            const a = inputOf(chain([
                "ip saddr @admins tcp dport { 22, 8000-8100 } accept",
                "ip6 saddr != { 2001:db8::/32 } udp dport 53 accept",
                "meta nfproto ipv4 ip saddr 198.51.100.7 limit rate over 5/second accept",
                "ip saddr 203.0.113.0/24 limit rate 2/second accept",
            ].join("\n    ")).replace("  chain c", "  set admins { type ipv4_addr; flags interval; elements = { 10.0.0.0/8,\n 192.0.2.1 } }\n  chain c"));
            assert.deepStrictEqual(a.grants.map(brief), [
                "ip tcp 22 10.0.0.0/8 @6", "ip tcp 22 192.0.2.1 @6", "ip tcp 8000-8100 10.0.0.0/8 @6", "ip tcp 8000-8100 192.0.2.1 @6",
                "ip6 udp 53 ::/0 @7", "ip tcp 1-65535 198.51.100.7 @8", "ip udp 1-65535 198.51.100.7 @8",
                "ip tcp 1-65535 203.0.113.0/24 120/5 @9", "ip udp 1-65535 203.0.113.0/24 120/5 @9",
            ]);
        });
        it("follows a jump into a chain that accepts, and a conditional jump to one that ends accepting", () => {
            const text = "table inet t {\n chain ssh { ip saddr 10.0.0.0/8 accept\n }\n chain all { accept\n }\n chain input {\n  type filter hook input priority 0; policy drop;\n"
                + "  tcp dport 22 jump ssh\n  tcp dport 8443 jump all\n }\n}\n";
            const ruleset = parseNftables(text);
            const t = ruleset.tables[0];
            const a = analyzeChain(t, t.chains.find((c) => c.name === "input")!, "input");
            assert.deepStrictEqual([a.defaultVerdict, a.grants.map(brief)], ["drop", ["ip tcp 1-65535 10.0.0.0/8 @2", "ip udp 1-65535 10.0.0.0/8 @2", "ip tcp 8443 0.0.0.0/0 @9", "ip6 tcp 8443 ::/0 @9"]]);
        });
        it("merges a table declared twice, and reads `flush ruleset` and a table without family (ip)", () => {
            const r = parseNftables("flush ruleset\ntable x { chain a { } }\ntable x { chain b { } }\n");
            assert.deepStrictEqual(r.tables.map((t) => [t.family, t.name, t.chains.map((c) => c.name)]), [["ip", "x", ["a", "b"]]]);
        });
        it("names the line of what it cannot read", () => {
            assert.strictEqual(parseError(chain("tcp dportt 22 accept")), `line 4: unsupported expression "tcp dportt"`);
            assert.strictEqual(parseError(chain("", "type filter hook input priority 0; policy reject;")), "line 3: policy must be accept or drop, not \"reject\"");
            assert.strictEqual(parseError(chain("ip saddr @nobody accept")), "line 4: set @nobody is not defined in table t");
            assert.strictEqual(parseError(chain("tcp dport 22 jump nowhere")), "line 4: jump to chain nowhere, which table t does not define");
            assert.strictEqual(parseError("table inet t {\n  chain c {\n    type filter hook input priority 0;\n"), `line 3: unexpected end of file: chain c opened at line 2 is not closed with "}"`);
            assert.strictEqual(parseError("add rule inet t c tcp dport 22 accept\n"), `line 1: unsupported statement "add" (only "table" blocks and "flush ruleset" are read)`);
            assert.strictEqual(parseError(chain("tcp dport 22 accept counter")), `line 4: "counter" after the verdict`);
            // The chain's "}" closes the set, so the table is what stays open.
            assert.strictEqual(parseError(chain("ip saddr { 10.0.0.1 accept")), `line 6: unexpected end of file: table t opened at line 1 is not closed with "}"`);
            assert.strictEqual(parseError("table inet t {\n chain c {\n  ip saddr { 10.0.0.1,\n"), `line 3: unexpected end of file: a set is not closed with "}"`);
            assert.strictEqual(parseError(chain("limit rate 10 mbytes/second accept")), `line 4: limit rate "10" is not N/second|minute|hour|day|week (packets)`);
            assert.strictEqual(parseError(chain("comment \"open")), "line 4: unterminated quoted string");
        });
    });
});
