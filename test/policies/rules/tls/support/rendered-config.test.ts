import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import type { ResourceRule } from "../../../../../policies/lib/rule";
import { ciphersMozillaIntermediate } from "../../../../../policies/rules/tls/ciphers-mozilla-intermediate";
import { edgeRateLimit } from "../../../../../policies/rules/tls/edge-rate-limit";
import { hsts } from "../../../../../policies/rules/tls/hsts";
import { httpRedirectsToHttps } from "../../../../../policies/rules/tls/http-redirects-to-https";
import { protocols } from "../../../../../policies/rules/tls/protocols";
import { securityHeaders } from "../../../../../policies/rules/tls/security-headers";
import { serverTokensOff } from "../../../../../policies/rules/tls/server-tokens-off";
import { readRenderedNginx } from "../../../../../policies/rules/tls/support/rendered-config";
import { tls, tlsProps } from "../../../../helpers/fixture-stack";
import { judgeOne } from "../../../../helpers/rules";
import { withUnknownProp } from "../../../../helpers/unknown-props";

/** Every TLS rule whose setting the rendered nginx config carries. */
const RULES: ResourceRule<Record<string, unknown>>[] = [
    protocols,
    ciphersMozillaIntermediate,
    hsts,
    httpRedirectsToHttps,
    securityHeaders,
    serverTokensOff,
    edgeRateLimit,
] as unknown as ResourceRule<Record<string, unknown>>[];

/** The compliant TLS edge with its rendered nginx config edited by `edit`. */
const withNginxConfig = (edit: (config: string) => string) =>
    tls({ nginxConfig: edit(tlsProps().nginxConfig) });

describe("TLS rules judge the rendered nginx config (TlsProps.nginxConfig)", () => {
    for (const rule of RULES) {
        describe(rule.id, () => {
            it("fails a missing or empty rendered config (absence is never compliance)", () => {
                const missing = tls();
                delete missing.props.nginxConfig;
                assert.strictEqual(
                    judgeOne(rule, missing).message,
                    "TLS edge landsraad_tst-tls carries no rendered nginx config (nginxConfig missing): what nginx runs cannot be judged",
                );
                assert.strictEqual(
                    judgeOne(rule, tls({ nginxConfig: "# nothing\n" })).message,
                    "TLS edge landsraad_tst-tls rendered nginx config has no server block: what the edge answers cannot be judged",
                );
            });
            it("fails an unparseable rendered config, naming the line", () => {
                const broken = withNginxConfig((c) =>
                    c.replace("    location ~ \\.php$ {", "    location ~ \\.php$ {{"),
                );
                assert.strictEqual(
                    judgeOne(rule, broken).message,
                    `TLS edge landsraad_tst-tls rendered nginx config cannot be parsed: line 37: unexpected "{"`,
                );
            });
            it("throws UnknownValueError when the rendered config is unknown at preview", () => {
                assert.throws(
                    () => judgeOne(rule, withUnknownProp(tls(), "nginxConfig")),
                    UnknownValueError,
                );
            });
        });
    }
    it("a config without any ssl server block fails the rules that read ssl settings", () => {
        const plain = withNginxConfig((c) => c.replace(/ ssl;/g, ";"));
        assert.strictEqual(
            judgeOne(protocols, plain).message,
            "TLS edge landsraad_tst-tls rendered nginx config has no server block listening with ssl: its TLS settings are not what nginx runs",
        );
    });
    describe("readRenderedNginx names why there is nothing to judge", () => {
        const problem = (nginxConfig: unknown) => {
            const t = tls();
            t.props.nginxConfig = nginxConfig;
            const r = readRenderedNginx(t);
            return r.problem?.message;
        };
        it("missing (null), not a string, empty or blank", () => {
            const says = (what: string) =>
                `TLS edge landsraad_tst-tls carries no rendered nginx config (nginxConfig ${what}): what nginx runs cannot be judged`;
            assert.strictEqual(problem(null), says("missing"));
            assert.strictEqual(problem(42), says("not a string"));
            assert.strictEqual(problem(""), says("empty"));
            assert.strictEqual(problem(" \n\t"), says("empty"));
        });
        it("lets an error other than a parse error through", () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const lib = require("../../../../../policies/lib/nginx-config") as {
                readNginxConfig: (text: string) => unknown;
            };
            const original = lib.readNginxConfig;
            lib.readNginxConfig = () => {
                throw new TypeError("boom");
            };
            try {
                assert.throws(() => readRenderedNginx(tls()), /^TypeError: boom$/);
            } finally {
                lib.readNginxConfig = original;
            }
        });
        it("without needSsl a config without ssl server block is read", () => {
            const plain = withNginxConfig((c) => c.replace(/ ssl;/g, ";"));
            const r = readRenderedNginx(plain, false);
            assert.strictEqual(r.problem, undefined);
            assert.deepStrictEqual(
                r.problem === undefined ? [r.view.servers.length, r.sslServers.length] : [],
                [3, 0],
            );
        });
    });
});
