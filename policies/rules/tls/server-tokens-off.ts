import type { ResourceRule } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";

/** CHOM-TLS-007: a version string tells a scanner which CVEs to try first. */
export const serverTokensOff: ResourceRule = {
    id: "CHOM-TLS-007",
    policyName: "chom-tls-server-tokens-off",
    title: "nginx does not announce its version",
    category: "Security",
    severity: "low",
    framework: { name: "OWASP Secure Headers Project", version: "current", reference: "Headers to remove: Server" },
    description: "`server_tokens` must be off (`serverTokens: false`), so responses and error pages do not carry the nginx version.",
    remediation: "Set `serverTokens: false` (nginx `server_tokens off;`).",
    enforcementLevel: "advisory",
    enforcementRationale: "Advisory: announcing the nginx version only saves an attacker a probe and exposes no data, so an operator can accept it with a note (OWASP lists it as hardening).",
    appliesTo: [TYPES.tls],
    scope: "resource",
    config: {},
    check(subject) {
        const value = (subject.props as unknown as TlsProps).serverTokens;
        if (value === false) return [];
        return [{ message: `TLS edge ${subject.name} announces the nginx version (serverTokens ${JSON.stringify(value ?? null)}): set serverTokens false` }];
    },
};
