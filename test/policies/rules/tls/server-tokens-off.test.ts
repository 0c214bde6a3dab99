import * as assert from "assert";
import { serverTokensOff } from "../../../../policies/rules/tls/server-tokens-off";
import { tls, tlsProps } from "../../../fixtures/stack";
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
    it("fails when the rendered config turns server_tokens on (one finding for the http-level directive)", () => {
        const o = judgeOne(serverTokensOff, tls({ nginxConfig: tlsProps().nginxConfig.replace("server_tokens off;", "server_tokens on;") }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "TLS edge landsraad_tst-tls declares serverTokens false but its rendered nginx config sets server_tokens on (line 2, server blocks listening on 80; 443; 8081)");
    });
});
