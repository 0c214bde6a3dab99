import { cisDocker } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName } from "./support/container-facts";

/** Config of CHOM-RES-013. */
export type LogRotationConfig = {
    /** Log drivers that ship logs off the container's disk and need no local rotation. */
    allowedDrivers: string[];
};

/** Drivers that write to the host's disk and rotate only when told to. */
const LOCAL_DRIVERS = ["json-file", "local"];
const ROTATION_OPTS = ["max-size", "max-file"];

/**
 * CHOM-RES-013: unrotated json-file logs fill the root filesystem and take every container down
 * with it.
 */
export const logRotation: ResourceRule<LogRotationConfig> = {
    id: "CHOM-RES-013",
    policyName: "chom-res-log-rotation",
    title: "Container logs are rotated or shipped",
    category: "Operations",
    severity: "low",
    framework: cisDocker(
        "2.13 Ensure centralized and remote logging is configured; certificate Infrastructure Attestation: Storage: Adequate storage with automated cleanup",
    ),
    description:
        "A container logging to json-file or local (docker's default is json-file, unbounded) must set `logOpts` max-size and max-file; " +
        "any other driver must be one of allowedDrivers (drivers that ship logs elsewhere). Otherwise logs grow until the disk is full.",
    remediation:
        'Set `logDriver: "json-file"` with `logOpts: { "max-size": "10m", "max-file": "5" }`, or a shipping driver from allowedDrivers.',
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: unrotated logs fill the disk over weeks rather than at the next crash, a disk alert warns first, and rotation may be set daemon-wide in daemon.json where the pack cannot see it, so an operator can accept that with a note.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        allowedDrivers: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["journald", "syslog", "loki", "fluentd", "gelf"],
            description:
                "Log drivers accepted without local rotation options (they ship or rotate logs themselves).",
        },
    },
    check(subject, config) {
        const c = subject.props as ContainerProps;
        const name = containerName(subject);
        const driver = c.logDriver ?? "json-file";
        const shown =
            c.logDriver === undefined
                ? 'no log driver (docker\'s default "json-file")'
                : `log driver "${driver}"`;
        if (LOCAL_DRIVERS.includes(driver)) {
            const opts = c.logOpts ?? {};
            const missing = ROTATION_OPTS.filter(
                (o) => opts[o] === undefined || String(opts[o]).trim() === "",
            );
            if (missing.length === 0) return [];
            return [
                {
                    message: `container ${name} uses ${shown} without ${missing.join(" and ")} in logOpts; both max-size and max-file are required`,
                },
            ];
        }
        if (config.allowedDrivers.includes(driver)) return [];
        return [
            {
                message: `container ${name} uses ${shown}, which is neither json-file/local with rotation nor one of the allowed drivers (${config.allowedDrivers.join(", ")})`,
            },
        ];
    },
};
