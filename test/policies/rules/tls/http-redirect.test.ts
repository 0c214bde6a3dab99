import * as assert from "assert";
import { httpRedirect } from "../../../../policies/rules/tls/http-redirect";
import { tls } from "../../../fixtures/stack";
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
});
