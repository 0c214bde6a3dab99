/**
 * The rule catalogue: every rule of the pack, in ID order, family by family. The one place a rule
 * is registered. Add a rule: write `<family>/<name>.ts`, import it here and list it below at its
 * ID; then give it its decided enforcement, severity and scope in the decision table of
 * test/helpers/describe-family.ts. A family's `index.ts` is its part of this list
 * (`rulesOfFamily`), not a list of its own.
 *
 * Layout (test/policies/rules/layout.test.ts holds it): `<family>/<name>.ts` is one rule whose
 * policy is `chom-<prefix>-<name>` and whose export is `<name>` in camelCase; helpers the rules of
 * a family share live in `<family>/support/`; every file has its test at the same path under
 * test/policies/rules/. A policy name never changes (configs are keyed by it): the file follows it.
 */
import type { Rule } from "../lib/rule";
import { encryptedKeyApart } from "./backup/encrypted-key-apart";
import { failureAlerts } from "./backup/failure-alerts";
import { fullBackupDaily } from "./backup/full-backup-daily";
import { offsiteCopy } from "./backup/offsite-copy";
import { recoveryObjectives } from "./backup/recovery-objectives";
import { restoreTested } from "./backup/restore-tested";
import { retention } from "./backup/retention";
import { statefulDataCovered } from "./backup/stateful-data-covered";
import { adminPortsNotWorldOpen } from "./firewall/admin-ports-not-world-open";
import { dataNetworksInternal } from "./firewall/data-networks-internal";
import { inboundDefaultDeny } from "./firewall/inbound-default-deny";
import { onlyWebPortsWorldOpen } from "./firewall/only-web-ports-world-open";
import { publishedPortsBound } from "./firewall/published-ports-bound";
import { publishedPortsFiltered } from "./firewall/published-ports-filtered";
import { sensitivePortsNotWorldOpen } from "./firewall/sensitive-ports-not-world-open";
import { sshAdminOnlyRateLimited } from "./firewall/ssh-admin-only-rate-limited";
import { alertRules } from "./observability/alert-rules";
import { exportersScraped } from "./observability/exporters-scraped";
import { grafanaAdminPasswordSecret } from "./observability/grafana-admin-password-secret";
import { lokiRetentionAndLogs } from "./observability/loki-retention-and-logs";
import { prometheusAdminApisOff } from "./observability/prometheus-admin-apis-off";
import { stackPresent } from "./observability/stack-present";
import { capabilitiesRestricted } from "./resources/capabilities-restricted";
import { containerLimits } from "./resources/container-limits";
import { cpuOversubscription } from "./resources/cpu-oversubscription";
import { dataTierMinimumSizes } from "./resources/data-tier-minimum-sizes";
import { healthChecks } from "./resources/health-checks";
import { imagesPinned } from "./resources/images-pinned";
import { logRotation } from "./resources/log-rotation";
import { memoryFitsServer } from "./resources/memory-fits-server";
import { noCredentialsInLabels } from "./resources/no-credentials-in-labels";
import { noDockerSocket } from "./resources/no-docker-socket";
import { noHostDevices } from "./resources/no-host-devices";
import { noHostNamespaces } from "./resources/no-host-namespaces";
import { noNewPrivileges } from "./resources/no-new-privileges";
import { noPrivileged } from "./resources/no-privileged";
import { noSecretsInEnv } from "./resources/no-secrets-in-env";
import { noSensitiveHostPaths } from "./resources/no-sensitive-host-paths";
import { phpFpmFitsContainer } from "./resources/php-fpm-fits-container";
import { redisMaxmemory } from "./resources/redis-maxmemory";
import { redisPassword } from "./resources/redis-password";
import { reservationWithinLimit } from "./resources/reservation-within-limit";
import { restartPolicy } from "./resources/restart-policy";
import { securityProfilesEnabled } from "./resources/security-profiles-enabled";
import { serverMinimums } from "./resources/server-minimums";
import { serviceLabelMatchesImage } from "./resources/service-label-matches-image";
import { certificateAutoRenewal } from "./tls/certificate-auto-renewal";
import { ciphersMozillaIntermediate } from "./tls/ciphers-mozilla-intermediate";
import { edgeRateLimit } from "./tls/edge-rate-limit";
import { hsts } from "./tls/hsts";
import { httpRedirectsToHttps } from "./tls/http-redirects-to-https";
import { protocols } from "./tls/protocols";
import { securityHeaders } from "./tls/security-headers";
import { serverTokensOff } from "./tls/server-tokens-off";

export const RULES: Rule[] = [
    // firewall/: CHOM-FW
    inboundDefaultDeny, // CHOM-FW-001
    onlyWebPortsWorldOpen, // CHOM-FW-002
    sshAdminOnlyRateLimited, // CHOM-FW-003
    sensitivePortsNotWorldOpen, // CHOM-FW-004
    publishedPortsBound, // CHOM-FW-005
    publishedPortsFiltered, // CHOM-FW-006
    adminPortsNotWorldOpen, // CHOM-FW-007
    dataNetworksInternal, // CHOM-FW-008
    // tls/: CHOM-TLS
    protocols, // CHOM-TLS-001
    ciphersMozillaIntermediate, // CHOM-TLS-002
    hsts, // CHOM-TLS-003
    httpRedirectsToHttps, // CHOM-TLS-004
    securityHeaders, // CHOM-TLS-005
    certificateAutoRenewal, // CHOM-TLS-006
    serverTokensOff, // CHOM-TLS-007
    edgeRateLimit, // CHOM-TLS-008
    // backup/: CHOM-BAK
    statefulDataCovered, // CHOM-BAK-001
    fullBackupDaily, // CHOM-BAK-002
    retention, // CHOM-BAK-003
    offsiteCopy, // CHOM-BAK-004
    encryptedKeyApart, // CHOM-BAK-005
    restoreTested, // CHOM-BAK-006
    failureAlerts, // CHOM-BAK-007
    recoveryObjectives, // CHOM-BAK-008
    // resources/: CHOM-RES
    containerLimits, // CHOM-RES-001
    reservationWithinLimit, // CHOM-RES-002
    memoryFitsServer, // CHOM-RES-003
    cpuOversubscription, // CHOM-RES-004
    dataTierMinimumSizes, // CHOM-RES-005
    phpFpmFitsContainer, // CHOM-RES-006
    redisMaxmemory, // CHOM-RES-007
    restartPolicy, // CHOM-RES-008
    healthChecks, // CHOM-RES-009
    noPrivileged, // CHOM-RES-010
    noDockerSocket, // CHOM-RES-011
    noNewPrivileges, // CHOM-RES-012
    logRotation, // CHOM-RES-013
    imagesPinned, // CHOM-RES-014
    noSecretsInEnv, // CHOM-RES-015
    redisPassword, // CHOM-RES-016
    serverMinimums, // CHOM-RES-017
    noHostNamespaces, // CHOM-RES-018
    capabilitiesRestricted, // CHOM-RES-019
    noHostDevices, // CHOM-RES-020
    noSensitiveHostPaths, // CHOM-RES-021
    securityProfilesEnabled, // CHOM-RES-022
    noCredentialsInLabels, // CHOM-RES-023
    serviceLabelMatchesImage, // CHOM-RES-024
    // observability/: CHOM-OBS
    stackPresent, // CHOM-OBS-001
    exportersScraped, // CHOM-OBS-002
    alertRules, // CHOM-OBS-003
    grafanaAdminPasswordSecret, // CHOM-OBS-004
    prometheusAdminApisOff, // CHOM-OBS-005
    lokiRetentionAndLogs, // CHOM-OBS-006
];

/** The ID code of a family: `CHOM-<code>-NNN`. */
export type FamilyCode = "FW" | "TLS" | "BAK" | "RES" | "OBS";

/** The rules of one family, in ID order: the `CHOM-<code>-` part of RULES. */
export function rulesOfFamily(code: FamilyCode): Rule[] {
    return RULES.filter((r) => r.id.startsWith(`CHOM-${code}-`));
}

/** Rule by stable ID or by policy name. */
export function findRule(idOrPolicyName: string): Rule | undefined {
    return RULES.find((r) => r.id === idOrPolicyName || r.policyName === idOrPolicyName);
}
