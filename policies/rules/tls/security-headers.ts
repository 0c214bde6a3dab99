import { owaspSecureHeaders } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";
import { readRenderedNginx, where } from "./support/rendered-config";

/** Config of CHOM-TLS-005. */
export type SecurityHeadersConfig = {
    /** Header names that must be present (compared case-insensitively). */
    requiredHeaders: string[];
    /** When true, `'unsafe-inline'` in the CSP script policy is accepted. */
    allowUnsafeInlineScripts: boolean;
};

/** Directive name (lower case) → its source list, from a CSP header value. */
function cspDirectives(value: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const part of value.split(";")) {
        // Stryker disable next-line Regex: splitting on single whitespace only adds empty sources,
        // which match neither 'unsafe-inline' nor a nonce or hash
        const [name, ...sources] = part.trim().split(/\s+/);
        // The first occurrence of a directive wins; browsers ignore repeats.
        if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources);
    }
    return out;
}

/** What is wrong with a CSP value, or undefined. */
function cspProblem(value: string, allowUnsafeInline: boolean): string | undefined {
    if (value.trim() === "") return "is empty";
    const directives = cspDirectives(value);
    const [directive, sources] = directives.has("script-src")
        ? ["script-src", directives.get("script-src")!]
        : directives.has("default-src")
          ? ["default-src", directives.get("default-src")!]
          : [undefined, []];
    if (directive === undefined) return "restricts no scripts (neither script-src nor default-src)";
    const lower = sources.map((s) => s.toLowerCase());
    if (allowUnsafeInline || !lower.includes("'unsafe-inline'")) return undefined;
    // With a nonce or hash present, CSP level 2+ browsers ignore 'unsafe-inline' (a fallback for
    // old ones).
    if (lower.some((s) => /^'(nonce-|sha256-|sha384-|sha512-)/.test(s))) return undefined;
    return `allows 'unsafe-inline' in ${directive === "script-src" ? "script-src" : "default-src (which governs scripts)"}`;
}

/**
 * What is wrong with a known header's value, or undefined (unknown headers need only be non-empty).
 */
function valueProblem(
    name: string,
    value: string,
    config: SecurityHeadersConfig,
): string | undefined {
    const v = value.trim();
    switch (name) {
        case "content-security-policy":
            return cspProblem(value, config.allowUnsafeInlineScripts);
        case "x-frame-options":
            return ["DENY", "SAMEORIGIN"].includes(v.toUpperCase())
                ? undefined
                : `is ${JSON.stringify(value)} (DENY or SAMEORIGIN required)`;
        case "x-content-type-options":
            return v.toLowerCase() === "nosniff"
                ? undefined
                : `is ${JSON.stringify(value)} (nosniff required)`;
        case "referrer-policy": {
            if (v === "") return "is empty";
            // A comma list is a fallback chain: the last policy the browser knows applies.
            const last = v
                .split(",")
                .map((t) => t.trim().toLowerCase())
                .filter((t) => t !== "")
                .pop();
            return last === "unsafe-url"
                ? `is ${JSON.stringify(value)} (unsafe-url sends full URLs to every site)`
                : undefined;
        }
        default:
            return v === "" ? "is empty" : undefined;
    }
}

/** CHOM-TLS-005: the original sent no Content-Security-Policy at all. */
export const securityHeaders: ResourceRule<SecurityHeadersConfig> = {
    id: "CHOM-TLS-005",
    policyName: "chom-tls-security-headers",
    title: "Security headers are present with safe values",
    category: "Security",
    severity: "medium",
    framework: owaspSecureHeaders(
        "Content-Security-Policy, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy",
    ),
    description:
        "Every HTTPS response must carry the required headers (names compared case-insensitively): a non-empty " +
        "Content-Security-Policy that restricts scripts (script-src, or default-src) without 'unsafe-inline' unless configured " +
        "(ignored when a nonce or hash is present), X-Frame-Options DENY or SAMEORIGIN, X-Content-Type-Options nosniff, " +
        "a Referrer-Policy other than unsafe-url, and a non-empty Permissions-Policy. One finding lists every missing or wrong header.",
    remediation:
        "Add the missing headers to `headers` of the chom:edge:Tls (nginx `add_header … always;`) with the values above.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        'Mandatory: "Security headers present and verified" is one of the certificate\'s Critical Validations, and a missing CSP or X-Frame-Options leaves users open to script injection and clickjacking (the original sent no CSP).',
    appliesTo: [TYPES.tls],
    certificateItem: "Security headers present and verified",
    scope: "resource",
    config: {
        requiredHeaders: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [
                "Content-Security-Policy",
                "X-Frame-Options",
                "X-Content-Type-Options",
                "Referrer-Policy",
                "Permissions-Policy",
            ],
            description: "Response headers that must be present (case-insensitive names).",
        },
        allowUnsafeInlineScripts: {
            type: "boolean",
            default: false,
            description:
                "Accept 'unsafe-inline' in the CSP script policy (weakens XSS protection).",
        },
    },
    check(subject, config) {
        const headers = (subject.props as unknown as TlsProps).headers;
        const sent = new Map<string, { name: string; value: unknown }>();
        for (const [name, value] of Object.entries(headers ?? {}))
            sent.set(name.toLowerCase(), { name, value });
        const problems: string[] = [];
        for (const required of config.requiredHeaders) {
            if (!sent.has(required.toLowerCase())) problems.push(`${required} missing`);
        }
        for (const [lower, { name, value }] of sent) {
            const problem =
                typeof value === "string" ? valueProblem(lower, value, config) : "is not a string";
            if (problem !== undefined) problems.push(`${name} ${problem}`);
        }
        const found: Violation[] =
            problems.length === 0
                ? []
                : [
                      {
                          message: `TLS edge ${subject.name} security headers: ${problems.join("; ")}`,
                      },
                  ];
        // The headers nginx really adds (HSTS is CHOM-TLS-003's): same names, same values,
        // `always`.
        const rendered = readRenderedNginx(subject);
        if (rendered.problem) return [...found, rendered.problem];
        const declared = [...sent].filter(([lower]) => lower !== "strict-transport-security");
        const prefix = `TLS edge ${subject.name} declares headers its rendered nginx config does not send as declared`;
        for (const server of rendered.sslServers) {
            const added = new Map(
                server.headers
                    .filter((x) => x.name.toLowerCase() !== "strict-transport-security")
                    .map((x) => [x.name.toLowerCase(), x]),
            );
            const diffs: string[] = [];
            for (const [lower, { name, value }] of declared) {
                const x = added.get(lower);
                if (x === undefined) diffs.push(`${name} not sent`);
                else if (x.value !== value)
                    diffs.push(
                        `${name} sent as ${JSON.stringify(x.value)} (line ${x.line}), declared ${JSON.stringify(value)}`,
                    );
                else if (!x.always)
                    diffs.push(
                        `${name} sent without "always" (line ${x.line}), so error responses lack it`,
                    );
            }
            for (const [lower, x] of added)
                if (!sent.has(lower))
                    diffs.push(`${x.name} sent (line ${x.line}) but not declared`);
            for (const o of server.headerOverrides) {
                const own = new Set(o.headers.map((x) => x.name.toLowerCase()));
                const lost = declared
                    .filter(([lower]) => !own.has(lower))
                    .map(([, { name }]) => name);
                if (lost.length > 0)
                    diffs.push(
                        `location ${o.location} (line ${o.line}) sets its own add_header, so it sends no ${lost.join(", ")}`,
                    );
            }
            if (diffs.length > 0)
                found.push({ message: `${prefix} (${where(server)}): ${diffs.join("; ")}` });
        }
        return found;
    },
};
