import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { hsts } from "../../../../policies/rules/tls/hsts";
import { tls } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-TLS-003 HSTS", () => {
    itResourceCases(hsts, __filename);
    it("throws UnknownValueError when hsts is unknown at preview", () => {
        const t = tls();
        t.props = unknownCheckingProxy({
            ...t.props,
            hsts: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(hsts, t), UnknownValueError);
    });
});
