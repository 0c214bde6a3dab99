import * as assert from "assert";
import { edgeRateLimit } from "../../../../policies/rules/tls/edge-rate-limit";
import { tls, tlsProps } from "../../../helpers/fixture-stack";
import { judgeOne, fieldFindings } from "../../../helpers/rules";

describe("CHOM-TLS-008 edge rate limit", () => {
    it("passes 10 requests per second", () => {
        assert.strictEqual(judgeOne(edgeRateLimit, tls()).state, "PASS");
        assert.strictEqual(judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 50 })).state, "PASS");
    });
    it("fails no rate limit", () => {
        const o = judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 0 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls has no rate limit (rateLimitPerSecond 0): set 1-50 requests per second per client",
        );
    });
    it("fails a limit above the maximum", () => {
        assert.strictEqual(
            judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 200 })).message,
            "TLS edge landsraad_tst-tls allows 200 requests per second per client: at most 50 allowed",
        );
    });
    it("config maxPerSecond: 5 fails the compliant 10/s", () => {
        assert.strictEqual(
            judgeOne(edgeRateLimit, tls(), { maxPerSecond: 5 }).message,
            "TLS edge landsraad_tst-tls allows 10 requests per second per client: at most 5 allowed",
        );
    });
    it("fails when the rendered limit_req_zone rate disagrees, or no limit_req is rendered", () => {
        const edit = (from: string, to: string) =>
            tls({ nginxConfig: tlsProps().nginxConfig.replace(from, to) });
        const o = judgeOne(edgeRateLimit, edit("rate=10r/s", "rate=1000r/s"));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls declares rateLimitPerSecond 10 but its rendered nginx config limits 1000 requests per second per client (limit_req_zone at line 3; server block listening on 443, line 14)",
        );
        assert.strictEqual(
            judgeOne(edgeRateLimit, edit("    limit_req zone=chom_per_ip burst=20 nodelay;\n", ""))
                .message,
            "TLS edge landsraad_tst-tls declares rateLimitPerSecond 10 but its rendered nginx config sets no limit_req (server block listening on 443, line 14)",
        );
    });
    it("boundaries: exactly maxPerSecond passes, 0, a negative, a non-number and an unset rate fail", () => {
        assert.strictEqual(judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 50 })).state, "PASS");
        assert.strictEqual(
            judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 51 })).message,
            "TLS edge landsraad_tst-tls allows 51 requests per second per client: at most 50 allowed",
        );
        for (const [rate, shown] of [
            [0, "0"],
            [-1, "-1"],
            ["10", '"10"'],
            [undefined, "null"],
        ] as const) {
            const t = tls();
            t.props.rateLimitPerSecond = rate;
            assert.strictEqual(
                fieldFindings(judgeOne(edgeRateLimit, t)),
                `TLS edge landsraad_tst-tls has no rate limit (rateLimitPerSecond ${shown}): set 1-50 requests per second per client`,
            );
        }
    });
    describe("the rendered limit, exactly", () => {
        const ZONE = "limit_req_zone $binary_remote_addr zone=chom_per_ip:10m rate=10r/s;\n";
        const LIMIT = "    limit_req zone=chom_per_ip burst=20 nodelay;\n";
        const rendered = (...edits: [string, string][]) => {
            let text = tlsProps().nginxConfig;
            for (const [from, to] of edits) {
                assert.ok(text.includes(from), from);
                text = text.replace(from, to);
            }
            return tls({ nginxConfig: text });
        };
        const declared =
            "TLS edge landsraad_tst-tls declares rateLimitPerSecond 10 but its rendered nginx config";
        it("reads the zone the limit_req names, not the first one", () => {
            assert.strictEqual(
                judgeOne(
                    edgeRateLimit,
                    rendered([
                        ZONE,
                        "limit_req_zone $binary_remote_addr zone=other:10m rate=99r/s;\n" + ZONE,
                    ]),
                ).state,
                "PASS",
            );
        });
        it("fails a limit_req on an undefined zone, and a zone keyed on something else than the client address", () => {
            assert.strictEqual(
                judgeOne(edgeRateLimit, rendered(["zone=chom_per_ip burst", "zone=nope burst"]))
                    .message,
                `${declared} uses limit_req zone "nope" (line 33), which no limit_req_zone with a rate defines (server block listening on 443, line 14)`,
            );
            assert.strictEqual(
                judgeOne(edgeRateLimit, rendered(["$binary_remote_addr zone", "$server_name zone"]))
                    .message,
                `${declared} keys limit_req_zone chom_per_ip (line 3) on $server_name, not the client address (server block listening on 443, line 14)`,
            );
            assert.strictEqual(
                judgeOne(edgeRateLimit, rendered(["$binary_remote_addr zone", "$remote_addr zone"]))
                    .state,
                "PASS",
            );
        });
        it("with several limit_req the tightest applies (the first of equal ones named)", () => {
            const three = rendered(
                [
                    ZONE,
                    "limit_req_zone $binary_remote_addr zone=a:1m rate=50r/s;\n" +
                        ZONE +
                        "limit_req_zone $binary_remote_addr zone=c:1m rate=30r/s;\n",
                ],
                [LIMIT, "    limit_req zone=a;\n" + LIMIT + "    limit_req zone=c;\n"],
            );
            assert.strictEqual(judgeOne(edgeRateLimit, three).state, "PASS");
            const tie = rendered(
                [
                    ZONE,
                    "limit_req_zone $binary_remote_addr zone=a:1m rate=5r/s;\nlimit_req_zone $binary_remote_addr zone=b:1m rate=5r/s;\n",
                ],
                [LIMIT, "    limit_req zone=a;\n    limit_req zone=b;\n"],
            );
            assert.strictEqual(
                judgeOne(edgeRateLimit, tie).message,
                `${declared} limits 5 requests per second per client (limit_req_zone at line 3; server block listening on 443, line 15)`,
            );
        });
        it("no declared limit and no rendered limit_req agree (only the field finding)", () => {
            assert.strictEqual(
                judgeOne(edgeRateLimit, tls({ rateLimitPerSecond: 0 })).message,
                "TLS edge landsraad_tst-tls has no rate limit (rateLimitPerSecond 0): set 1-50 requests per second per client",
            );
        });
        it("judges a location's own limit_req, per minute rates read per second", () => {
            const t = rendered(
                [ZONE, ZONE + "limit_req_zone $binary_remote_addr zone=strict:1m rate=60r/m;\n"],
                [
                    "    location / { try_files",
                    "    location /login { limit_req zone=strict; }\n    location / { try_files",
                ],
            );
            assert.strictEqual(
                judgeOne(edgeRateLimit, t).message,
                `${declared} limits 1 requests per second per client (limit_req_zone at line 4; server block listening on 443, location /login at line 37)`,
            );
        });
        it("fails limit_req_dry_run on (nothing is refused); off passes", () => {
            assert.strictEqual(
                judgeOne(edgeRateLimit, rendered([LIMIT, LIMIT + "    limit_req_dry_run on;\n"]))
                    .message,
                `${declared} sets limit_req_dry_run on (line 34), so no request is refused (server block listening on 443, line 14)`,
            );
            assert.strictEqual(
                judgeOne(edgeRateLimit, rendered([LIMIT, LIMIT + "    limit_req_dry_run off;\n"]))
                    .state,
                "PASS",
            );
        });
    });
    it("a rate that is not a number declares no limit: a rendered limit disagrees, no rendered limit_req agrees", () => {
        const field =
            'TLS edge landsraad_tst-tls has no rate limit (rateLimitPerSecond "10"): set 1-50 requests per second per client';
        const t = tls();
        t.props.rateLimitPerSecond = "10";
        assert.strictEqual(
            judgeOne(edgeRateLimit, t).message,
            `${field}; TLS edge landsraad_tst-tls declares rateLimitPerSecond "10" but its rendered nginx config ` +
                "limits 10 requests per second per client (limit_req_zone at line 3; server block listening on 443, line 14)",
        );
        t.props.nginxConfig = tlsProps().nginxConfig.replace(
            "    limit_req zone=chom_per_ip burst=20 nodelay;\n",
            "",
        );
        assert.strictEqual(judgeOne(edgeRateLimit, t).message, field);
    });
});
