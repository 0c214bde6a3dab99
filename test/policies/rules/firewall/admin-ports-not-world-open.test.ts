import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { adminPortsNotWorldOpen } from "../../../../policies/rules/firewall/admin-ports-not-world-open";
import type { FirewallRule } from "../../../../policies/lib/subjects";
import { firewall, firewallProps } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

const withRule = (rule: FirewallRule, p: Parameters<typeof firewall>[0] = {}) => firewall({ ...p, rules: [...firewallProps().rules, rule] });

describe("CHOM-FW-007 admin ports never world-open", () => {
    it("passes the compliant firewall (Grafana, Prometheus, Loki from admin/monitoring sources)", () => {
        assert.strictEqual(judgeOne(adminPortsNotWorldOpen, firewall()).state, "PASS");
    });
    it("fails Grafana open to the world", () => {
        const o = judgeOne(adminPortsNotWorldOpen, withRule({ port: 3000, protocol: "tcp", sources: ["0.0.0.0/0"], comment: "Grafana for all" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, `firewall landsraad_tst-firewall rule #7 (3000/tcp "Grafana for all") opens admin port 3000/tcp to the world (0.0.0.0/0): allow only adminSources`);
    });
    it("fails the SSH port open to ::/0, following sshPort", () => {
        const o = judgeOne(adminPortsNotWorldOpen, withRule({ port: 2222, protocol: "tcp", sources: ["::/0"], comment: "SSH" }, { sshPort: 2222 }));
        assert.strictEqual(o.message, `firewall landsraad_tst-firewall rule #7 (2222/tcp "SSH") opens admin port 2222/tcp to the world (::/0): allow only adminSources`);
    });
    it("fails a world range covering several admin ports", () => {
        const o = judgeOne(adminPortsNotWorldOpen, withRule({ port: "9000-9100", protocol: "tcp", sources: ["0.0.0.0/0"], comment: "wide" }));
        assert.strictEqual(o.message, `firewall landsraad_tst-firewall rule #7 (9000-9100/tcp "wide") opens admin ports 9090, 9093/tcp to the world (0.0.0.0/0): allow only adminSources`);
    });
    it("fails an allow default", () => {
        const o = judgeOne(adminPortsNotWorldOpen, firewall({ defaultInbound: "allow" }));
        assert.strictEqual(o.message, `firewall landsraad_tst-firewall lets every admin port (22, 3000, 3100, 9090, 9093) in from the world (defaultInbound "allow")`);
    });
    it("config adminPorts: adding 8443 fails a world-open 8443", () => {
        const fw = withRule({ port: 8443, protocol: "tcp", sources: ["0.0.0.0/0"], comment: "admin panel" });
        assert.strictEqual(judgeOne(adminPortsNotWorldOpen, fw).state, "PASS");
        const o = judgeOne(adminPortsNotWorldOpen, fw, { adminPorts: [8443] });
        assert.strictEqual(o.message, `firewall landsraad_tst-firewall rule #7 (8443/tcp "admin panel") opens admin port 8443/tcp to the world (0.0.0.0/0): allow only adminSources`);
    });
    it("throws UnknownValueError when a rule's sources are unknown at preview", () => {
        const fw = firewall();
        const rules = firewallProps().rules.map((r, i) => (i === 4 ? { ...r, sources: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } : r));
        fw.props = unknownCheckingProxy({ ...fw.props, rules });
        assert.throws(() => judgeOne(adminPortsNotWorldOpen, fw), UnknownValueError);
    });
    it("reports unreadable rules and sources, names every world source, and drops an empty comment from the label", () => {
        const o = judgeOne(adminPortsNotWorldOpen, withRule({ port: 3000, protocol: "tcp", sources: ["0.0.0.0/0", "::/0", "10.0.0.300/8"], comment: "" }));
        assert.strictEqual(
            o.message,
            'firewall landsraad_tst-firewall rule #7 (3000/tcp) cannot be read: invalid CIDR "10.0.0.300/8": invalid IPv4 address "10.0.0.300": "300" is not a number 0-255; ' +
                "firewall landsraad_tst-firewall rule #7 (3000/tcp) opens admin port 3000/tcp to the world (0.0.0.0/0, ::/0): allow only adminSources",
        );
    });
    it("without an integer sshPort, judges only the configured admin ports", () => {
        const o = judgeOne(adminPortsNotWorldOpen, firewall({ sshPort: undefined as unknown as number, defaultInbound: "allow" }));
        assert.strictEqual(o.message, `firewall landsraad_tst-firewall lets every admin port (3000, 3100, 9090, 9093) in from the world (defaultInbound "allow")`);
    });
    it("a firewall without a rules list or with a rule without sources opens nothing", () => {
        assert.strictEqual(judgeOne(adminPortsNotWorldOpen, firewall({ rules: undefined as never })).state, "PASS");
        assert.strictEqual(judgeOne(adminPortsNotWorldOpen, withRule({ port: 3000, protocol: "tcp", sources: undefined as never, comment: "" })).state, "PASS");
    });
});
