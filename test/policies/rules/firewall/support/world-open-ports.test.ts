import * as assert from "assert";
import { worldOpenPortFindings } from "../../../../../policies/rules/firewall/support/world-open-ports";
import { ADMIN, firewall, firewallWithInputLines } from "../../../../helpers/fixture-stack";

const SET = { kind: "db", ports: [3306, 6379], allow: "the app network" };
const WORLD = { port: 3306, protocol: "tcp" as const, sources: ["0.0.0.0/0"], comment: "" };

describe("worldOpenPortFindings (the world-open check of CHOM-FW-004 and CHOM-FW-007)", () => {
    it("finds nothing on the compliant firewall", () => {
        assert.deepStrictEqual(worldOpenPortFindings(firewall(), SET), []);
    });
    it("names the declared rule, the port set's kind and its advice", () => {
        const fw = firewall({
            rules: [WORLD],
            nftablesRuleset: firewall().props.nftablesRuleset as string,
        });
        assert.deepStrictEqual(worldOpenPortFindings(fw, SET), [
            "firewall landsraad_tst-firewall rule #1 (3306/tcp) opens db port 3306/tcp to the world (0.0.0.0/0): allow only the app network",
        ]);
    });
    it("names a default that admits the world with every port of the set", () => {
        const [first] = worldOpenPortFindings(firewall({ defaultInbound: "allow" }), SET);
        assert.strictEqual(
            first,
            'firewall landsraad_tst-firewall lets every db port (3306, 6379) in from the world (defaultInbound "allow")',
        );
    });
    it("names a world grant only the rendered ruleset makes, with its line", () => {
        const found = worldOpenPortFindings(firewallWithInputLines(["tcp dport 6379 accept"]), SET);
        assert.deepStrictEqual(found, [
            "firewall landsraad_tst-firewall's rendered nftables ruleset opens db port 6379/tcp to the world (0.0.0.0/0, ::/0) (chain inet chom_filter input, line 7), which no declared rule does: allow only the app network",
        ]);
    });
    it("stops at an unreadable rendered ruleset with its problem", () => {
        assert.deepStrictEqual(
            worldOpenPortFindings(firewall({ nftablesRuleset: "table inet x {" }), SET),
            [
                'firewall landsraad_tst-firewall rendered nftables ruleset cannot be read: line 1: unexpected end of file: table x opened at line 1 is not closed with "}"',
            ],
        );
    });
    it("keeps the declared findings when the sources admit the admin range too", () => {
        const fw = firewall({ rules: [{ ...WORLD, sources: [...ADMIN, "::/0"] }] });
        assert.ok(worldOpenPortFindings(fw, SET).some((m) => m.includes("(::/0)")));
    });
});
