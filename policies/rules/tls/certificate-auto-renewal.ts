import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";

/** Config of CHOM-TLS-006. */
export type CertificateRenewalConfig = {
    /** Smallest accepted "alert when fewer than N days are left". */
    minAlertDays: number;
};

/**
 * CHOM-TLS-006: an expired certificate takes the site down as surely as a crash; the original had
 * no expiry alert.
 */
export const certificateAutoRenewal: ResourceRule<CertificateRenewalConfig> = {
    id: "CHOM-TLS-006",
    policyName: "chom-tls-certificate-auto-renewal",
    title: "The certificate renews automatically and its expiry is alerted on",
    category: "Security",
    severity: "high",
    framework: certificateRef("SSL/TLS configured with A+ rating"),
    description:
        "The certificate must be renewed automatically (`autoRenew`) by a stated mechanism (Let's Encrypt, or a `renewal` " +
        "such as certbot.timer), and an alert must fire while at least the configured number of days (7) are left.",
    remediation:
        'Use `source: "letsencrypt"` with `autoRenew: true` and `renewal: "certbot.timer"`, and set `expiryAlertDays` to 14.',
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: a certificate that does not renew expires (Let's Encrypt: 90 days) and every browser then refuses the site, an outage; the expiry alert is the only warning when renewal breaks silently.",
    appliesTo: [TYPES.tls],
    certificateItem: "SSL/TLS configured with A+ rating",
    scope: "resource",
    config: {
        minAlertDays: {
            type: "integer",
            minimum: 1,
            default: 7,
            description: "Smallest accepted expiry alert threshold, in days before expiry.",
        },
    },
    check(subject, config) {
        const cert = (subject.props as unknown as TlsProps).certificate;
        const edge = `TLS edge ${subject.name}`;
        if (cert === undefined || cert === null)
            return [
                { message: `${edge} declares no certificate (renewal and expiry alert unknown)` },
            ];
        const found: Violation[] = [];
        if (cert.autoRenew !== true)
            found.push({
                message: `${edge} certificate is not renewed automatically (autoRenew ${JSON.stringify(cert.autoRenew ?? null)})`,
            });
        const renewal = typeof cert.renewal === "string" ? cert.renewal.trim() : "";
        if (cert.source !== "letsencrypt" && renewal === "") {
            found.push({
                message: `${edge} certificate states no renewal mechanism (source ${JSON.stringify(cert.source ?? null)}, renewal empty): name how it is renewed`,
            });
        }
        const alert = cert.expiryAlertDays;
        if (typeof alert !== "number" || alert <= 0) {
            found.push({
                message: `${edge} certificate has no expiry alert (expiryAlertDays ${JSON.stringify(alert ?? null)}): alert at least ${config.minAlertDays} days before expiry`,
            });
        } else if (alert < config.minAlertDays) {
            found.push({
                message: `${edge} certificate expiry alert fires ${alert} days before expiry: at least ${config.minAlertDays} days required`,
            });
        }
        return found;
    },
};
