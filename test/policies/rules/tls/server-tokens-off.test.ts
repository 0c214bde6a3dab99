import * as assert from "assert";
import { serverTokensOff } from "../../../../policies/rules/tls/server-tokens-off";
import { tls } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-TLS-007 server_tokens off", () => {
    it("passes the compliant edge", () => {
        assert.strictEqual(judgeOne(serverTokensOff, tls()).state, "PASS");
    });
    it("fails server_tokens on", () => {
        const o = judgeOne(serverTokensOff, tls({ serverTokens: true }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "TLS edge landsraad_tst-tls announces the nginx version (serverTokens true): set serverTokens false");
    });
    it("fails when not stated (nginx's default is on)", () => {
        const t = tls();
        delete t.props.serverTokens;
        assert.strictEqual(judgeOne(serverTokensOff, t).message, "TLS edge landsraad_tst-tls announces the nginx version (serverTokens null): set serverTokens false");
    });
});
