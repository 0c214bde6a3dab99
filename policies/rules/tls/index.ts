/** The tls rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { certificateRenewal } from "./certificate-renewal";
import { tlsCiphers } from "./ciphers";
import { edgeRateLimit } from "./edge-rate-limit";
import { hsts } from "./hsts";
import { httpRedirect } from "./http-redirect";
import { tlsProtocols } from "./protocols";
import { securityHeaders } from "./security-headers";
import { serverTokensOff } from "./server-tokens-off";

export const TLS_RULES: Rule[] = [
    tlsProtocols, // CHOM-TLS-001
    tlsCiphers, // CHOM-TLS-002
    hsts, // CHOM-TLS-003
    httpRedirect, // CHOM-TLS-004
    securityHeaders, // CHOM-TLS-005
    certificateRenewal, // CHOM-TLS-006
    serverTokensOff, // CHOM-TLS-007
    edgeRateLimit, // CHOM-TLS-008
];
