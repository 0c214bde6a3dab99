import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import { onlyWebPortsWorldOpen } from "../../../../policies/rules/firewall/only-web-ports-world-open";
import { firewall } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";
import { withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-FW-002 only 80/443 world-open", () => {
    itResourceCases(onlyWebPortsWorldOpen, __filename);
    it("throws UnknownValueError when the rules are unknown at preview", () => {
        const fw = withUnknownProp(firewall(), "rules");
        assert.throws(() => judgeOne(onlyWebPortsWorldOpen, fw), UnknownValueError);
    });
});
