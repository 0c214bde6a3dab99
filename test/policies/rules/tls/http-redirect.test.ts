import * as assert from "assert";
import { httpRedirect } from "../../../../policies/rules/tls/http-redirect";
import { tls, tlsProps } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-TLS-004 HTTP redirects to HTTPS", () => {
    it("passes the compliant edge", () => {
        assert.strictEqual(judgeOne(httpRedirect, tls()).state, "PASS");
    });
    it("fails an edge serving plain HTTP", () => {
        const o = judgeOne(httpRedirect, tls({ httpRedirect: false }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "TLS edge landsraad_tst-tls does not redirect HTTP to HTTPS (httpRedirect false): answer port 80 with a 301 to https://");
    });
    it("fails when httpRedirect is not stated", () => {
        const t = tls();
        delete t.props.httpRedirect;
        assert.strictEqual(judgeOne(httpRedirect, t).message, "TLS edge landsraad_tst-tls does not redirect HTTP to HTTPS (httpRedirect null): answer port 80 with a 301 to https://");
    });
    it("fails when the rendered port 80 server serves content instead of redirecting", () => {
        const edit = (from: string, to: string) => tls({ nginxConfig: tlsProps().nginxConfig.replace(from, to) });
        const o = judgeOne(httpRedirect, edit("location / { return 301 https://$host$request_uri; }", "location / { root /var/www/html/public; }"));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "TLS edge landsraad_tst-tls declares httpRedirect true but in its rendered nginx config location / (line 11) does not return a redirect to https:// (server block listening on 80, line 5)");
        assert.strictEqual(judgeOne(httpRedirect, edit("    location / { return 301", "    location ~ \\.php$ { fastcgi_pass app:9000; }\n    location / { return 301")).message,
            "TLS edge landsraad_tst-tls declares httpRedirect true but in its rendered nginx config location ~ \\.php$ (line 11) answers without a redirect to https:// (server block listening on 80, line 5)");
    });
});
