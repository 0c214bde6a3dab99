import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { inboundDefaultDeny } from "../../../../policies/rules/firewall/inbound-default-deny";
import { firewall, firewallProps, firewallRendering, tls } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-FW-001 inbound default deny", () => {
    it("passes the compliant firewall (deny) and a reject default", () => {
        assert.strictEqual(judgeOne(inboundDefaultDeny, firewall()).state, "PASS");
        assert.strictEqual(
            judgeOne(inboundDefaultDeny, firewall({ defaultInbound: "reject" })).state,
            "PASS",
        );
    });
    it("fails an allow default, naming the firewall and the value", () => {
        const o = judgeOne(inboundDefaultDeny, firewall({ defaultInbound: "allow" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall does not deny inbound traffic by default (defaultInbound "allow"): set defaultInbound to "deny" or "reject"`,
        );
    });
    it("fails a missing default", () => {
        const fw = firewall();
        delete fw.props.defaultInbound;
        const o = judgeOne(inboundDefaultDeny, fw);
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall does not deny inbound traffic by default (defaultInbound not set): set defaultInbound to "deny" or "reject"`,
        );
    });
    it("is not applicable to the TLS edge", () => {
        assert.strictEqual(judgeOne(inboundDefaultDeny, tls()).state, "NOT_APPLICABLE");
    });
    it("throws UnknownValueError when defaultInbound is unknown at preview", () => {
        const fw = firewall();
        fw.props = unknownCheckingProxy({
            ...fw.props,
            defaultInbound: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(inboundDefaultDeny, fw), UnknownValueError);
    });
    it("fails when the rendered ruleset disagrees: policy accept, a port no rule declares, a declared rule not rendered", () => {
        const edit = firewallRendering;
        const o = judgeOne(inboundDefaultDeny, edit("policy drop;", "policy accept;"));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall declares defaultInbound "deny" but its rendered nftables ruleset accepts by default (chain inet chom_filter input: policy accept (line 4))`,
        );
        assert.strictEqual(
            judgeOne(
                inboundDefaultDeny,
                edit(
                    "        meta nfproto ipv4 tcp dport 80",
                    "        ip saddr 10.0.0.0/8 udp dport 8080 accept\n        meta nfproto ipv4 tcp dport 80",
                ),
            ).message,
            "firewall landsraad_tst-firewall's rendered nftables ruleset accepts 8080/udp from 10.0.0.0/8 with no rate limit (chain inet chom_filter input, line 9) but no declared rule allows it",
        );
        assert.strictEqual(
            judgeOne(
                inboundDefaultDeny,
                edit(/ {8}ip saddr \{ 10.10.100.0\/24 \} tcp dport 3000.*\n/, ""),
            ).message,
            `firewall landsraad_tst-firewall declares rule #5 (3000/tcp "Grafana for admins") from 10.10.100.0/24 with no rate limit but its rendered nftables ruleset does not accept it in its input chain`,
        );
        assert.strictEqual(
            judgeOne(
                inboundDefaultDeny,
                edit(
                    "tcp dport 22 ct state new limit rate 10/minute burst 5 packets accept",
                    "tcp dport 22 accept",
                ),
            ).message,
            "firewall landsraad_tst-firewall's rendered nftables ruleset accepts 22/tcp from 10.10.100.0/24 with no rate limit (chain inet chom_filter input, line 13) " +
                "but declared rule #3 (22/tcp) allows it at most 10 new connections per minute (burst 5)",
        );
    });
    it("fails a missing, empty or unreadable rendered ruleset, naming the line; an unknown one is UNKNOWN", () => {
        const edit = firewallRendering;
        assert.strictEqual(
            judgeOne(inboundDefaultDeny, firewall({ nftablesRuleset: "  \n" })).message,
            "firewall landsraad_tst-firewall carries no rendered nftables ruleset (nftablesRuleset empty): what the host filters cannot be judged",
        );
        const fw = firewall();
        delete fw.props.nftablesRuleset;
        assert.strictEqual(
            judgeOne(inboundDefaultDeny, fw).message,
            "firewall landsraad_tst-firewall carries no rendered nftables ruleset (nftablesRuleset missing): what the host filters cannot be judged",
        );
        assert.strictEqual(
            judgeOne(inboundDefaultDeny, edit("tcp dport 443", "tcp dportt 443")).message,
            `firewall landsraad_tst-firewall rendered nftables ruleset cannot be read: line 11: unsupported expression "tcp dportt"`,
        );
        const unknown = firewall();
        unknown.props = unknownCheckingProxy({
            ...unknown.props,
            nftablesRuleset: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(inboundDefaultDeny, unknown), UnknownValueError);
    });
});

describe("CHOM-FW-001 on the rendered ruleset's default", () => {
    const text = firewallProps().nftablesRuleset;
    it("fails a rendered ruleset without a filter chain on the input hook", () => {
        const o = judgeOne(
            inboundDefaultDeny,
            firewall({
                nftablesRuleset: text.replace(
                    "type filter hook input",
                    "type filter hook prerouting",
                ),
            }),
        );
        assert.ok(
            o.message.startsWith(
                `firewall landsraad_tst-firewall declares defaultInbound "deny" but its rendered nftables ruleset has no filter chain on the input hook; `,
            ),
            o.message,
        );
    });
    it("fails a rendered default that accepts under reject, and one that drops under allow", () => {
        assert.strictEqual(
            judgeOne(
                inboundDefaultDeny,
                firewall({
                    defaultInbound: "reject",
                    nftablesRuleset: text.replace("policy drop;", "policy accept;"),
                }),
            ).message,
            `firewall landsraad_tst-firewall declares defaultInbound "reject" but its rendered nftables ruleset accepts by default (chain inet chom_filter input: policy accept (line 4))`,
        );
        const allow = judgeOne(
            inboundDefaultDeny,
            firewall({ defaultInbound: "allow", nftablesRuleset: text }),
        );
        assert.ok(
            allow.message.endsWith(
                `firewall landsraad_tst-firewall declares defaultInbound "allow" but its rendered nftables ruleset drops by default (chain inet chom_filter input: policy drop (line 4))`,
            ),
            allow.message,
        );
    });
});
