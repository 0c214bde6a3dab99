import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";
import type { LimitReqSetting, NginxView } from "../../lib/nginx-config";
import { readRenderedNginx, where } from "./support/rendered-config";

/** Keys that make a limit_req zone count per client address. */
const PER_CLIENT_KEYS = ["$binary_remote_addr", "$remote_addr"];

/** The per-client rate (r/s) a set of limit_req directives enforces, or why it is none. */
function renderedRate(
    view: NginxView,
    limits: LimitReqSetting[],
): { perSecond: number; line: number } | string {
    if (limits.length === 0) return "sets no limit_req";
    const rates: { perSecond: number; line: number }[] = [];
    for (const limit of limits) {
        const zone = view.zones.find((z) => z.name === limit.zone);
        if (zone === undefined)
            return `uses limit_req zone ${JSON.stringify(limit.zone)} (line ${limit.line}), which no limit_req_zone with a rate defines`;
        if (!PER_CLIENT_KEYS.includes(zone.key))
            return `keys limit_req_zone ${zone.name} (line ${zone.line}) on ${zone.key}, not the client address`;
        rates.push({ perSecond: zone.perSecond, line: zone.line });
    }
    // Every limit_req applies: the tightest wins.
    return rates.reduce((a, b) => (b.perSecond < a.perSecond ? b : a));
}

/** Config of CHOM-TLS-008. */
export type EdgeRateLimitConfig = {
    /** Largest accepted requests per second per client IP. */
    maxPerSecond: number;
};

/**
 * CHOM-TLS-008: a per-client limit at the edge blunts credential stuffing and scraping before PHP
 * pays for it.
 */
export const edgeRateLimit: ResourceRule<EdgeRateLimitConfig> = {
    id: "CHOM-TLS-008",
    policyName: "chom-tls-edge-rate-limit",
    title: "Requests are rate limited per client at the edge",
    category: "Security",
    severity: "medium",
    framework: certificateRef("Rate limiting active and tested"),
    description:
        "nginx must limit requests per client IP (`rateLimitPerSecond`, `limit_req`): more than 0 and at most the configured maximum (50/s).",
    remediation:
        "Set `rateLimitPerSecond` (e.g. 10) on the chom:edge:Tls; nginx renders `limit_req_zone … rate=10r/s`.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: an edge rate limit blunts brute force and floods, but the app can throttle too (Laravel's throttle middleware) and the certificate line needs a live test, so an operator can accept a missing or higher limit with a note.",
    appliesTo: [TYPES.tls],
    scope: "resource",
    config: {
        maxPerSecond: {
            type: "number",
            exclusiveMinimum: 0,
            default: 50,
            description: "Largest accepted requests per second per client IP.",
        },
    },
    check(subject, config) {
        const rate = (subject.props as unknown as TlsProps).rateLimitPerSecond;
        const found: Violation[] = [];
        if (typeof rate !== "number" || !(rate > 0)) {
            found.push({
                message: `TLS edge ${subject.name} has no rate limit (rateLimitPerSecond ${JSON.stringify(rate ?? null)}): set 1-${config.maxPerSecond} requests per second per client`,
            });
        } else if (rate > config.maxPerSecond) {
            found.push({
                message: `TLS edge ${subject.name} allows ${rate} requests per second per client: at most ${config.maxPerSecond} allowed`,
            });
        }
        // The limit nginx really enforces on every ssl server block (and locations that replace
        // it).
        const rendered = readRenderedNginx(subject);
        if (rendered.problem) return [...found, rendered.problem];
        const limited = typeof rate === "number" && rate > 0;
        const declared = `TLS edge ${subject.name} declares rateLimitPerSecond ${JSON.stringify(rate ?? null)}`;
        for (const server of rendered.sslServers) {
            const scopes = [
                { label: where(server), limits: server.limitReq },
                ...server.limitReqOverrides.map((o) => ({
                    label: `${server.label}, location ${o.location} at line ${o.line}`,
                    limits: o.limits,
                })),
            ];
            for (const scope of scopes) {
                const got =
                    server.limitReqDryRun?.value === true
                        ? `sets limit_req_dry_run on (line ${server.limitReqDryRun.line}), so no request is refused`
                        : renderedRate(rendered.view, scope.limits);
                if (typeof got === "string") {
                    if (limited)
                        found.push({
                            message: `${declared} but its rendered nginx config ${got} (${scope.label})`,
                        });
                } else if (!limited || got.perSecond !== rate) {
                    found.push({
                        message: `${declared} but its rendered nginx config limits ${got.perSecond} requests per second per client (limit_req_zone at line ${got.line}; ${scope.label})`,
                    });
                }
            }
        }
        return found;
    },
};
