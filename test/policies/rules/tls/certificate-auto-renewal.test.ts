import * as assert from "assert";
import { certificateAutoRenewal } from "../../../../policies/rules/tls/certificate-auto-renewal";
import type { TlsProps } from "../../../../policies/lib/subjects";
import { tls, tlsProps } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const withCert = (change: Partial<TlsProps["certificate"]>) =>
    tls({ certificate: { ...tlsProps().certificate, ...change } });

describe("CHOM-TLS-006 certificate auto-renewal and expiry alert", () => {
    it("passes Let's Encrypt with certbot.timer and a 14-day alert", () => {
        assert.strictEqual(judgeOne(certificateAutoRenewal, tls()).state, "PASS");
    });
    it("passes a file certificate whose renewal is stated", () => {
        assert.strictEqual(
            judgeOne(certificateAutoRenewal, withCert({ source: "file", renewal: "acme.sh cron" }))
                .state,
            "PASS",
        );
    });
    it("fails a certificate that is not renewed automatically", () => {
        const o = judgeOne(certificateAutoRenewal, withCert({ autoRenew: false }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls certificate is not renewed automatically (autoRenew false)",
        );
    });
    it("fails a file certificate with no renewal mechanism", () => {
        const o = judgeOne(certificateAutoRenewal, withCert({ source: "file", renewal: " " }));
        assert.strictEqual(
            o.message,
            `TLS edge landsraad_tst-tls certificate states no renewal mechanism (source "file", renewal empty): name how it is renewed`,
        );
    });
    it("fails no expiry alert, and one that fires too late", () => {
        assert.strictEqual(
            judgeOne(certificateAutoRenewal, withCert({ expiryAlertDays: 0 })).message,
            "TLS edge landsraad_tst-tls certificate has no expiry alert (expiryAlertDays 0): alert at least 7 days before expiry",
        );
        assert.strictEqual(
            judgeOne(certificateAutoRenewal, withCert({ expiryAlertDays: 3 })).message,
            "TLS edge landsraad_tst-tls certificate expiry alert fires 3 days before expiry: at least 7 days required",
        );
    });
    it("fails an edge declaring no certificate", () => {
        const t = tls();
        delete t.props.certificate;
        assert.strictEqual(
            judgeOne(certificateAutoRenewal, t).message,
            "TLS edge landsraad_tst-tls declares no certificate (renewal and expiry alert unknown)",
        );
    });
    it("config minAlertDays: 30 fails the compliant 14-day alert", () => {
        const o = judgeOne(certificateAutoRenewal, tls(), { minAlertDays: 30 });
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls certificate expiry alert fires 14 days before expiry: at least 30 days required",
        );
    });
    it("boundaries: an alert exactly minAlertDays before expiry passes, one day less fails, 0 is no alert", () => {
        const alert = (expiryAlertDays: number | undefined) =>
            judgeOne(
                certificateAutoRenewal,
                tls({
                    certificate: {
                        ...tlsProps().certificate,
                        expiryAlertDays: expiryAlertDays as number,
                    },
                }),
            );
        assert.strictEqual(alert(7).state, "PASS");
        assert.strictEqual(
            alert(6).message,
            "TLS edge landsraad_tst-tls certificate expiry alert fires 6 days before expiry: at least 7 days required",
        );
        assert.strictEqual(
            alert(0).message,
            "TLS edge landsraad_tst-tls certificate has no expiry alert (expiryAlertDays 0): alert at least 7 days before expiry",
        );
        assert.strictEqual(
            alert(undefined).message,
            "TLS edge landsraad_tst-tls certificate has no expiry alert (expiryAlertDays null): alert at least 7 days before expiry",
        );
    });
    it("says null for an unset autoRenew and source, and treats a blank renewal as none", () => {
        const o = judgeOne(
            certificateAutoRenewal,
            tls({
                certificate: { expiryAlertDays: 14, renewal: "   " } as TlsProps["certificate"],
            }),
        );
        assert.strictEqual(
            o.message,
            "TLS edge landsraad_tst-tls certificate is not renewed automatically (autoRenew null); " +
                "TLS edge landsraad_tst-tls certificate states no renewal mechanism (source null, renewal empty): name how it is renewed",
        );
        const nonString = judgeOne(
            certificateAutoRenewal,
            tls({
                certificate: {
                    source: "file",
                    autoRenew: true,
                    renewal: 42,
                    expiryAlertDays: 14,
                } as unknown as TlsProps["certificate"],
            }),
        );
        assert.strictEqual(
            nonString.message,
            'TLS edge landsraad_tst-tls certificate states no renewal mechanism (source "file", renewal empty): name how it is renewed',
        );
        assert.strictEqual(
            judgeOne(
                certificateAutoRenewal,
                tls({ certificate: { ...tlsProps().certificate, renewal: "" } }),
            ).state,
            "PASS",
        );
    });
    it("fails a certificate set to null", () => {
        assert.strictEqual(
            judgeOne(
                certificateAutoRenewal,
                tls({ certificate: null as unknown as TlsProps["certificate"] }),
            ).message,
            "TLS edge landsraad_tst-tls declares no certificate (renewal and expiry alert unknown)",
        );
    });
});
