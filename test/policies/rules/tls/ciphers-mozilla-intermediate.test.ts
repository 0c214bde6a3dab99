import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import {
    cipherWeakness,
    ciphersMozillaIntermediate,
} from "../../../../policies/rules/tls/ciphers-mozilla-intermediate";
import { MOZILLA_INTERMEDIATE_CIPHERS } from "../../../../policies/lib/frameworks";
import { MOZILLA_INTERMEDIATE_TLS12, tls, tlsProps } from "../../../helpers/fixture-stack";
import { judgeOne, fieldFindings } from "../../../helpers/rules";

describe("CHOM-TLS-002 ciphers within Mozilla intermediate 6.0", () => {
    it("defaults to the same list as the fixture, and passes it", () => {
        assert.deepStrictEqual(MOZILLA_INTERMEDIATE_CIPHERS, MOZILLA_INTERMEDIATE_TLS12);
        assert.strictEqual(judgeOne(ciphersMozillaIntermediate, tls()).state, "PASS");
    });
    it("names why each construction is out", () => {
        assert.strictEqual(cipherWeakness("DHE-RSA-AES128-GCM-SHA256"), "DHE key exchange");
        assert.strictEqual(cipherWeakness("ECDHE-RSA-AES128-SHA"), "CBC mode, not AEAD");
        assert.strictEqual(cipherWeakness("ECDHE-ECDSA-AES256-SHA384"), "CBC mode, not AEAD");
        assert.strictEqual(
            cipherWeakness("AES128-GCM-SHA256"),
            "RSA key exchange, no forward secrecy",
        );
        assert.strictEqual(cipherWeakness("ECDHE-RSA-DES-CBC3-SHA"), "3DES/DES");
        assert.strictEqual(cipherWeakness("RC4-SHA"), "RC4");
        assert.strictEqual(
            cipherWeakness("NULL-SHA256"),
            "NULL: no encryption or no authentication",
        );
        assert.strictEqual(cipherWeakness("EXP-RC4-MD5"), "EXPORT-grade");
        assert.strictEqual(cipherWeakness("ADH-AES128-GCM-SHA256"), "anonymous key exchange");
        assert.strictEqual(cipherWeakness("ECDHE-ECDSA-AES128-CCM"), "AES-CCM, not in the profile");
        for (const c of MOZILLA_INTERMEDIATE_TLS12)
            assert.strictEqual(cipherWeakness(c), undefined, c);
    });
    it("fails DHE, CBC and static-RSA suites, listing each with its reason", () => {
        const o = judgeOne(
            ciphersMozillaIntermediate,
            tls({
                ciphers: [
                    ...MOZILLA_INTERMEDIATE_TLS12,
                    "DHE-RSA-AES128-GCM-SHA256",
                    "ECDHE-RSA-AES128-SHA256",
                    "AES256-SHA",
                ],
            }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls enables ciphers outside Mozilla intermediate 6.0: DHE-RSA-AES128-GCM-SHA256 (DHE key exchange), ECDHE-RSA-AES128-SHA256 (CBC mode, not AEAD), AES256-SHA (RSA key exchange, no forward secrecy)",
        );
    });
    it("reads an OpenSSL cipher string element and ignores its ! exclusions", () => {
        const o = judgeOne(
            ciphersMozillaIntermediate,
            tls({ ciphers: ["ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-DES-CBC3-SHA:!aNULL"] }),
        );
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls enables ciphers outside Mozilla intermediate 6.0: ECDHE-RSA-DES-CBC3-SHA (3DES/DES)",
        );
    });
    it("fails an empty list while TLS 1.2 is on (nginx's default includes CBC)", () => {
        const o = judgeOne(ciphersMozillaIntermediate, tls({ ciphers: [] }));
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls sets no TLS 1.2 cipher list: nginx's default (HIGH:!aNULL:!MD5) includes CBC suites; set the Mozilla intermediate list",
        );
    });
    it("is not applicable when only TLS 1.3 is enabled", () => {
        const o = judgeOne(
            ciphersMozillaIntermediate,
            tls({ protocols: ["TLSv1.3"], ciphers: [] }),
        );
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(o.message, "TLS edge landsraad_tst-tls enables only TLSv1.3");
    });
    it("config allowedCiphers: narrowing to AES-GCM fails the CHACHA20 suites; listing a CBC suite does not re-admit it", () => {
        const aesOnly = MOZILLA_INTERMEDIATE_TLS12.filter((c) => c.includes("GCM"));
        const o = judgeOne(ciphersMozillaIntermediate, tls(), { allowedCiphers: aesOnly });
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls enables ciphers outside Mozilla intermediate 6.0: ECDHE-ECDSA-CHACHA20-POLY1305 (not in the allowed list), ECDHE-RSA-CHACHA20-POLY1305 (not in the allowed list)",
        );
        const cbc = judgeOne(
            ciphersMozillaIntermediate,
            tls({ ciphers: ["ECDHE-RSA-AES128-SHA"] }),
            {
                allowedCiphers: ["ECDHE-RSA-AES128-SHA"],
            },
        );
        assert.strictEqual(cbc.state, "FAIL");
    });
    it("throws UnknownValueError when ciphers are unknown at preview", () => {
        const t = tls();
        t.props = unknownCheckingProxy({
            ...t.props,
            ciphers: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(ciphersMozillaIntermediate, t), UnknownValueError);
    });
    it("fails when the rendered ssl_ciphers disagrees with the declared list", () => {
        const t = tls();
        t.props.nginxConfig = (t.props.nginxConfig as string).replace(
            "ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:",
            "ssl_ciphers AES128-SHA:ECDHE-ECDSA-AES128-GCM-SHA256:",
        );
        const o = judgeOne(ciphersMozillaIntermediate, t);
        assert.strictEqual(o.state, "FAIL");
        const declared = MOZILLA_INTERMEDIATE_TLS12.join(":");
        assert.strictEqual(
            o.message,
            `TLS edge landsraad_tst-tls declares ciphers ${declared} but its rendered nginx config enables AES128-SHA:${declared} (server block listening on 443, line 22)`,
        );
    });
    it("is applicable when TLSv1.3 alone is declared but the rendered config still enables TLSv1.2", () => {
        const t = tls({ protocols: ["TLSv1.3"], ciphers: [] });
        t.props.nginxConfig = (t.props.nginxConfig as string).replace(
            "ssl_protocols TLSv1.3;",
            "ssl_protocols TLSv1.2 TLSv1.3;",
        );
        assert.strictEqual(judgeOne(ciphersMozillaIntermediate, t).state, "FAIL");
    });
    it("cipherWeakness reads prefixes, not substrings", () => {
        assert.strictEqual(cipherWeakness("ECDHE-RSA-AES128-GCM-SHA256-EXP"), "EXPORT-grade");
        assert.strictEqual(cipherWeakness("ECDHE-RSA-AES128-GCM-EXPSHA"), "EXPORT-grade");
        assert.strictEqual(cipherWeakness("ECDHE-RSA-AES128-GCM-SHAEXP"), undefined);
        assert.strictEqual(cipherWeakness("AECDH-AES128-SHA"), "anonymous key exchange");
        assert.strictEqual(cipherWeakness("EDH-RSA-AES128-GCM-SHA256"), "DHE key exchange");
        assert.strictEqual(cipherWeakness("PSK-AES128-GCM-SHA256"), "not ECDHE key exchange");
        assert.strictEqual(
            cipherWeakness("CAMELLIA128-SHA"),
            "RSA key exchange, no forward secrecy",
        );
        assert.strictEqual(cipherWeakness("ECDHE-ECDSA-AES128-CCM"), "AES-CCM, not in the profile");
    });
    it("applies when no protocol list is given, trims suites and skips empty entries", () => {
        const noProtocols = tls({ protocols: [] });
        assert.strictEqual(judgeOne(ciphersMozillaIntermediate, noProtocols).state, "PASS");
        assert.strictEqual(
            judgeOne(ciphersMozillaIntermediate, tls({ protocols: undefined as never })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                ciphersMozillaIntermediate,
                tls({ ciphers: [" ECDHE-RSA-AES128-GCM-SHA256 :: ", ""] }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            fieldFindings(
                judgeOne(ciphersMozillaIntermediate, tls({ ciphers: undefined as never })),
            ),
            "TLS edge landsraad_tst-tls sets no TLS 1.2 cipher list: nginx's default (HIGH:!aNULL:!MD5) includes CBC suites; set the Mozilla intermediate list",
        );
    });
    describe("TLS 1.3 only, and the rendered ssl_ciphers, exactly", () => {
        const config = tlsProps().nginxConfig;
        const CIPHERS_LINE = / {4}ssl_ciphers .*\n/.exec(config)![0];
        const list = MOZILLA_INTERMEDIATE_TLS12.join(":");
        const noList =
            "TLS edge landsraad_tst-tls sets no TLS 1.2 cipher list: nginx's default (HIGH:!aNULL:!MD5) includes CBC suites; set the Mozilla intermediate list";
        it("applies when TLS 1.2 is declared though nginx runs TLS 1.3 only", () => {
            assert.strictEqual(
                judgeOne(
                    ciphersMozillaIntermediate,
                    tls({
                        nginxConfig: config.replace(
                            "ssl_protocols TLSv1.2 TLSv1.3;",
                            "ssl_protocols TLSv1.3;",
                        ),
                    }),
                ).state,
                "PASS",
            );
        });
        it("applies when one ssl server block enables TLS 1.2, or one sets no ssl_protocols (nginx's default has TLS 1.2)", () => {
            const second = config
                .replace("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.3;")
                .replace(
                    "# Internal status",
                    "server {\n    listen 8443 ssl;\n    ssl_protocols TLSv1.2;\n}\n# Internal status",
                );
            const declaredNone = `TLS edge landsraad_tst-tls declares ciphers (none) but its rendered nginx config enables ${list}`;
            assert.strictEqual(
                judgeOne(
                    ciphersMozillaIntermediate,
                    tls({ protocols: ["TLSv1.3"], ciphers: [], nginxConfig: second }),
                ).message,
                `${noList}; ${declaredNone} (server block listening on 443, line 22)`,
            );
            assert.strictEqual(
                judgeOne(
                    ciphersMozillaIntermediate,
                    tls({
                        protocols: ["TLSv1.3"],
                        ciphers: [],
                        nginxConfig: config.replace("    ssl_protocols TLSv1.2 TLSv1.3;\n", ""),
                    }),
                ).message,
                `${noList}; ${declaredNone} (server block listening on 443, line 21)`,
            );
        });
        it("fails a declared list nginx does not get (no ssl_ciphers); none declared and none rendered is only the field finding", () => {
            assert.strictEqual(
                judgeOne(
                    ciphersMozillaIntermediate,
                    tls({ nginxConfig: config.replace(CIPHERS_LINE, "") }),
                ).message,
                `TLS edge landsraad_tst-tls declares ciphers ${list} but its rendered nginx config sets no ssl_ciphers (server block listening on 443, line 14): nginx's default HIGH:!aNULL:!MD5 applies`,
            );
            assert.strictEqual(
                judgeOne(
                    ciphersMozillaIntermediate,
                    tls({ ciphers: [], nginxConfig: config.replace(CIPHERS_LINE, "") }),
                ).message,
                noList,
            );
        });
    });
});
