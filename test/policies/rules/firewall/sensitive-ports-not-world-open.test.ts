import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import { runRules } from "../../../../policies/lib/run-rules";
import { sensitivePortsNotWorldOpen } from "../../../../policies/rules/firewall/sensitive-ports-not-world-open";
import {
    compliantStack,
    container,
    dockerService,
    firewall,
    firewallProps,
    replace,
} from "../../../helpers/fixture-stack";
import type { Outcome } from "../../../../policies/lib/judge";
import { judgeAll, namesIn, TODAY } from "../../../helpers/rules";
import { itStackCases } from "../../../helpers/rule-cases";
import { withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-FW-004 sensitive ports never world-open", () => {
    itStackCases(sensitivePortsNotWorldOpen, __filename);
    it("throws UnknownValueError, reported as one UNKNOWN for the stack (where the engine reports it), when a container's ports are unknown", () => {
        const exporter = withUnknownProp(container("node-exporter"), "ports");
        const stack = replace(compliantStack(), exporter);
        assert.throws(() => judgeAll(sensitivePortsNotWorldOpen, stack), UnknownValueError);
        const results = runRules([sensitivePortsNotWorldOpen], stack, {}, TODAY);
        assert.deepStrictEqual(
            results.map((r) => [r.subject.type, r.state]),
            [["pulumi:pulumi:Stack", "UNKNOWN"]],
        );
    });
    it("names every world source of a firewall rule, and reads published ports only from containers", () => {
        const rule = {
            port: 6379,
            protocol: "tcp" as const,
            sources: ["0.0.0.0/0", "::/0"],
            comment: "",
        };
        const fw = firewall({ rules: [...firewallProps().rules, rule] });
        const out = judgeAll(sensitivePortsNotWorldOpen, replace(compliantStack(), fw));
        assert.strictEqual(
            (out as Map<string, Outcome>).get("landsraad_tst-firewall")!.message,
            "firewall landsraad_tst-firewall rule #7 (6379/tcp) opens sensitive port 6379/tcp to the world (0.0.0.0/0, ::/0): allow only admin or monitoring sources",
        );
        const service = dockerService([
            { internal: 3306, external: 3306, ip: "0.0.0.0", protocol: "tcp" },
        ]);
        assert.deepStrictEqual(
            namesIn(judgeAll(sensitivePortsNotWorldOpen, [...compliantStack(), service]), "FAIL"),
            [],
        );
    });
});
