/** The resources rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { containerLimits } from "./container-limits";
import { cpuOversubscription } from "./cpu-oversubscription";
import { dataTierMinimumSizes } from "./data-tier-minimum-sizes";
import { healthChecks } from "./health-checks";
import { imagesPinned } from "./images-pinned";
import { logRotation } from "./log-rotation";
import { memoryFitsServer } from "./memory-fits-server";
import { noDockerSocket } from "./no-docker-socket";
import { noNewPrivileges } from "./no-new-privileges";
import { noPrivileged } from "./no-privileged";
import { noSecretsInEnv } from "./no-secrets-in-env";
import { phpFpmFitsContainer } from "./php-fpm-fits-container";
import { redisMaxmemory } from "./redis-maxmemory";
import { redisPassword } from "./redis-password";
import { reservationWithinLimit } from "./reservation-within-limit";
import { restartPolicy } from "./restart-policy";
import { serverMinimums } from "./server-minimums";

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
];
