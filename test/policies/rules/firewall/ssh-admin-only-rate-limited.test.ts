import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import {
    sshAdminOnlyRateLimited,
    sshConnectionsPerMinute,
} from "../../../../policies/rules/firewall/ssh-admin-only-rate-limited";
import { firewall } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { itResourceCases } from "../../../helpers/rule-cases";
import { withUnknownProp } from "../../../helpers/unknown-props";

describe("CHOM-FW-003 SSH admin-only and rate limited", () => {
    it("passes the compliant firewall (admin network, ufw limit 6 per 30 s = 10/min)", () => {
        assert.strictEqual(sshConnectionsPerMinute({ count: 6, perSeconds: 30 }), 10);
        assert.strictEqual(judgeOne(sshAdminOnlyRateLimited, firewall()).state, "PASS");
    });
    itResourceCases(sshAdminOnlyRateLimited, __filename);
    it("throws UnknownValueError when sshPort is unknown at preview", () => {
        const fw = withUnknownProp(firewall(), "sshPort");
        assert.throws(() => judgeOne(sshAdminOnlyRateLimited, fw), UnknownValueError);
    });
});

describe("CHOM-FW-003 on the rendered ruleset", () => {
    itResourceCases(sshAdminOnlyRateLimited, __filename, "rendered");
});
