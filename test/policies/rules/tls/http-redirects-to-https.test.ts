import * as assert from "assert";
import { httpRedirectsToHttps } from "../../../../policies/rules/tls/http-redirects-to-https";
import { tls, tlsProps } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-TLS-004 HTTP redirects to HTTPS", () => {
    it("passes the compliant edge", () => {
        assert.strictEqual(judgeOne(httpRedirectsToHttps, tls()).state, "PASS");
    });
    it("fails an edge serving plain HTTP", () => {
        const o = judgeOne(httpRedirectsToHttps, tls({ httpRedirect: false }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls does not redirect HTTP to HTTPS (httpRedirect false): answer port 80 with a 301 to https://",
        );
    });
    it("fails when httpRedirect is not stated", () => {
        const t = tls();
        delete t.props.httpRedirect;
        assert.strictEqual(
            judgeOne(httpRedirectsToHttps, t).message,
            "TLS edge landsraad_tst-tls does not redirect HTTP to HTTPS (httpRedirect null): answer port 80 with a 301 to https://",
        );
    });
    it("fails when the rendered port 80 server serves content instead of redirecting", () => {
        const edit = (from: string, to: string) =>
            tls({ nginxConfig: tlsProps().nginxConfig.replace(from, to) });
        const o = judgeOne(
            httpRedirectsToHttps,
            edit(
                "location / { return 301 https://$host$request_uri; }",
                "location / { root /var/www/html/public; }",
            ),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls declares httpRedirect true but in its rendered nginx config location / (line 11) does not return a redirect to https:// (server block listening on 80, line 5)",
        );
        assert.strictEqual(
            judgeOne(
                httpRedirectsToHttps,
                edit(
                    "    location / { return 301",
                    "    location ~ \\.php$ { fastcgi_pass app:9000; }\n    location / { return 301",
                ),
            ).message,
            "TLS edge landsraad_tst-tls declares httpRedirect true but in its rendered nginx config location ~ \\.php$ (line 11) answers without a redirect to https:// (server block listening on 80, line 5)",
        );
    });
    describe("the rendered port 80 server, exactly", () => {
        const PORT_80 = [
            "server {",
            "    listen 80;",
            "    listen [::]:80;",
            "    server_name chom.example.com;",
            "    location /.well-known/acme-challenge/ { root /var/www/certbot; }",
            '    location = /health { access_log off; return 200 "ok\\n"; }',
            "    location / { return 301 https://$host$request_uri; }",
            "}",
            "",
        ].join("\n");
        const edit = (from: string, to: string) => {
            const text = tlsProps().nginxConfig;
            assert.ok(text.includes(from), from);
            return tls({ nginxConfig: text.replace(from, to) });
        };
        const declaredTrue = "TLS edge landsraad_tst-tls declares httpRedirect true but";
        it("a redirect to http:// is no redirect to https://", () => {
            assert.strictEqual(
                judgeOne(
                    httpRedirectsToHttps,
                    edit("return 301 https://$host", "return 301 http://$host"),
                ).message,
                `${declaredTrue} in its rendered nginx config location / (line 11) does not return a redirect to https:// (server block listening on 80, line 5)`,
            );
        });
        it("a return directly in the server block answers everything", () => {
            assert.strictEqual(
                judgeOne(
                    httpRedirectsToHttps,
                    edit(
                        PORT_80,
                        "server {\n    listen 80;\n    return 301 https://$host$request_uri;\n}\n",
                    ),
                ).state,
                "PASS",
            );
        });
        it("fails a port 80 server without location / and without a return", () => {
            assert.strictEqual(
                judgeOne(
                    httpRedirectsToHttps,
                    edit(
                        PORT_80,
                        "server {\n    listen 80;\n    location = /health { return 200; }\n}\n",
                    ),
                ).message,
                `${declaredTrue} in its rendered nginx config no return of a redirect to https:// for location / (server block listening on 80, line 5)`,
            );
        });
        it("another location that redirects to https:// is not serving", () => {
            assert.strictEqual(
                judgeOne(
                    httpRedirectsToHttps,
                    edit(
                        "    location / { return 301",
                        "    location /old { return 308 https://x/; }\n    location / { return 301",
                    ),
                ).state,
                "PASS",
            );
        });
        it("exempts the ACME path only at the start of the match (^~ allowed), and lists every serving location", () => {
            assert.strictEqual(
                judgeOne(
                    httpRedirectsToHttps,
                    edit(
                        "    location / { return 301",
                        "    location /app/.well-known/acme-challenge/ { root /x; }\n    location ^~ /.well-known/acme-challenge/x/ { root /y; }\n    location / { return 301",
                    ),
                ).message,
                `${declaredTrue} in its rendered nginx config location /app/.well-known/acme-challenge/ (line 11) answers without a redirect to https:// (server block listening on 80, line 5)`,
            );
            assert.strictEqual(
                judgeOne(
                    httpRedirectsToHttps,
                    edit(
                        "    location / { return 301",
                        "    location /a { root /a; }\n    location /b { root /b; }\n    location / { return 301",
                    ),
                ).message,
                `${declaredTrue} in its rendered nginx config location /a (line 11), /b (line 12) answers without a redirect to https:// (server block listening on 80, line 5)`,
            );
        });
        it("needs no ssl server block (it judges port 80 only)", () => {
            assert.strictEqual(
                judgeOne(
                    httpRedirectsToHttps,
                    tls({ nginxConfig: tlsProps().nginxConfig.replace(/ ssl;/g, ";") }),
                ).state,
                "PASS",
            );
        });
        it("a server listening on port 80 among other ports is a port 80 server", () => {
            assert.strictEqual(
                judgeOne(
                    httpRedirectsToHttps,
                    edit("    listen [::]:80;\n", "    listen [::]:80;\n    listen 8080;\n"),
                ).state,
                "PASS",
            );
        });
        it("fails httpRedirect true with no server block on port 80", () => {
            assert.strictEqual(
                judgeOne(httpRedirectsToHttps, edit(PORT_80, "")).message,
                `${declaredTrue} its rendered nginx config has no server block listening on port 80`,
            );
        });
        it("fails httpRedirect false while the rendered port 80 server redirects (the two disagree)", () => {
            const t = tls({ httpRedirect: false });
            t.props.nginxConfig = tlsProps().nginxConfig;
            assert.strictEqual(
                judgeOne(httpRedirectsToHttps, t).message,
                "TLS edge landsraad_tst-tls does not redirect HTTP to HTTPS (httpRedirect false): answer port 80 with a 301 to https://; " +
                    "TLS edge landsraad_tst-tls declares httpRedirect false but its rendered nginx config redirects port 80 to HTTPS (server block listening on 80, line 5)",
            );
            assert.strictEqual(
                judgeOne(httpRedirectsToHttps, tls({ httpRedirect: false })).message,
                "TLS edge landsraad_tst-tls does not redirect HTTP to HTTPS (httpRedirect false): answer port 80 with a 301 to https://",
            );
        });
    });
    it("httpRedirect false and no port 80 server agree (only the field finding)", () => {
        const text = tlsProps().nginxConfig.replace(/server \{\n {4}listen 80;[\s\S]*?\n\}\n/, "");
        assert.ok(!text.includes("listen 80;"));
        assert.strictEqual(
            judgeOne(httpRedirectsToHttps, tls({ httpRedirect: false, nginxConfig: text })).message,
            "TLS edge landsraad_tst-tls does not redirect HTTP to HTTPS (httpRedirect false): answer port 80 with a 301 to https://",
        );
    });
});
