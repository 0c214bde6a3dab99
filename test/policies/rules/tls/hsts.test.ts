import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { hsts } from "../../../../policies/rules/tls/hsts";
import { tls, tlsProps } from "../../../helpers/fixture-stack";
import { judgeOne, fieldFindings } from "../../../helpers/rules";

describe("CHOM-TLS-003 HSTS", () => {
    it("passes two years with includeSubDomains, and exactly one year", () => {
        assert.strictEqual(judgeOne(hsts, tls()).state, "PASS");
        assert.strictEqual(
            judgeOne(
                hsts,
                tls({ hsts: { maxAgeSeconds: 31536000, includeSubDomains: true, preload: false } }),
            ).state,
            "PASS",
        );
    });
    it("fails a max-age under a year", () => {
        const o = judgeOne(
            hsts,
            tls({ hsts: { maxAgeSeconds: 15768000, includeSubDomains: true, preload: false } }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls sends HSTS max-age 15768000 s (182 days): at least 31536000 s (365 days) required",
        );
    });
    it("fails without includeSubDomains", () => {
        const o = judgeOne(
            hsts,
            tls({ hsts: { maxAgeSeconds: 63072000, includeSubDomains: false, preload: false } }),
        );
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls sends HSTS without includeSubDomains: add includeSubDomains",
        );
    });
    it("fails no HSTS at all", () => {
        const t = tls();
        delete t.props.hsts;
        assert.strictEqual(
            judgeOne(hsts, t).message,
            "TLS edge landsraad_tst-tls sends no HSTS header (hsts not set): set max-age >= 31536000 s with includeSubDomains",
        );
    });
    it("config minMaxAgeSeconds: 3 years fails the compliant two years", () => {
        const o = judgeOne(hsts, tls(), { minMaxAgeSeconds: 94608000 });
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls sends HSTS max-age 63072000 s (730 days): at least 94608000 s (1095 days) required",
        );
    });
    it("throws UnknownValueError when hsts is unknown at preview", () => {
        const t = tls();
        t.props = unknownCheckingProxy({
            ...t.props,
            hsts: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(hsts, t), UnknownValueError);
    });
    it("fails when the rendered HSTS header disagrees, lacks always, or a location drops it", () => {
        const edit = (from: string, to: string) =>
            tls({ nginxConfig: tlsProps().nginxConfig.replace(from, to) });
        const o = judgeOne(
            hsts,
            edit('max-age=63072000; includeSubDomains" always', 'max-age=300"'),
        );
        assert.strictEqual(o.state, "FAIL");
        const declared = `TLS edge landsraad_tst-tls declares HSTS "max-age=63072000; includeSubDomains"`;
        assert.strictEqual(
            o.message,
            `${declared} but its rendered nginx config sends "max-age=300" (server block listening on 443, line 27); ` +
                `${declared} but its rendered nginx config sends it without "always", so error responses carry no HSTS (server block listening on 443, line 27)`,
        );
        assert.strictEqual(
            judgeOne(
                hsts,
                edit("location / { try_files", 'location / { add_header X-Debug "1"; try_files'),
            ).message,
            `${declared} but in its rendered nginx config location / (line 36) sets its own add_header, so responses there carry no Strict-Transport-Security (server block listening on 443)`,
        );
    });
    it("fails a non-number max-age, a missing one (null) and hsts set to null", () => {
        const text = tls();
        text.props.hsts = { maxAgeSeconds: "63072000", includeSubDomains: true };
        assert.strictEqual(
            judgeOne(hsts, text).message,
            'TLS edge landsraad_tst-tls sends HSTS max-age "63072000": at least 31536000 s (365 days) required',
        );
        const missing = tls();
        missing.props.hsts = { includeSubDomains: true };
        assert.strictEqual(
            fieldFindings(judgeOne(hsts, missing)),
            "TLS edge landsraad_tst-tls sends HSTS max-age null: at least 31536000 s (365 days) required",
        );
        const none = tls();
        none.props.hsts = null;
        assert.strictEqual(
            judgeOne(hsts, none).message,
            "TLS edge landsraad_tst-tls sends no HSTS header (hsts not set): set max-age >= 31536000 s with includeSubDomains",
        );
    });
    it("one second under the minimum fails", () => {
        assert.strictEqual(
            judgeOne(
                hsts,
                tls({ hsts: { maxAgeSeconds: 31535999, includeSubDomains: true, preload: false } }),
            ).message,
            "TLS edge landsraad_tst-tls sends HSTS max-age 31535999 s (364 days): at least 31536000 s (365 days) required",
        );
    });
    describe("the rendered header, exactly", () => {
        const HEADER =
            'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;';
        const edit = (from: string, to: string) => {
            const text = tlsProps().nginxConfig;
            assert.ok(text.includes(from), from);
            return text.replace(from, to);
        };
        const declared = `TLS edge landsraad_tst-tls declares HSTS "max-age=63072000; includeSubDomains"`;
        it("quotes the declared value: without includeSubDomains, with preload", () => {
            const noSub = tls({
                hsts: { maxAgeSeconds: 63072000, includeSubDomains: false, preload: false },
                nginxConfig: edit(
                    HEADER,
                    'add_header Strict-Transport-Security "max-age=300" always;',
                ),
            });
            assert.strictEqual(
                judgeOne(hsts, noSub).message,
                "TLS edge landsraad_tst-tls sends HSTS without includeSubDomains: add includeSubDomains; " +
                    `TLS edge landsraad_tst-tls declares HSTS "max-age=63072000" but its rendered nginx config sends "max-age=300" (server block listening on 443, line 27)`,
            );
            const preload = tls({
                hsts: { maxAgeSeconds: 63072000, includeSubDomains: true, preload: true },
                nginxConfig: tlsProps().nginxConfig,
            });
            assert.strictEqual(
                judgeOne(hsts, preload).message,
                `TLS edge landsraad_tst-tls declares HSTS "max-age=63072000; includeSubDomains; preload" but its rendered nginx config sends "max-age=63072000; includeSubDomains" (server block listening on 443, line 27)`,
            );
            assert.strictEqual(
                judgeOne(
                    hsts,
                    tls({
                        hsts: { maxAgeSeconds: 63072000, includeSubDomains: true, preload: true },
                    }),
                ).state,
                "PASS",
            );
        });
        it("fails an ssl server block that sends no HSTS", () => {
            assert.strictEqual(
                judgeOne(hsts, tls({ nginxConfig: edit(`    ${HEADER}\n`, "") })).message,
                `${declared} but its rendered nginx config sends no Strict-Transport-Security header (server block listening on 443, line 14)`,
            );
        });
        it("compares includeSubDomains and preload one by one", () => {
            /** The message for the compliant edge whose nginx config sends `value` instead. */
            const sending = (value: string) =>
                judgeOne(
                    hsts,
                    tls({
                        nginxConfig: edit(
                            HEADER,
                            `add_header Strict-Transport-Security "${value}" always;`,
                        ),
                    }),
                ).message;
            assert.strictEqual(
                sending("max-age=63072000"),
                `${declared} but its rendered nginx config sends "max-age=63072000" (server block listening on 443, line 27)`,
            );
            assert.strictEqual(
                sending("max-age=63072000; includeSubDomains; preload"),
                `${declared} but its rendered nginx config sends "max-age=63072000; includeSubDomains; preload" (server block listening on 443, line 27)`,
            );
            assert.strictEqual(
                sending("max-age=31536000; includeSubDomains"),
                `${declared} but its rendered nginx config sends "max-age=31536000; includeSubDomains" (server block listening on 443, line 27)`,
            );
        });
        it("a location that re-adds HSTS with its own add_header keeps it; one that does not drops it", () => {
            const text = tlsProps()
                .nginxConfig.replace(
                    "location / { try_files",
                    "location / { add_header X-Debug 1; try_files",
                )
                .replace(
                    "location ~ \\.php$ {",
                    `location ~ \\.php$ {\n        ${HEADER}\n        add_header X-Other 1;`,
                );
            assert.strictEqual(
                judgeOne(hsts, tls({ nginxConfig: text })).message,
                `${declared} but in its rendered nginx config location / (line 36) sets its own add_header, so responses there carry no Strict-Transport-Security (server block listening on 443)`,
            );
        });
    });
});
