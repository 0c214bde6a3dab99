import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import { dataNetworksInternal } from "../../../../policies/rules/firewall/data-networks-internal";
import { network } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases, unknownAt } from "../../../helpers/rule-cases";

describe("CHOM-FW-008 data networks internal", () => {
    itResourceCases(dataNetworksInternal, __filename);
    it("throws UnknownValueError when internal is unknown at preview", () => {
        const n = unknownAt(network("chom-internal", true), "internal");
        assert.throws(() => judgeOne(dataNetworksInternal, n), UnknownValueError);
    });
});
