import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import { dataNetworksInternal } from "../../../../policies/rules/firewall/data-networks-internal";
import { network } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";
import { withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-FW-008 data networks internal", () => {
    itResourceCases(dataNetworksInternal, __filename);
    it("throws UnknownValueError when internal is unknown at preview", () => {
        const n = withUnknownProp(network("chom-internal", true), "internal");
        assert.throws(() => judgeOne(dataNetworksInternal, n), UnknownValueError);
    });
});
