import { certificatePartRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { ContainerProps, labelValue, LABELS, TYPES } from "../../lib/subjects";
import { containerName, parseCpuCount } from "./support/container-facts";

/** CHOM-RES-002: a reservation above its limit is a sizing mistake the scheduler cannot honour. */
export const reservationWithinLimit: ResourceRule = {
    id: "CHOM-RES-002",
    policyName: "chom-res-reservation-within-limit",
    title: "Memory and CPU reservations do not exceed the limits",
    category: "Performance",
    severity: "medium",
    framework: certificatePartRef("Infrastructure Attestation", "Capacity Planning"),
    description:
        "A container's soft reservation must fit inside its hard limit: `memoryReservation` <= `memory`, and the CPU reservation " +
        `(label \`${LABELS.cpuReservation}\`) <= \`cpus\`. A reservation above the limit means the sizing table was filled in wrong, and the ` +
        "capacity the stack claims to guarantee does not exist.",
    remediation:
        "Lower the service's `memoryReservationMb`/`cpuReservation` or raise `memoryMb`/`cpu` in the stack file so reservation <= limit.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: docker refuses a memory reservation above the memory limit at deploy time, and a CPU reservation above the limit means the capacity the certificate attests does not exist.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {},
    check(subject) {
        const c = subject.props as ContainerProps;
        const name = containerName(subject);
        const found: Violation[] = [];
        const memory = c.memory ?? 0;
        const memoryReservation = c.memoryReservation ?? 0;
        // Without a limit there is nothing to exceed; CHOM-RES-001 reports the missing limit.
        if (memory > 0 && memoryReservation > memory) {
            found.push({
                message: `container ${name} reserves ${memoryReservation} MB of memory but its limit is ${memory} MB; the reservation must be <= the limit`,
            });
        }
        const reservationLabel = labelValue(c.labels, LABELS.cpuReservation);
        if (reservationLabel !== undefined) {
            const cpuReservation = parseCpuCount(reservationLabel);
            const cpus = parseCpuCount(c.cpus);
            if (cpuReservation === undefined) {
                found.push({
                    message: `container ${name} has label ${LABELS.cpuReservation}=${JSON.stringify(reservationLabel)}, which is not a CPU count (e.g. "0.5")`,
                });
            } else if (cpus !== undefined && cpus > 0 && cpuReservation > cpus) {
                found.push({
                    message: `container ${name} reserves ${cpuReservation} CPU but its limit (cpus) is ${cpus}; the reservation must be <= the limit`,
                });
            }
        }
        return found;
    },
};
