/** The tls rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { certificateAutoRenewal } from "./certificate-auto-renewal";
import { ciphersMozillaIntermediate } from "./ciphers-mozilla-intermediate";
import { edgeRateLimit } from "./edge-rate-limit";
import { hsts } from "./hsts";
import { httpRedirectsToHttps } from "./http-redirects-to-https";
import { protocols } from "./protocols";
import { securityHeaders } from "./security-headers";
import { serverTokensOff } from "./server-tokens-off";

export const TLS_RULES: Rule[] = [
    protocols, // CHOM-TLS-001
    ciphersMozillaIntermediate, // CHOM-TLS-002
    hsts, // CHOM-TLS-003
    httpRedirectsToHttps, // CHOM-TLS-004
    securityHeaders, // CHOM-TLS-005
    certificateAutoRenewal, // CHOM-TLS-006
    serverTokensOff, // CHOM-TLS-007
    edgeRateLimit, // CHOM-TLS-008
];
