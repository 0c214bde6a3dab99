import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { onlyWebPortsWorldOpen } from "../../../../policies/rules/firewall/only-web-ports-world-open";
import type { FirewallRule } from "../../../../policies/lib/subjects";
import { firewall, firewallProps, firewallRendering } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const withRule = (rule: FirewallRule) => firewall({ rules: [...firewallProps().rules, rule] });

describe("CHOM-FW-002 only 80/443 world-open", () => {
    it("passes the compliant firewall (80 and 443 world-open, the rest from admin networks)", () => {
        assert.strictEqual(judgeOne(onlyWebPortsWorldOpen, firewall()).state, "PASS");
    });
    it("fails another port open to 0.0.0.0/0", () => {
        const o = judgeOne(
            onlyWebPortsWorldOpen,
            withRule({ port: 8080, protocol: "tcp", sources: ["0.0.0.0/0"], comment: "debug" }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (8080/tcp "debug") opens port 8080/tcp to the world (0.0.0.0/0): only 80, 443 may be world-open`,
        );
    });
    it("fails ::/0 and any prefix-0 CIDR, not only the literal strings", () => {
        const o = judgeOne(
            onlyWebPortsWorldOpen,
            withRule({
                port: 25,
                protocol: "tcp",
                sources: ["10.10.100.0/24", "0:0::0/0", "192.0.2.0/0"],
                comment: "mail",
            }),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (25/tcp "mail") opens port 25/tcp to the world (0:0::0/0, 192.0.2.0/0): only 80, 443 may be world-open`,
        );
    });
    it("fails a world-open range that includes other ports than 80 and 443", () => {
        const o = judgeOne(
            onlyWebPortsWorldOpen,
            withRule({ port: "80-443", protocol: "tcp", sources: ["::/0"], comment: "web" }),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (80-443/tcp "web") opens ports 80-443/tcp to the world (::/0): only 80, 443 may be world-open`,
        );
    });
    it("passes HTTP/3 on 443/udp to the world", () => {
        assert.strictEqual(
            judgeOne(
                onlyWebPortsWorldOpen,
                withRule({ port: 443, protocol: "udp", sources: ["0.0.0.0/0"], comment: "QUIC" }),
            ).state,
            "PASS",
        );
    });
    it("fails an allow default: every port is world-open", () => {
        const o = judgeOne(onlyWebPortsWorldOpen, firewall({ defaultInbound: "allow" }));
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall lets every port in from the world (defaultInbound "allow"): only 80, 443 may be world-open`,
        );
    });
    it("fails a source that is not a CIDR, naming the rule and the value", () => {
        const o = judgeOne(
            onlyWebPortsWorldOpen,
            withRule({ port: 8443, protocol: "tcp", sources: ["anywhere"], comment: "alt" }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (8443/tcp "alt") cannot be read: invalid CIDR "anywhere": invalid IPv4 address "anywhere": an IPv4 address has 4 dot-separated numbers`,
        );
    });
    it("fails a port that is not a port", () => {
        const o = judgeOne(
            onlyWebPortsWorldOpen,
            withRule({
                port: 70000,
                protocol: "tcp",
                sources: ["10.10.100.0/24"],
                comment: "typo",
            }),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (70000/tcp "typo") cannot be read: invalid port "70000": 70000 is outside 1-65535`,
        );
    });
    it("config worldOpenPorts: 8443 allowed passes it, 443 removed fails the HTTPS rule", () => {
        const alt = withRule({
            port: 8443,
            protocol: "tcp",
            sources: ["0.0.0.0/0"],
            comment: "alt",
        });
        assert.strictEqual(
            judgeOne(onlyWebPortsWorldOpen, alt, { worldOpenPorts: [80, 443, 8443] }).state,
            "PASS",
        );
        const o = judgeOne(onlyWebPortsWorldOpen, firewall(), { worldOpenPorts: [80] });
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #2 (443/tcp "HTTPS") opens port 443/tcp to the world (0.0.0.0/0, ::/0): only 80 may be world-open`,
        );
    });
    it("throws UnknownValueError when the rules are unknown at preview", () => {
        const fw = firewall();
        fw.props = unknownCheckingProxy({
            ...fw.props,
            rules: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(onlyWebPortsWorldOpen, fw), UnknownValueError);
    });
    it("fails a world-open port in the rendered ruleset that no declared rule opens", () => {
        const edit = firewallRendering;
        const o = judgeOne(
            onlyWebPortsWorldOpen,
            edit(
                "        meta nfproto ipv4 tcp dport 80",
                "        tcp dport 8080 accept\n        meta nfproto ipv4 tcp dport 80",
            ),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "firewall landsraad_tst-firewall's rendered nftables ruleset opens port 8080/tcp to the world (0.0.0.0/0, ::/0) (chain inet chom_filter input, line 9), which no declared rule does: only 80, 443 may be world-open",
        );
        assert.strictEqual(
            judgeOne(onlyWebPortsWorldOpen, edit("policy drop;", "policy accept;")).message,
            `firewall landsraad_tst-firewall declares defaultInbound "deny" but its rendered nftables ruleset lets every port in from the world (chain inet chom_filter input: policy accept (line 4)): only 80, 443 may be world-open`,
        );
    });
});
