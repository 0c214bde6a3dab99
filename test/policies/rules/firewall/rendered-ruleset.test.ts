import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { Outcome } from "../../../../policies/lib/judge";
import type { ResourceRule, StackRule, Subject } from "../../../../policies/lib/rule";
import { adminPortsNotWorldOpen } from "../../../../policies/rules/firewall/admin-ports-not-world-open";
import { inboundDefaultDeny } from "../../../../policies/rules/firewall/inbound-default-deny";
import { onlyWebPortsWorldOpen } from "../../../../policies/rules/firewall/only-web-ports-world-open";
import { publishedPortsFiltered } from "../../../../policies/rules/firewall/published-ports-filtered";
import { sensitivePortsNotWorldOpen } from "../../../../policies/rules/firewall/sensitive-ports-not-world-open";
import { sshAdminOnly } from "../../../../policies/rules/firewall/ssh-admin-only";
import { nftLimitOf } from "../../../../policies/rules/firewall/rendered-ruleset";
import { compliantStack, firewall, firewallProps, replace } from "../../../fixtures/stack";
import { judgeAll, judgeOne } from "../../../helpers/rules";

type AnyConfig = Record<string, unknown>;
const RESOURCE_RULES = [inboundDefaultDeny, onlyWebPortsWorldOpen, sshAdminOnly, adminPortsNotWorldOpen] as unknown as ResourceRule<AnyConfig>[];
const STACK_RULES = [sensitivePortsNotWorldOpen, publishedPortsFiltered] as unknown as StackRule<AnyConfig>[];
const EMPTY = "firewall landsraad_tst-firewall carries no rendered nftables ruleset (nftablesRuleset empty): what the host filters cannot be judged";

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
                const broken = firewall({ nftablesRuleset: firewallProps().nftablesRuleset.replace("policy drop;", "policy reject;") });
                assert.strictEqual(judge(rule, broken).message, "firewall landsraad_tst-firewall rendered nftables ruleset cannot be read: line 4: policy must be accept or drop, not \"reject\"");
            });
            it("throws UnknownValueError when the rendered ruleset is unknown at preview", () => {
                const fw = firewall();
                fw.props = unknownCheckingProxy({ ...fw.props, nftablesRuleset: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
                assert.throws(() => judge(rule, fw), UnknownValueError);
            });
        });
    }
    it("reads a declared rateLimit as the nft limit it stands for (ufw limit: count - 1 per window)", () => {
        assert.deepStrictEqual(nftLimitOf({ count: 6, perSeconds: 30 }), { perMinute: 10, burst: 5 });
        assert.deepStrictEqual(nftLimitOf({ count: 1, perSeconds: 60 }), { perMinute: 1, burst: 1 });
        assert.deepStrictEqual(nftLimitOf({ count: 6, perSeconds: 7 }), { perMinute: 43, burst: 5 });
        assert.strictEqual(nftLimitOf(undefined), undefined);
    });
    it("passes the program's rendering of other declarations: IPv6 admin sources, a udp range, reject default, no DOCKER-USER", () => {
        const fw = firewall({
            defaultInbound: "reject", enforcedInDockerUserChain: false, adminSources: ["10.10.100.0/24", "2001:db8::/48"],
            rules: [...firewallProps().rules, { port: "60000-61000", protocol: "udp", sources: ["2001:db8::/48", "10.10.100.0/24"], comment: "mosh" }],
        });
        for (const rule of [inboundDefaultDeny, onlyWebPortsWorldOpen, sshAdminOnly, adminPortsNotWorldOpen] as unknown as ResourceRule<AnyConfig>[]) {
            assert.strictEqual(judgeOne(rule, fw).state, "PASS", rule.id);
        }
    });
});
