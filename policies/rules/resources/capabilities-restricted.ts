import { cisDocker } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { Allowance, allowListFindings, allowListProperty } from "./support/allow-list";

/** One allowed capability of a service. */
export type CapabilityAllowance = Allowance & { capability: string };

/** Config of CHOM-RES-019. */
export type CapabilitiesConfig = {
    /** Capabilities no container may add (names without `CAP_`, upper case). */
    dangerous: string[];
    allowed: CapabilityAllowance[];
};

/**
 * Capabilities that break the container boundary or the host's networking: ALL, the admin and
 * raw-access ones, and DAC_READ_SEARCH (it lifts the default seccomp profile's block on
 * open_by_handle_at, the "Shocker" escape). NET_RAW is in Docker's default set but lets a
 * container spoof traffic on the bridge (CIS 5.3 says drop it), so adding it back is a finding.
 */
export const DEFAULT_DANGEROUS_CAPABILITIES = [
    "ALL",
    "SYS_ADMIN",
    "NET_ADMIN",
    "SYS_PTRACE",
    "SYS_MODULE",
    "SYS_RAWIO",
    "DAC_READ_SEARCH",
    "SYS_TIME",
    "SYS_BOOT",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
    "BPF",
    "PERFMON",
    "SYSLOG",
    "AUDIT_CONTROL",
    "LINUX_IMMUTABLE",
    "SYS_RESOURCE",
    "NET_RAW",
];

/** `cap_sys_admin`, ` SYS_ADMIN ` and `CAP_SYS_ADMIN` all read `SYS_ADMIN`. */
export function normaliseCapability(cap: string): string {
    const upper = cap.trim().toUpperCase();
    return upper.startsWith("CAP_") ? upper.slice(4) : upper;
}

/** CHOM-RES-019: added capabilities are root powers handed back one by one. */
export const capabilitiesRestricted: ResourceRule<CapabilitiesConfig> = {
    id: "CHOM-RES-019",
    policyName: "chom-res-capabilities-restricted",
    title: "No container adds ALL or a dangerous Linux capability",
    category: "Security",
    severity: "high",
    framework: cisDocker(
        "5.3 Ensure that Linux kernel capabilities are restricted within containers",
    ),
    description:
        "`capabilities.adds` must not hold ALL or a capability of the `dangerous` list (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, " +
        "SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH, SYS_TIME, NET_RAW...), written with or without `CAP_`, in any case. Each of them " +
        "lets a process reach past the container (mount, load modules, trace, read any host file by handle, spoof traffic).",
    remediation:
        "Drop ALL and add back only what the entrypoint needs (CHOWN, SETUID, SETGID, NET_BIND_SERVICE, DAC_OVERRIDE are not on " +
        "the list); if a service truly needs one, list it in `allowed` with the reason.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: ALL or a capability such as SYS_ADMIN, SYS_MODULE or DAC_READ_SEARCH gives a compromised container ways out to the host (mounts, kernel modules, the open_by_handle_at escape).",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        dangerous: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: DEFAULT_DANGEROUS_CAPABILITIES,
            description: "Capabilities no container may add (with or without CAP_, any case).",
        },
        allowed: allowListProperty(
            "capability",
            "The capability (with or without CAP_).",
            "Services allowed to add one dangerous capability, each with a reason.",
        ),
    },
    check(subject, config) {
        const dangerous = new Set(config.dangerous.map(normaliseCapability));
        return allowListFindings(subject, config.allowed, {
            items: (c) => c.capabilities?.adds ?? [],
            hit: (added) => {
                const cap = normaliseCapability(added);
                return dangerous.has(cap) ? { added, cap } : undefined;
            },
            excuses: (a, { cap }) => normaliseCapability(a.capability) === cap,
            message: ({ added, cap }, name) => {
                const what = cap === "ALL" ? "every capability (ALL)" : `the capability ${cap}`;
                return `container ${name} adds ${what} (capabilities.adds "${added}"), which is on the dangerous list; add only what the service needs`;
            },
        });
    },
};
