import { MOZILLA_TLS_INTERMEDIATE } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";
import { readRenderedNginx, where } from "./support/rendered-config";

/** Config of CHOM-TLS-001. */
export type TlsProtocolsConfig = {
    /** Protocols that may be enabled (nginx spelling). */
    allowedProtocols: string[];
    /** Protocols that must be enabled. */
    requiredProtocols: string[];
};

/**
 * CHOM-TLS-001: TLS 1.0/1.1 cap the SSL Labs grade and are deprecated (RFC 8996); TLS 1.3 is needed
 * for A+.
 */
export const protocols: ResourceRule<TlsProtocolsConfig> = {
    id: "CHOM-TLS-001",
    policyName: "chom-tls-protocols",
    title: "Only TLS 1.2 and TLS 1.3 are enabled, and TLS 1.3 is",
    category: "Security",
    severity: "high",
    framework: MOZILLA_TLS_INTERMEDIATE,
    description:
        "The edge's `protocols` (nginx `ssl_protocols`) may hold only the allowed protocols (TLSv1.2, TLSv1.3) and must hold " +
        "the required ones (TLSv1.3). SSLv3, TLS 1.0 and TLS 1.1 are broken or deprecated; without TLS 1.3 there is no A+.",
    remediation:
        'Set `protocols: ["TLSv1.2", "TLSv1.3"]` on the chom:edge:Tls (nginx `ssl_protocols TLSv1.2 TLSv1.3;`).',
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: SSLv3, TLS 1.0 and TLS 1.1 are broken or deprecated, so accepting them exposes users' sessions to downgrade attacks, and without TLS 1.3 the certificate's A+ line cannot hold (Mozilla intermediate).",
    appliesTo: [TYPES.tls],
    certificateItem: "SSL/TLS configured with A+ rating",
    scope: "resource",
    config: {
        allowedProtocols: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["TLSv1.2", "TLSv1.3"],
            description: "Protocols that may be enabled, nginx spelling.",
        },
        requiredProtocols: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["TLSv1.3"],
            description: "Protocols that must be enabled, nginx spelling.",
        },
    },
    check(subject, config) {
        const props = subject.props as unknown as TlsProps;
        const enabled = Array.isArray(props.protocols) ? props.protocols : [];
        const found: Violation[] = [];
        const extra = enabled.filter((p) => !config.allowedProtocols.includes(p));
        if (extra.length > 0) {
            found.push({
                message: `TLS edge ${subject.name} enables ${extra.join(", ")}: only ${config.allowedProtocols.join(", ")} allowed`,
            });
        }
        const missing = config.requiredProtocols.filter((p) => !enabled.includes(p));
        if (missing.length > 0) {
            found.push({
                message: `TLS edge ${subject.name} does not enable ${missing.join(", ")} (enabled: ${enabled.join(", ") || "none"})`,
            });
        }
        // What nginx runs must be what is declared: every ssl server block, same protocol set.
        const rendered = readRenderedNginx(subject);
        if (rendered.problem) return [...found, rendered.problem];
        const declared = `TLS edge ${subject.name} declares protocols ${enabled.join(" ") || "(none)"}`;
        for (const server of rendered.sslServers) {
            const set = server.sslProtocols;
            if (set === undefined) {
                found.push({
                    message: `${declared} but its rendered nginx config sets no ssl_protocols (${where(server)}): nginx's built-in default applies`,
                });
            } else if (
                set.value.length !== enabled.length ||
                !set.value.every((p) => enabled.includes(p))
            ) {
                found.push({
                    message: `${declared} but its rendered nginx config enables ${set.value.join(" ") || "(none)"} (${where(server, set.line)})`,
                });
            }
        }
        return found;
    },
};
