import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { protocols } from "../../../../policies/rules/tls/protocols";
import { firewall, tls, tlsProps } from "../../../helpers/fixture-stack";
import { judgeOne, fieldFindings } from "../../../helpers/rules";

describe("CHOM-TLS-001 protocols", () => {
    it("passes TLSv1.2 + TLSv1.3 and TLSv1.3 alone", () => {
        assert.strictEqual(judgeOne(protocols, tls()).state, "PASS");
        assert.strictEqual(judgeOne(protocols, tls({ protocols: ["TLSv1.3"] })).state, "PASS");
    });
    it("fails TLS 1.0 and 1.1 enabled", () => {
        const o = judgeOne(
            protocols,
            tls({ protocols: ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls enables TLSv1, TLSv1.1: only TLSv1.2, TLSv1.3 allowed",
        );
    });
    it("fails without TLS 1.3", () => {
        const o = judgeOne(protocols, tls({ protocols: ["TLSv1.2"] }));
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls does not enable TLSv1.3 (enabled: TLSv1.2)",
        );
    });
    it("fails an empty list on the missing TLS 1.3", () => {
        assert.strictEqual(
            judgeOne(protocols, tls({ protocols: [] })).message,
            "TLS edge landsraad_tst-tls does not enable TLSv1.3 (enabled: none)",
        );
    });
    it("config: allowing only TLSv1.3 fails the compliant edge", () => {
        const o = judgeOne(protocols, tls(), { allowedProtocols: ["TLSv1.3"] });
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls enables TLSv1.2: only TLSv1.3 allowed",
        );
    });
    it("is not applicable to a firewall", () => {
        assert.strictEqual(judgeOne(protocols, firewall()).state, "NOT_APPLICABLE");
    });
    it("throws UnknownValueError when protocols are unknown at preview", () => {
        const t = tls();
        t.props = unknownCheckingProxy({
            ...t.props,
            protocols: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(protocols, t), UnknownValueError);
    });
    it("fails when the rendered nginx config disagrees: ssl_protocols enables TLSv1 and TLSv1.1, or is commented out", () => {
        const edit = (from: string, to: string) =>
            tls({ nginxConfig: tlsProps().nginxConfig.replace(from, to) });
        const o = judgeOne(
            protocols,
            edit("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;"),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls declares protocols TLSv1.2 TLSv1.3 but its rendered nginx config enables TLSv1 TLSv1.1 TLSv1.2 TLSv1.3 (server block listening on 443, line 21)",
        );
        assert.strictEqual(
            judgeOne(protocols, edit("    ssl_protocols", "    # ssl_protocols")).message,
            "TLS edge landsraad_tst-tls declares protocols TLSv1.2 TLSv1.3 but its rendered nginx config sets no ssl_protocols (server block listening on 443, line 14): nginx's built-in default applies",
        );
    });
    it("lists every missing protocol and what is enabled, 'none' when nothing is", () => {
        assert.strictEqual(
            judgeOne(protocols, tls({ protocols: ["TLSv1.2"] }), {
                requiredProtocols: ["TLSv1.3", "TLSv1.2", "TLSv1.4"],
                allowedProtocols: ["TLSv1.2", "TLSv1.3"],
            }).message,
            "TLS edge landsraad_tst-tls does not enable TLSv1.3, TLSv1.4 (enabled: TLSv1.2)",
        );
        assert.strictEqual(
            fieldFindings(judgeOne(protocols, tls({ protocols: undefined as never }))),
            "TLS edge landsraad_tst-tls does not enable TLSv1.3 (enabled: none)",
        );
        assert.strictEqual(
            judgeOne(protocols, tls({ protocols: ["TLSv1.2", "TLSv1.3", "TLSv1", "TLSv1.1"] }))
                .message,
            "TLS edge landsraad_tst-tls enables TLSv1, TLSv1.1: only TLSv1.2, TLSv1.3 allowed",
        );
    });
    describe("the rendered ssl_protocols, exactly", () => {
        const edit = (from: string, to: string) =>
            tls({ nginxConfig: tlsProps().nginxConfig.replace(from, to) });
        const declared =
            "TLS edge landsraad_tst-tls declares protocols TLSv1.2 TLSv1.3 but its rendered nginx config enables";
        it("the same number of different protocols disagrees; so does an empty ssl_protocols", () => {
            assert.strictEqual(
                judgeOne(
                    protocols,
                    edit("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.1 TLSv1.3;"),
                ).message,
                `${declared} TLSv1.1 TLSv1.3 (server block listening on 443, line 21)`,
            );
            assert.strictEqual(
                judgeOne(protocols, edit("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols;"))
                    .message,
                `${declared} (none) (server block listening on 443, line 21)`,
            );
        });
        it("names no declared protocol as (none), and joins several enabled ones with commas", () => {
            assert.strictEqual(
                judgeOne(protocols, tls({ protocols: [], nginxConfig: tlsProps().nginxConfig }))
                    .message,
                "TLS edge landsraad_tst-tls does not enable TLSv1.3 (enabled: none); TLS edge landsraad_tst-tls declares protocols (none) but its rendered nginx config enables TLSv1.2 TLSv1.3 (server block listening on 443, line 21)",
            );
            assert.strictEqual(
                fieldFindings(
                    judgeOne(protocols, tls({ protocols: ["TLSv1.1", "TLSv1.2"] }), {
                        allowedProtocols: ["TLSv1.1", "TLSv1.2", "TLSv1.3"],
                    }),
                ),
                "TLS edge landsraad_tst-tls does not enable TLSv1.3 (enabled: TLSv1.1, TLSv1.2)",
            );
        });
    });
});
