import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import {
    parseSecurityOpt,
    securityProfilesEnabled,
} from "../../../../policies/rules/resources/security-profiles-enabled";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const opts = (...o: string[]) => ({ securityOpts: ["no-new-privileges:true", ...o] });

describe("CHOM-RES-022 security profiles not disabled", () => {
    it("passes every compliant container, and a custom seccomp profile", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(securityProfilesEnabled, container(s)).state, "PASS", s);
        assert.strictEqual(
            judgeOne(
                securityProfilesEnabled,
                container(
                    "app",
                    opts(
                        "seccomp=/etc/docker/seccomp/app.json",
                        "apparmor=docker-default",
                        "label=type:container_t",
                    ),
                ),
            ).state,
            "PASS",
        );
    });
    it("fails seccomp unconfined, with = or :", () => {
        assert.strictEqual(
            judgeOne(securityProfilesEnabled, container("app", opts("seccomp=unconfined"))).message,
            `container chom-app disables the seccomp profile (securityOpts "seccomp=unconfined", CIS 5.21); it must keep the default profile or use a custom one`,
        );
        assert.strictEqual(
            judgeOne(securityProfilesEnabled, container("app", opts("seccomp:unconfined"))).message,
            `container chom-app disables the seccomp profile (securityOpts "seccomp:unconfined", CIS 5.21); it must keep the default profile or use a custom one`,
        );
    });
    it("fails AppArmor unconfined", () => {
        assert.strictEqual(
            judgeOne(securityProfilesEnabled, container("app", opts("apparmor:unconfined")))
                .message,
            `container chom-app disables the AppArmor profile (securityOpts "apparmor:unconfined", CIS 5.1); it must keep the default profile or use a custom one`,
        );
    });
    it("fails SELinux label disable and the super-privileged type", () => {
        assert.strictEqual(
            judgeOne(securityProfilesEnabled, container("app", opts("label=disable"))).message,
            `container chom-app disables SELinux labelling (securityOpts "label=disable", CIS 5.2); it must keep the default profile or use a custom one`,
        );
        assert.strictEqual(
            judgeOne(securityProfilesEnabled, container("app", opts("label:type:spc_t"))).message,
            `container chom-app disables SELinux confinement (super-privileged type spc_t) (securityOpts "label:type:spc_t", CIS 5.2); it must keep the default profile or use a custom one`,
        );
    });
    it("fails unmasked system paths, without a CIS section it does not have", () => {
        assert.strictEqual(
            judgeOne(securityProfilesEnabled, container("app", opts("systempaths=unconfined")))
                .message,
            `container chom-app disables the masking of /proc and /sys paths (securityOpts "systempaths=unconfined"); it must keep the default profile or use a custom one`,
        );
    });
    it("parses both separators and any case", () => {
        assert.deepStrictEqual(parseSecurityOpt(" SecComp = Unconfined "), {
            key: "seccomp",
            value: "unconfined",
        });
        assert.deepStrictEqual(parseSecurityOpt("label:disable"), {
            key: "label",
            value: "disable",
        });
    });
    it("config allowed: one option for one service, whichever separator", () => {
        const c = container("app", opts("seccomp:unconfined", "apparmor=unconfined"));
        const o = judgeOne(securityProfilesEnabled, c, {
            allowed: [
                { service: "app", option: "seccomp=unconfined", reason: "io_uring benchmark" },
            ],
        });
        assert.strictEqual(
            o.message,
            `container chom-app disables the AppArmor profile (securityOpts "apparmor=unconfined", CIS 5.1); it must keep the default profile or use a custom one`,
        );
    });
    it("throws UnknownValueError when the options are unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({
            ...c.props,
            securityOpts: ["no-new-privileges:true", UNKNOWN],
        });
        assert.throws(() => judgeOne(securityProfilesEnabled, c), UnknownValueError);
    });
});
