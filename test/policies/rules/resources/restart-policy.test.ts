import * as assert from "assert";
import { restartPolicy } from "../../../../policies/rules/resources/restart-policy";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-008 restart policy", () => {
    it("ships mandatory, citing CIS Docker 1.6.0 5.15", () => {
        assert.strictEqual(restartPolicy.enforcementLevel, "mandatory");
        assert.match(
            restartPolicy.framework.reference,
            /^5\.15 Ensure that the 'on-failure' container restart policy is set to '5'$/,
        );
    });
    it("passes every compliant container, and each restarting policy", () => {
        const always = container("app", { restart: "always" });
        assertEveryContainerPasses(
            restartPolicy,
            always,
            container("app", { restart: "on-failure" }),
        );
    });
    itResourceCases(restartPolicy, __filename);
    it("throws UnknownValueError (reported as UNKNOWN) when the policy or a lifecycle flag is unknown at preview", () => {
        for (const key of ["restart", "rm"])
            assertThrowsUnknown((c) => judgeOne(restartPolicy, c), container("nginx"), {
                [key]: UNKNOWN_SENTINEL,
            });
    });
});
