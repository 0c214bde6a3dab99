import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { securityHeaders } from "../../../../policies/rules/tls/security-headers";
import { tls, tlsProps } from "../../../helpers/fixture-stack";
import { judgeOne, fieldFindings } from "../../../helpers/rules";

const withHeaders = (change: Record<string, string | undefined>) => {
    const headers: Record<string, string> = { ...tlsProps().headers };
    for (const [k, v] of Object.entries(change)) {
        if (v === undefined) delete headers[k];
        else headers[k] = v;
    }
    return tls({ headers });
};
const CSP = "Content-Security-Policy";

describe("CHOM-TLS-005 security headers", () => {
    it("passes the compliant headers", () => {
        assert.strictEqual(judgeOne(securityHeaders, tls()).state, "PASS");
    });
    it("fails the original: no CSP", () => {
        const o = judgeOne(securityHeaders, withHeaders({ [CSP]: undefined }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy missing",
        );
    });
    it("lists every missing and wrong header in one message", () => {
        const o = judgeOne(
            securityHeaders,
            withHeaders({
                "X-Frame-Options": "ALLOWALL",
                "X-Content-Type-Options": "sniff",
                "Referrer-Policy": "unsafe-url",
                "Permissions-Policy": undefined,
            }),
        );
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls security headers: Permissions-Policy missing; " +
                `X-Frame-Options is "ALLOWALL" (DENY or SAMEORIGIN required); X-Content-Type-Options is "sniff" (nosniff required); ` +
                `Referrer-Policy is "unsafe-url" (unsafe-url sends full URLs to every site)`,
        );
    });
    it("matches header names case-insensitively", () => {
        const headers = Object.fromEntries(
            Object.entries(tlsProps().headers).map(([k, v]) => [k.toLowerCase(), v]),
        );
        assert.strictEqual(judgeOne(securityHeaders, tls({ headers })).state, "PASS");
        const o = judgeOne(
            securityHeaders,
            tls({ headers: { ...headers, "x-frame-options": "allow-from https://x" } }),
        );
        assert.strictEqual(
            o.message,
            `TLS edge landsraad_tst-tls security headers: x-frame-options is "allow-from https://x" (DENY or SAMEORIGIN required)`,
        );
    });
    it("fails an empty CSP, a CSP that restricts no scripts, and 'unsafe-inline' in script-src or default-src", () => {
        const msg = (csp: string) => judgeOne(securityHeaders, withHeaders({ [CSP]: csp })).message;
        assert.strictEqual(
            msg(" "),
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy is empty",
        );
        assert.strictEqual(
            msg("frame-ancestors 'none'"),
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy restricts no scripts (neither script-src nor default-src)",
        );
        assert.strictEqual(
            msg("default-src 'self'; script-src 'self' 'unsafe-inline'"),
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy allows 'unsafe-inline' in script-src",
        );
        assert.strictEqual(
            msg("default-src 'self' 'UNSAFE-INLINE'"),
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy allows 'unsafe-inline' in default-src (which governs scripts)",
        );
    });
    it("accepts 'unsafe-inline' beside a nonce (ignored by CSP2 browsers), and in style-src", () => {
        assert.strictEqual(
            judgeOne(
                securityHeaders,
                withHeaders({
                    [CSP]: "default-src 'self'; script-src 'self' 'unsafe-inline' 'nonce-r4nd0m'",
                }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                securityHeaders,
                withHeaders({ [CSP]: "default-src 'self'; style-src 'self' 'unsafe-inline'" }),
            ).state,
            "PASS",
        );
    });
    it("config allowUnsafeInlineScripts: true accepts 'unsafe-inline' scripts", () => {
        const t = withHeaders({ [CSP]: "default-src 'self'; script-src 'self' 'unsafe-inline'" });
        assert.strictEqual(judgeOne(securityHeaders, t).state, "FAIL");
        assert.strictEqual(
            judgeOne(securityHeaders, t, { allowUnsafeInlineScripts: true }).state,
            "PASS",
        );
    });
    it("config requiredHeaders: requiring Cross-Origin-Opener-Policy fails the compliant edge", () => {
        const o = judgeOne(securityHeaders, tls(), {
            requiredHeaders: ["Cross-Origin-Opener-Policy"],
        });
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls security headers: Cross-Origin-Opener-Policy missing",
        );
    });
    it("throws UnknownValueError when the headers are unknown at preview", () => {
        const t = tls();
        t.props = unknownCheckingProxy({
            ...t.props,
            headers: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(securityHeaders, t), UnknownValueError);
    });
    it("fails when the rendered add_header disagrees with the declared value, or a location drops them", () => {
        const edit = (from: string, to: string) =>
            tls({ nginxConfig: tlsProps().nginxConfig.replace(from, to) });
        const o = judgeOne(
            securityHeaders,
            edit(
                'add_header X-Frame-Options "DENY" always;',
                'add_header X-Frame-Options "SAMEORIGIN";',
            ),
        );
        assert.strictEqual(o.state, "FAIL");
        const prefix =
            "TLS edge landsraad_tst-tls declares headers its rendered nginx config does not send as declared (server block listening on 443, line 14): ";
        assert.strictEqual(
            o.message,
            `${prefix}X-Frame-Options sent as "SAMEORIGIN" (line 29), declared "DENY"`,
        );
        assert.strictEqual(
            judgeOne(
                securityHeaders,
                edit(
                    "location ~ \\.php$ {",
                    'location ~ \\.php$ {\n        add_header Cache-Control "no-store";',
                ),
            ).message,
            `${prefix}location ~ \\.php$ (line 37) sets its own add_header, so it sends no Content-Security-Policy, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy`,
        );
    });
    it("reads CSP directives separated by any whitespace and case, the first occurrence winning", () => {
        const csp = (value: string) =>
            judgeOne(
                securityHeaders,
                tls({ headers: { ...tlsProps().headers, "Content-Security-Policy": value } }),
            );
        assert.strictEqual(csp("default-src\t'self';  SCRIPT-SRC   'self'").state, "PASS");
        assert.strictEqual(csp("script-src 'self'; script-src 'unsafe-inline'").state, "PASS");
        assert.strictEqual(
            csp("Script-Src 'unsafe-inline'; script-src 'self'").message,
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy allows 'unsafe-inline' in script-src",
        );
        assert.strictEqual(
            csp("default-src 'unsafe-inline'").message,
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy allows 'unsafe-inline' in default-src (which governs scripts)",
        );
        assert.strictEqual(
            csp("; ;img-src 'self'").message,
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy restricts no scripts (neither script-src nor default-src)",
        );
        assert.strictEqual(csp("script-src 'unsafe-inline' 'NONCE-abc'").state, "PASS");
        assert.strictEqual(
            csp("script-src 'unsafe-inline' x'nonce-abc'").message,
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy allows 'unsafe-inline' in script-src",
        );
    });
    it("checks each known header's value exactly; other headers need only be non-empty strings", () => {
        const headers = (extra: Record<string, unknown>) =>
            judgeOne(
                securityHeaders,
                tls({ headers: { ...tlsProps().headers, ...extra } as Record<string, string> }),
            );
        assert.strictEqual(headers({ "X-Frame-Options": " sameorigin " }).state, "PASS");
        assert.strictEqual(headers({ "X-Content-Type-Options": " NOSNIFF " }).state, "PASS");
        assert.strictEqual(headers({ "Referrer-Policy": "unsafe-url, no-referrer" }).state, "PASS");
        assert.strictEqual(
            headers({ "Referrer-Policy": "no-referrer, UNSAFE-URL , " }).message,
            'TLS edge landsraad_tst-tls security headers: Referrer-Policy is "no-referrer, UNSAFE-URL , " (unsafe-url sends full URLs to every site)',
        );
        assert.strictEqual(
            headers({ "Referrer-Policy": "  " }).message,
            "TLS edge landsraad_tst-tls security headers: Referrer-Policy is empty",
        );
        assert.strictEqual(
            headers({ "Permissions-Policy": " " }).message,
            "TLS edge landsraad_tst-tls security headers: Permissions-Policy is empty",
        );
        assert.strictEqual(
            headers({ "Cross-Origin-Opener-Policy": "" }).message,
            "TLS edge landsraad_tst-tls security headers: Cross-Origin-Opener-Policy is empty",
        );
        assert.strictEqual(headers({ "Cross-Origin-Opener-Policy": "same-origin" }).state, "PASS");
        assert.strictEqual(
            fieldFindings(headers({ "X-Frame-Options": 1 })),
            "TLS edge landsraad_tst-tls security headers: X-Frame-Options is not a string",
        );
        assert.strictEqual(
            headers({ "Content-Security-Policy": "  " }).message,
            "TLS edge landsraad_tst-tls security headers: Content-Security-Policy is empty",
        );
    });
    describe("the rendered add_header list, exactly", () => {
        const HEADERS = tlsProps().headers;
        const prefix =
            "TLS edge landsraad_tst-tls declares headers its rendered nginx config does not send as declared (server block listening on 443, line 14): ";
        it("leaves a declared HSTS header to CHOM-TLS-003", () => {
            assert.strictEqual(
                judgeOne(
                    securityHeaders,
                    tls({
                        headers: {
                            ...HEADERS,
                            "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
                        },
                        nginxConfig: tlsProps().nginxConfig,
                    }),
                ).state,
                "PASS",
            );
        });
        it("lists a header not sent, one sent without always and one sent but not declared, in one finding", () => {
            const text = tlsProps()
                .nginxConfig.replace(
                    '    add_header X-Frame-Options "DENY" always;\n',
                    '    add_header X-Debug "1" always;\n',
                )
                .replace('"nosniff" always;', '"nosniff";');
            assert.strictEqual(
                judgeOne(securityHeaders, tls({ nginxConfig: text })).message,
                `${prefix}X-Frame-Options not sent; X-Content-Type-Options sent without "always" (line 30), so error responses lack it; X-Debug sent (line 29) but not declared`,
            );
        });
        it("a location that re-adds every declared header (any case) loses none", () => {
            const all = Object.entries(HEADERS)
                .map(([k, v]) => `add_header ${k.toLowerCase()} "${v}" always; `)
                .join("");
            assert.strictEqual(
                judgeOne(
                    securityHeaders,
                    tls({
                        nginxConfig: tlsProps().nginxConfig.replace(
                            "location / { try_files",
                            `location / { ${all}try_files`,
                        ),
                    }),
                ).state,
                "PASS",
            );
        });
    });
});
