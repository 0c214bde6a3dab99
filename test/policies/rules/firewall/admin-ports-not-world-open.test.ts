import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { adminPortsNotWorldOpen } from "../../../../policies/rules/firewall/admin-ports-not-world-open";
import { container, firewall, firewallProps, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";
import { withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-FW-007 admin ports never world-open", () => {
    itResourceCases(adminPortsNotWorldOpen, __filename);
    it("passes the compliant containers: Grafana, Prometheus and Loki published on the host address, the others serve no admin UI", () => {
        const uis = ["grafana", "prometheus", "loki"];
        for (const s of uis)
            assert.strictEqual(judgeOne(adminPortsNotWorldOpen, container(s)).state, "PASS", s);
        for (const s of SERVICES.filter((x) => !uis.includes(x)))
            assert.strictEqual(
                judgeOne(adminPortsNotWorldOpen, container(s)).state,
                "NOT_APPLICABLE",
                s,
            );
        assert.strictEqual(
            judgeOne(adminPortsNotWorldOpen, container("app")).message,
            "container chom-app serves no admin UI (by its image, name or label)",
        );
    });
    it("is UNKNOWN (throws) when a container's image is unknown at preview and nothing else says what it runs", () => {
        const c = withUnknownProp(
            { ...container("app", { name: "x1", labels: [] }), name: "x1" },
            "image",
        );
        assert.throws(() => judgeOne(adminPortsNotWorldOpen, c), UnknownValueError);
    });
    it("throws UnknownValueError when a rule's sources are unknown at preview", () => {
        const fw = firewall();
        const rules = firewallProps().rules.map((r, i) =>
            i === 4 ? { ...r, sources: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } : r,
        );
        fw.props = unknownCheckingProxy({ ...fw.props, rules });
        assert.throws(() => judgeOne(adminPortsNotWorldOpen, fw), UnknownValueError);
    });
});

describe("CHOM-FW-007 on the rendered ruleset", () => {
    itResourceCases(adminPortsNotWorldOpen, __filename, "rendered");
});
