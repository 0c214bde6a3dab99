import { owaspSecureHeaders } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";
import { parseHsts } from "../../lib/nginx-config";
import { readRenderedNginx, where } from "./support/rendered-config";

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
    framework: owaspSecureHeaders("Strict-Transport-Security"),
    description:
        "The edge must send Strict-Transport-Security with `max-age` at or above the configured minimum (31536000 s, one year, " +
        "as the checklist asks; SSL Labs withholds A+ under 180 days) and with `includeSubDomains`.",
    remediation:
        "Set `hsts: { maxAgeSeconds: 63072000, includeSubDomains: true }` (Mozilla recommends two years).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: without a long HSTS max-age a first plain-HTTP request can be downgraded by anyone on the path, exposing session cookies; the checklist requires one year with includeSubDomains.",
    appliesTo: [TYPES.tls],
    certificateItem: "SSL/TLS configured with A+ rating",
    scope: "resource",
    config: {
        minMaxAgeSeconds: {
            type: "integer",
            minimum: 0,
            default: 31536000,
            description: "Smallest accepted HSTS max-age in seconds (31536000 = 365 days).",
        },
    },
    check(subject, config) {
        const props = subject.props as unknown as TlsProps;
        const h = props.hsts;
        if (h === undefined || h === null)
            return [
                {
                    message: `TLS edge ${subject.name} sends no HSTS header (hsts not set): set max-age >= ${config.minMaxAgeSeconds} s with includeSubDomains`,
                },
            ];
        const found: Violation[] = [];
        if (typeof h.maxAgeSeconds !== "number" || h.maxAgeSeconds < config.minMaxAgeSeconds) {
            const value =
                typeof h.maxAgeSeconds === "number"
                    ? `${h.maxAgeSeconds} s (${days(h.maxAgeSeconds)})`
                    : JSON.stringify(h.maxAgeSeconds ?? null);
            found.push({
                message: `TLS edge ${subject.name} sends HSTS max-age ${value}: at least ${config.minMaxAgeSeconds} s (${days(config.minMaxAgeSeconds)}) required`,
            });
        }
        if (h.includeSubDomains !== true)
            found.push({
                message: `TLS edge ${subject.name} sends HSTS without includeSubDomains: add includeSubDomains`,
            });
        // The header nginx really sends, on every ssl server block and every location of it.
        const rendered = readRenderedNginx(subject);
        if (rendered.problem) return [...found, rendered.problem];
        const value = [
            `max-age=${String(h.maxAgeSeconds)}`,
            ...(h.includeSubDomains === true ? ["includeSubDomains"] : []),
            ...(h.preload === true ? ["preload"] : []),
        ].join("; ");
        const declared = `TLS edge ${subject.name} declares HSTS "${value}"`;
        const isHsts = (name: string) => name.toLowerCase() === "strict-transport-security";
        for (const server of rendered.sslServers) {
            const header = server.headers.find((x) => isHsts(x.name));
            if (header === undefined) {
                found.push({
                    message: `${declared} but its rendered nginx config sends no Strict-Transport-Security header (${where(server)})`,
                });
                continue;
            }
            const sent = parseHsts(header.value);
            // Compared as text: a non-number max-age is its own finding above, not a disagreement.
            if (
                String(sent.maxAgeSeconds) !== String(h.maxAgeSeconds) ||
                sent.includeSubDomains !== (h.includeSubDomains === true) ||
                sent.preload !== (h.preload === true)
            ) {
                found.push({
                    message: `${declared} but its rendered nginx config sends "${header.value}" (${where(server, header.line)})`,
                });
            }
            if (!header.always) {
                found.push({
                    message: `${declared} but its rendered nginx config sends it without "always", so error responses carry no HSTS (${where(server, header.line)})`,
                });
            }
            for (const o of server.headerOverrides.filter(
                (x) => !x.headers.some((y) => isHsts(y.name)),
            )) {
                found.push({
                    message: `${declared} but in its rendered nginx config location ${o.location} (line ${o.line}) sets its own add_header, so responses there carry no Strict-Transport-Security (${server.label})`,
                });
            }
        }
        return found;
    },
};
