import * as assert from "assert";
import { noNewPrivileges } from "../../../../policies/rules/resources/no-new-privileges";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-012 no-new-privileges", () => {
    it("passes every compliant container and the bare spelling", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(noNewPrivileges, container(s)).state, "PASS", s);
        assert.strictEqual(
            judgeOne(noNewPrivileges, container("app", { securityOpts: ["no-new-privileges"] }))
                .state,
            "PASS",
        );
    });
    it("fails a container without securityOpts", () => {
        const o = judgeOne(noNewPrivileges, container("app", { securityOpts: undefined }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'container chom-app has no securityOpts; "no-new-privileges:true" is required',
        );
    });
    it("fails other options without it, and an explicit false", () => {
        assert.strictEqual(
            judgeOne(noNewPrivileges, container("app", { securityOpts: ["seccomp=unconfined"] }))
                .message,
            'container chom-app has securityOpts ["seccomp=unconfined"] without it; "no-new-privileges:true" is required',
        );
        assert.strictEqual(
            judgeOne(
                noNewPrivileges,
                container("app", { securityOpts: ["no-new-privileges:false"] }),
            ).message,
            'container chom-app sets "no-new-privileges:false"; "no-new-privileges:true" is required',
        );
    });
    it("reads options with surrounding spaces, and only an exact no-new-privileges=false as disabling", () => {
        assert.strictEqual(
            judgeOne(
                noNewPrivileges,
                container("app", { securityOpts: [" no-new-privileges:true "] }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                noNewPrivileges,
                container("app", { securityOpts: [" no-new-privileges=false "] }),
            ).message,
            'container chom-app sets " no-new-privileges=false "; "no-new-privileges:true" is required',
        );
        assert.strictEqual(
            judgeOne(
                noNewPrivileges,
                container("app", {
                    securityOpts: ["xno-new-privileges:false", "no-new-privileges:falsey"],
                }),
            ).message,
            'container chom-app has securityOpts ["xno-new-privileges:false","no-new-privileges:falsey"] without it; "no-new-privileges:true" is required',
        );
    });
});
