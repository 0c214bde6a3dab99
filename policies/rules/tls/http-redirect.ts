import type { ResourceRule } from "../../lib/rule";
import { TlsProps, TYPES } from "../../lib/subjects";
import { certificateRef, TLS_ITEM } from "./framework";

/** CHOM-TLS-004: content served on plain HTTP can be read and changed on the way. */
export const httpRedirect: ResourceRule = {
    id: "CHOM-TLS-004",
    policyName: "chom-tls-http-redirects-to-https",
    title: "HTTP redirects to HTTPS",
    category: "Security",
    severity: "medium",
    framework: certificateRef("Security Posture", TLS_ITEM),
    description: "Port 80 must answer every request with a redirect to HTTPS (`httpRedirect`), never with content.",
    remediation: "Set `httpRedirect: true` (nginx `return 301 https://$host$request_uri;` in the port 80 server).",
    enforcementLevel: "mandatory",
    enforcementRationale: "Mandatory: port 80 answering with content instead of a redirect lets logins and cookies travel in clear text; the certificate's A+ line requires the redirect.",
    appliesTo: [TYPES.tls],
    certificateItem: TLS_ITEM,
    scope: "resource",
    config: {},
    check(subject) {
        const value = (subject.props as unknown as TlsProps).httpRedirect;
        if (value === true) return [];
        return [{ message: `TLS edge ${subject.name} does not redirect HTTP to HTTPS (httpRedirect ${JSON.stringify(value ?? null)}): answer port 80 with a 301 to https://` }];
    },
};
