import { MOZILLA_INTERMEDIATE_CIPHERS, MOZILLA_TLS_INTERMEDIATE } from "../../lib/frameworks";
import { notApplicable, ResourceRule, Violation } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";
import { readRenderedNginx, where } from "./support/rendered-config";

/** Config of CHOM-TLS-002. */
export type TlsCiphersConfig = {
    /**
     * TLS 1.2 cipher suites that may be enabled (OpenSSL names); a narrower list tightens the rule.
     */
    allowedCiphers: string[];
};

/**
 * Why a suite is outside Mozilla intermediate, or undefined when its construction is acceptable
 * (ECDHE key exchange with AES-GCM or ChaCha20-Poly1305). These hold whatever the config allows:
 * the config may narrow the list, never re-admit a broken construction.
 */
export function cipherWeakness(cipher: string): string | undefined {
    const c = cipher.toUpperCase();
    const parts = c.split("-");
    if (parts.includes("NULL") || c.includes("ANULL") || c.includes("ENULL"))
        return "NULL: no encryption or no authentication";
    if (parts.some((p) => p.startsWith("EXP"))) return "EXPORT-grade";
    if (c.includes("RC4")) return "RC4";
    if (c.includes("DES")) return "3DES/DES";
    if (c.startsWith("ADH-") || c.startsWith("AECDH-")) return "anonymous key exchange";
    if (c.startsWith("DHE-") || c.startsWith("EDH-")) return "DHE key exchange";
    if (!c.startsWith("ECDHE-"))
        return /^(AES|CAMELLIA|ARIA|SEED|IDEA)/.test(c)
            ? "RSA key exchange, no forward secrecy"
            : "not ECDHE key exchange";
    if (!c.includes("-GCM-") && !c.endsWith("CHACHA20-POLY1305"))
        return c.includes("CCM") ? "AES-CCM, not in the profile" : "CBC mode, not AEAD";
    return undefined;
}

/** CHOM-TLS-002: forward secrecy and AEAD only, as SSL Labs wants for A+. */
export const ciphersMozillaIntermediate: ResourceRule<TlsCiphersConfig> = {
    id: "CHOM-TLS-002",
    policyName: "chom-tls-ciphers-mozilla-intermediate",
    title: "TLS 1.2 ciphers are within Mozilla's intermediate profile",
    category: "Security",
    severity: "high",
    framework: MOZILLA_TLS_INTERMEDIATE,
    description:
        "Every TLS 1.2 cipher suite in `ciphers` (nginx `ssl_ciphers`) must be in the allowed list (Mozilla intermediate 6.0 by default) " +
        "and use ECDHE key exchange with AES-GCM or CHACHA20-POLY1305: no DHE, no static RSA key exchange, no CBC suites, " +
        "no 3DES, RC4, NULL or EXPORT. An empty list leaves nginx's default (`HIGH:!aNULL:!MD5`), which includes CBC suites. " +
        "Not applicable when only TLS 1.3 is enabled (its suites are all AEAD with forward secrecy).",
    remediation:
        "Set `ciphers` to Mozilla's intermediate list (ECDHE-ECDSA/RSA with AES128-GCM, AES256-GCM, CHACHA20-POLY1305).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: ciphers outside Mozilla's intermediate profile (CBC, static RSA, 3DES, RC4) lose forward secrecy or are attackable, exposing recorded traffic, and they cap the SSL Labs grade the certificate asks for.",
    appliesTo: [TYPES.tls],
    certificateItem: "SSL/TLS configured with A+ rating",
    scope: "resource",
    config: {
        allowedCiphers: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: MOZILLA_INTERMEDIATE_CIPHERS,
            description:
                "TLS 1.2 cipher suites (OpenSSL names) that may be enabled. Broken constructions fail even if listed.",
        },
    },
    check(subject, config) {
        const props = subject.props as unknown as TlsProps;
        // Stryker disable next-line ArrayDeclaration: only13 is false for [] and for any list
        // without TLSv1.3 alike, so a non-empty stand-in changes nothing
        const protocols = Array.isArray(props.protocols) ? props.protocols : [];
        const rendered = readRenderedNginx(subject);
        const only13 = (list: string[]) => list.length > 0 && list.every((p) => p === "TLSv1.3");
        // Not applicable only when both the declaration and what nginx runs are TLS 1.3 only.
        // Stryker disable next-line ArrayDeclaration: only13 is false for [] and for any list
        // without TLSv1.3 alike, so a non-empty stand-in changes nothing
        if (
            only13(protocols) &&
            !rendered.problem &&
            rendered.sslServers.every((s) => only13(s.sslProtocols?.value ?? []))
        ) {
            return notApplicable(`TLS edge ${subject.name} enables only TLSv1.3`);
        }
        // One element may hold an OpenSSL cipher string (`A:B`); `!x` entries only remove suites.
        const declaredList = (Array.isArray(props.ciphers) ? props.ciphers : [])
            .flatMap((c) => String(c).split(":"))
            .map((c) => c.trim())
            .filter((c) => c !== "");
        const ciphers = declaredList.filter((c) => !c.startsWith("!"));
        const found: Violation[] = [];
        if (ciphers.length === 0) {
            found.push({
                message: `TLS edge ${subject.name} sets no TLS 1.2 cipher list: nginx's default (HIGH:!aNULL:!MD5) includes CBC suites; set the Mozilla intermediate list`,
            });
        } else {
            const bad: string[] = [];
            for (const cipher of ciphers) {
                const weakness = cipherWeakness(cipher);
                if (weakness !== undefined) bad.push(`${cipher} (${weakness})`);
                else if (!config.allowedCiphers.includes(cipher))
                    bad.push(`${cipher} (not in the allowed list)`);
            }
            if (bad.length > 0)
                found.push({
                    message: `TLS edge ${subject.name} enables ciphers outside Mozilla intermediate 6.0: ${bad.join(", ")}`,
                });
        }
        if (rendered.problem) return [...found, rendered.problem];
        // The rendered ssl_ciphers must be the declared list, in order (order is preference).
        const declared = `TLS edge ${subject.name} declares ciphers ${declaredList.join(":") || "(none)"}`;
        for (const server of rendered.sslServers) {
            const set = server.sslCiphers;
            if (set === undefined) {
                if (declaredList.length > 0)
                    found.push({
                        message: `${declared} but its rendered nginx config sets no ssl_ciphers (${where(server)}): nginx's default HIGH:!aNULL:!MD5 applies`,
                    });
                continue;
            }
            const list = set.value
                .split(":")
                .map((c) => c.trim())
                .filter((c) => c !== "");
            if (list.join(":") !== declaredList.join(":"))
                found.push({
                    message: `${declared} but its rendered nginx config enables ${set.value} (${where(server, set.line)})`,
                });
        }
        return found;
    },
};
