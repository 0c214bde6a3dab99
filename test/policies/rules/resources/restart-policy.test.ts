import * as assert from "assert";
import { restartPolicy } from "../../../../policies/rules/resources/restart-policy";
import { container, SERVICES } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-008 restart policy", () => {
    it("passes every compliant container, and each restarting policy", () => {
        for (const s of SERVICES) assert.strictEqual(judgeOne(restartPolicy, container(s)).state, "PASS", s);
        for (const restart of ["always", "on-failure"]) assert.strictEqual(judgeOne(restartPolicy, container("app", { restart })).state, "PASS");
    });
    it('fails "no", the docker provider\'s Check default', () => {
        const o = judgeOne(restartPolicy, container("app", { restart: "no" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, 'container chom-app has restart policy "no"; it must be "unless-stopped", "always" or "on-failure"');
    });
    it("fails an unset policy, saying it is the provider's default", () => {
        const o = judgeOne(restartPolicy, container("app", { restart: undefined }));
        assert.strictEqual(o.message, 'container chom-app has restart policy "no" (unset: the docker provider\'s default); it must be "unless-stopped", "always" or "on-failure"');
    });
});
