import * as assert from "assert";
import { serverTokensOff } from "../../../../policies/rules/tls/server-tokens-off";
import { tls, tlsProps } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-TLS-007 server_tokens off", () => {
    it("passes the compliant edge", () => {
        assert.strictEqual(judgeOne(serverTokensOff, tls()).state, "PASS");
    });
    it("fails server_tokens on", () => {
        const o = judgeOne(serverTokensOff, tls({ serverTokens: true }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls announces the nginx version (serverTokens true): set serverTokens false",
        );
    });
    it("fails when not stated (nginx's default is on)", () => {
        const t = tls();
        delete t.props.serverTokens;
        assert.strictEqual(
            judgeOne(serverTokensOff, t).message,
            "TLS edge landsraad_tst-tls announces the nginx version (serverTokens null): set serverTokens false",
        );
    });
    it("fails when the rendered config turns server_tokens on (one finding for the http-level directive)", () => {
        const o = judgeOne(
            serverTokensOff,
            tls({
                nginxConfig: tlsProps().nginxConfig.replace(
                    "server_tokens off;",
                    "server_tokens on;",
                ),
            }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls declares serverTokens false but its rendered nginx config sets server_tokens on (line 2, server blocks listening on 80; 443; 8081)",
        );
    });
    describe("the rendered server_tokens, exactly", () => {
        const config = tlsProps().nginxConfig;
        const declared = "TLS edge landsraad_tst-tls declares serverTokens";
        it("needs no ssl server block (every server block answers)", () => {
            assert.strictEqual(
                judgeOne(serverTokensOff, tls({ nginxConfig: config.replace(/ ssl;/g, ";") }))
                    .state,
                "PASS",
            );
        });
        it("fails each server block when no server_tokens is rendered (nginx's default is on), unless on is declared", () => {
            const none = config.replace("server_tokens off;\n", "");
            assert.strictEqual(
                judgeOne(serverTokensOff, tls({ nginxConfig: none })).message,
                [80, 443, 8081]
                    .map(
                        (port, i) =>
                            `${declared} false but its rendered nginx config sets no server_tokens (server block listening on ${port}, line ${[4, 13, 44][i]}): nginx's default is on`,
                    )
                    .join("; "),
            );
            assert.strictEqual(
                judgeOne(serverTokensOff, tls({ serverTokens: true, nginxConfig: none })).message,
                "TLS edge landsraad_tst-tls announces the nginx version (serverTokens true): set serverTokens false",
            );
        });
        it("fails a location turning server_tokens on, and names every port of a server block", () => {
            assert.strictEqual(
                judgeOne(
                    serverTokensOff,
                    tls({
                        nginxConfig: config.replace(
                            "location = /stub_status { stub_status; }",
                            "location = /stub_status { stub_status; server_tokens on; }",
                        ),
                    }),
                ).message,
                `${declared} false but its rendered nginx config sets server_tokens on (line 48, server blocks listening on 8081)`,
            );
            const text = config
                .replace("server_tokens off;", "server_tokens on;")
                .replace("    listen [::]:80;\n", "    listen [::]:80;\n    listen 8080;\n");
            assert.strictEqual(
                judgeOne(serverTokensOff, tls({ nginxConfig: text })).message,
                `${declared} false but its rendered nginx config sets server_tokens on (line 2, server blocks listening on 80, 8080; 443; 8081)`,
            );
        });
    });
});
