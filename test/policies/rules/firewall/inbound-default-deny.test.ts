import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import { inboundDefaultDeny } from "../../../../policies/rules/firewall/inbound-default-deny";
import { firewall, firewallRendering } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";
import { withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-FW-001 inbound default deny", () => {
    itResourceCases(inboundDefaultDeny, __filename);
    it("throws UnknownValueError when defaultInbound is unknown at preview", () => {
        const fw = withUnknownProp(firewall(), "defaultInbound");
        assert.throws(() => judgeOne(inboundDefaultDeny, fw), UnknownValueError);
    });
    it("fails a missing, empty or unreadable rendered ruleset, naming the line; an unknown one is UNKNOWN", () => {
        const missing = firewall();
        delete missing.props.nftablesRuleset;
        const messages: [Subject, string][] = [
            [
                firewall({ nftablesRuleset: "  \n" }),
                "firewall landsraad_tst-firewall carries no rendered nftables ruleset (nftablesRuleset empty): what the host filters cannot be judged",
            ],
            [
                missing,
                "firewall landsraad_tst-firewall carries no rendered nftables ruleset (nftablesRuleset missing): what the host filters cannot be judged",
            ],
            [
                firewallRendering("tcp dport 443", "tcp dportt 443"),
                `firewall landsraad_tst-firewall rendered nftables ruleset cannot be read: line 11: unsupported expression "tcp dportt"`,
            ],
        ];
        for (const [fw, message] of messages)
            assert.strictEqual(judgeOne(inboundDefaultDeny, fw).message, message);
        const unknown = withUnknownProp(firewall(), "nftablesRuleset");
        assert.throws(() => judgeOne(inboundDefaultDeny, unknown), UnknownValueError);
    });
});

describe("CHOM-FW-001 on the rendered ruleset's default", () => {
    itResourceCases(inboundDefaultDeny, __filename, "rendered");
});
