import type { ResourceRule, Violation } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";
import { TLS_ITEM } from "./framework";

/** Config of CHOM-TLS-003. */
export type HstsConfig = {
    /** Smallest accepted HSTS max-age, in seconds. */
    minMaxAgeSeconds: number;
};

const days = (seconds: number): string => `${Math.floor(seconds / 86400)} days`;

/** CHOM-TLS-003: without a long HSTS, the first plain-HTTP request can be downgraded. */
export const hsts: ResourceRule<HstsConfig> = {
    id: "CHOM-TLS-003",
    policyName: "chom-tls-hsts",
    title: "HSTS is sent with a long max-age and includeSubDomains",
    category: "Security",
    severity: "medium",
    framework: { name: "OWASP Secure Headers Project", version: "current", reference: "Strict-Transport-Security" },
    description:
        "The edge must send Strict-Transport-Security with `max-age` at or above the configured minimum (31536000 s, one year, " +
        "as the checklist asks; SSL Labs withholds A+ under 180 days) and with `includeSubDomains`.",
    remediation: "Set `hsts: { maxAgeSeconds: 63072000, includeSubDomains: true }` (Mozilla recommends two years).",
    enforcementLevel: "mandatory",
    enforcementRationale: "Mandatory: without a long HSTS max-age a first plain-HTTP request can be downgraded by anyone on the path, exposing session cookies; the checklist requires one year with includeSubDomains.",
    appliesTo: [TYPES.tls],
    certificateItem: TLS_ITEM,
    scope: "resource",
    config: {
        minMaxAgeSeconds: {
            type: "integer", minimum: 0, default: 31536000,
            description: "Smallest accepted HSTS max-age in seconds (31536000 = 365 days).",
        },
    },
    check(subject, config) {
        const props = subject.props as unknown as TlsProps;
        const h = props.hsts;
        if (h === undefined || h === null) return [{ message: `TLS edge ${subject.name} sends no HSTS header (hsts not set): set max-age >= ${config.minMaxAgeSeconds} s with includeSubDomains` }];
        const found: Violation[] = [];
        if (typeof h.maxAgeSeconds !== "number" || h.maxAgeSeconds < config.minMaxAgeSeconds) {
            const value = typeof h.maxAgeSeconds === "number" ? `${h.maxAgeSeconds} s (${days(h.maxAgeSeconds)})` : JSON.stringify(h.maxAgeSeconds ?? null);
            found.push({ message: `TLS edge ${subject.name} sends HSTS max-age ${value}: at least ${config.minMaxAgeSeconds} s (${days(config.minMaxAgeSeconds)}) required` });
        }
        if (h.includeSubDomains !== true) found.push({ message: `TLS edge ${subject.name} sends HSTS without includeSubDomains: add includeSubDomains` });
        return found;
    },
};
