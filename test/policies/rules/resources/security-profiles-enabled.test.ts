import * as assert from "assert";
import {
    parseSecurityOpt,
    securityProfilesEnabled,
} from "../../../../policies/rules/resources/security-profiles-enabled";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

const opts = (...o: string[]) => ({ securityOpts: ["no-new-privileges:true", ...o] });

describe("CHOM-RES-022 security profiles not disabled", () => {
    itResourceCases(securityProfilesEnabled, __filename);
    it("passes every compliant container, and a custom seccomp profile", () => {
        const custom = opts(
            "seccomp=/etc/docker/seccomp/app.json",
            "apparmor=docker-default",
            "label=type:container_t",
        );
        assertEveryContainerPasses(securityProfilesEnabled, container("app", custom));
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
    it("throws UnknownValueError when the options are unknown at preview", () => {
        assertThrowsUnknown((c) => judgeOne(securityProfilesEnabled, c), container("app"), {
            securityOpts: opts(UNKNOWN_SENTINEL).securityOpts,
        });
    });
});
