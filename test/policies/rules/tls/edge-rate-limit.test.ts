import * as assert from "assert";
import { edgeRateLimit } from "../../../../policies/rules/tls/edge-rate-limit";
import { tls, tlsProps } from "../../../fixtures/stack";
import { judgeOne, fieldFindings } from "../../../helpers/rules";

describe("CHOM-TLS-008 edge rate limit", () => {
    it("passes 10 requests per second", () => {
        assert.strictEqual(judgeOne(edgeRateLimit, tls()).state, "PASS");
        assert.strictEqual(judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 50 })).state, "PASS");
    });
    it("fails no rate limit", () => {
        const o = judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 0 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "TLS edge landsraad_tst-tls has no rate limit (rateLimitPerSecond 0): set 1-50 requests per second per client");
    });
    it("fails a limit above the maximum", () => {
        assert.strictEqual(judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 200 })).message, "TLS edge landsraad_tst-tls allows 200 requests per second per client: at most 50 allowed");
    });
    it("config maxPerSecond: 5 fails the compliant 10/s", () => {
        assert.strictEqual(judgeOne(edgeRateLimit, tls(), { maxPerSecond: 5 }).message, "TLS edge landsraad_tst-tls allows 10 requests per second per client: at most 5 allowed");
    });
    it("fails when the rendered limit_req_zone rate disagrees, or no limit_req is rendered", () => {
        const edit = (from: string, to: string) => tls({ nginxConfig: tlsProps().nginxConfig.replace(from, to) });
        const o = judgeOne(edgeRateLimit, edit("rate=10r/s", "rate=1000r/s"));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "TLS edge landsraad_tst-tls declares rateLimitPerSecond 10 but its rendered nginx config limits 1000 requests per second per client (limit_req_zone at line 3; server block listening on 443, line 14)");
        assert.strictEqual(judgeOne(edgeRateLimit, edit("    limit_req zone=chom_per_ip burst=20 nodelay;\n", "")).message,
            "TLS edge landsraad_tst-tls declares rateLimitPerSecond 10 but its rendered nginx config sets no limit_req (server block listening on 443, line 14)");
    });
    it("boundaries: exactly maxPerSecond passes, 0, a negative, a non-number and an unset rate fail", () => {
        assert.strictEqual(judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 50 })).state, "PASS");
        assert.strictEqual(judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 51 })).message, "TLS edge landsraad_tst-tls allows 51 requests per second per client: at most 50 allowed");
        for (const [rate, shown] of [[0, "0"], [-1, "-1"], ["10", '"10"'], [undefined, "null"]] as const) {
            const t = tls();
            t.props.rateLimitPerSecond = rate;
            assert.strictEqual(fieldFindings(judgeOne(edgeRateLimit, t)), `TLS edge landsraad_tst-tls has no rate limit (rateLimitPerSecond ${shown}): set 1-50 requests per second per client`);
        }
    });
});
