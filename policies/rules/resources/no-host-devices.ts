import { cisDocker } from "../../lib/frameworks";
import { posix } from "path";
import type { ResourceRule } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { Allowance, allowListFindings, allowListProperty } from "./support/allow-list";

/** One allowed host device of a service. */
export type DeviceAllowance = Allowance & { device: string };

/** Config of CHOM-RES-020. */
export type NoHostDevicesConfig = {
    allowed: DeviceAllowance[];
};

/**
 * CHOM-RES-020: a host device node in a container bypasses the filesystem and the kernel's
 * isolation.
 */
export const noHostDevices: ResourceRule<NoHostDevicesConfig> = {
    id: "CHOM-RES-020",
    policyName: "chom-res-no-host-devices",
    title: "No container maps a host device",
    category: "Security",
    severity: "high",
    framework: cisDocker("5.17 Ensure that host devices are not directly exposed to containers"),
    description:
        "Every entry of `devices` puts a host device node in the container, by default with read, write and mknod (`rwm`): a " +
        "disk read raw past every file permission, a GPU or a serial line shared with the host.",
    remediation:
        "Remove the `devices` entry; if a service truly needs one device, map only it (with the least permissions) and list it in `allowed` with a reason.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: a host device inside a container (a disk, /dev/kmsg, /dev/mem) bypasses the container boundary: raw reads and writes to the host's hardware.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        allowed: allowListProperty(
            "device",
            "The host device path, e.g. /dev/dri/renderD128.",
            "Services allowed to map one host device, each with a reason.",
        ),
    },
    check(subject, config) {
        return allowListFindings(subject, config.allowed, {
            items: (c) => c.devices ?? [],
            hit: (d) => ({ d, host: posix.normalize(d.hostPath) }),
            excuses: (a, { host }) => posix.normalize(a.device) === host,
            message: ({ d, host }, name) => {
                const perms = d.permissions ?? "rwm";
                return `container ${name} maps the host device ${host} to ${d.containerPath ?? host} (permissions ${perms}); no host device may be mapped`;
            },
        });
    },
};
