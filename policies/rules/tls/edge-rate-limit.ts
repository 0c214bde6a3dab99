import type { ResourceRule } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";
import { certificateRef, RATE_LIMIT_ITEM } from "./framework";

/** Config of CHOM-TLS-008. */
export type EdgeRateLimitConfig = {
    /** Largest accepted requests per second per client IP. */
    maxPerSecond: number;
};

/** CHOM-TLS-008: a per-client limit at the edge blunts credential stuffing and scraping before PHP pays for it. */
export const edgeRateLimit: ResourceRule<EdgeRateLimitConfig> = {
    id: "CHOM-TLS-008",
    policyName: "chom-tls-edge-rate-limit",
    title: "Requests are rate limited per client at the edge",
    category: "Security",
    severity: "medium",
    framework: certificateRef("Security Posture", RATE_LIMIT_ITEM),
    description:
        "nginx must limit requests per client IP (`rateLimitPerSecond`, `limit_req`): more than 0 and at most the configured maximum (50/s).",
    remediation: "Set `rateLimitPerSecond` (e.g. 10) on the chom:edge:Tls; nginx renders `limit_req_zone … rate=10r/s`.",
    enforcementLevel: "advisory",
    enforcementRationale: "Advisory: an edge rate limit blunts brute force and floods, but the app can throttle too (Laravel's throttle middleware) and the certificate line needs a live test, so an operator can accept a missing or higher limit with a note.",
    appliesTo: [TYPES.tls],
    scope: "resource",
    config: {
        maxPerSecond: {
            type: "number", exclusiveMinimum: 0, default: 50,
            description: "Largest accepted requests per second per client IP.",
        },
    },
    check(subject, config) {
        const rate = (subject.props as unknown as TlsProps).rateLimitPerSecond;
        if (typeof rate !== "number" || !(rate > 0)) {
            return [{ message: `TLS edge ${subject.name} has no rate limit (rateLimitPerSecond ${JSON.stringify(rate ?? null)}): set 1-${config.maxPerSecond} requests per second per client` }];
        }
        if (rate > config.maxPerSecond) {
            return [{ message: `TLS edge ${subject.name} allows ${rate} requests per second per client: at most ${config.maxPerSecond} allowed` }];
        }
        return [];
    },
};
