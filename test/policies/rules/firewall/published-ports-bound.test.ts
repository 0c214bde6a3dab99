import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import { publishedPortsBound } from "../../../../policies/rules/firewall/published-ports-bound";
import { container } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";
import { withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-FW-005 published ports bound to an explicit address", () => {
    itResourceCases(publishedPortsBound, __filename);
    it("throws UnknownValueError when the ports are unknown at preview", () => {
        const c = withUnknownProp(container("nginx"), "ports");
        assert.throws(() => judgeOne(publishedPortsBound, c), UnknownValueError);
    });
});
