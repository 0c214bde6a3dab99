/** The resources rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { capabilitiesRestricted } from "./capabilities-restricted";
import { containerLimits } from "./container-limits";
import { cpuOversubscription } from "./cpu-oversubscription";
import { dataTierMinimumSizes } from "./data-tier-minimum-sizes";
import { healthChecks } from "./health-checks";
import { imagesPinned } from "./images-pinned";
import { logRotation } from "./log-rotation";
import { memoryFitsServer } from "./memory-fits-server";
import { noCredentialsInLabels } from "./no-credentials-in-labels";
import { noDockerSocket } from "./no-docker-socket";
import { noHostDevices } from "./no-host-devices";
import { noHostNamespaces } from "./no-host-namespaces";
import { noNewPrivileges } from "./no-new-privileges";
import { noPrivileged } from "./no-privileged";
import { noSecretsInEnv } from "./no-secrets-in-env";
import { noSensitiveHostPaths } from "./no-sensitive-host-paths";
import { phpFpmFitsContainer } from "./php-fpm-fits-container";
import { redisMaxmemory } from "./redis-maxmemory";
import { redisPassword } from "./redis-password";
import { reservationWithinLimit } from "./reservation-within-limit";
import { restartPolicy } from "./restart-policy";
import { securityProfilesEnabled } from "./security-profiles-enabled";
import { serverMinimums } from "./server-minimums";
import { serviceLabelMatchesImage } from "./service-label-matches-image";

export const RESOURCES_RULES: Rule[] = [
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
];
