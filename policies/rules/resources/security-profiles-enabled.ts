import { cisDocker } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { Allowance, allowListFindings, allowListProperty } from "./support/allow-list";

/** One allowed disabled profile of a service. */
export type ProfileAllowance = Allowance & { option: string };

/** Config of CHOM-RES-022. */
export type SecurityProfilesConfig = {
    allowed: ProfileAllowance[];
};

/**
 * `--security-opt` values that switch a kernel protection off (key and value, lower case), with the
 * CIS section if it has one.
 */
const DISABLING: { key: string; value: string; what: string; cis: string }[] = [
    { key: "seccomp", value: "unconfined", what: "the seccomp profile", cis: "5.21" },
    { key: "apparmor", value: "unconfined", what: "the AppArmor profile", cis: "5.1" },
    { key: "label", value: "disable", what: "SELinux labelling", cis: "5.2" },
    {
        key: "label",
        value: "type:spc_t",
        what: "SELinux confinement (super-privileged type spc_t)",
        cis: "5.2",
    },
    {
        key: "systempaths",
        value: "unconfined",
        what: "the masking of /proc and /sys paths",
        cis: "",
    },
];

/**
 * `seccomp=unconfined` and `seccomp:unconfined` (both spellings docker accepts) → key and value.
 */
export function parseSecurityOpt(opt: string): { key: string; value: string } {
    const at = opt.search(/[=:]/);
    if (at < 0) return { key: opt.trim().toLowerCase(), value: "" };
    return {
        key: opt.slice(0, at).trim().toLowerCase(),
        value: opt
            .slice(at + 1)
            .trim()
            .toLowerCase(),
    };
}

/**
 * CHOM-RES-022: seccomp, AppArmor and SELinux are what stands between a kernel bug and the host.
 */
export const securityProfilesEnabled: ResourceRule<SecurityProfilesConfig> = {
    id: "CHOM-RES-022",
    policyName: "chom-res-security-profiles-enabled",
    title: "No container disables seccomp, AppArmor or SELinux",
    category: "Security",
    severity: "high",
    framework: cisDocker(
        "5.21 seccomp, 5.1 AppArmor, 5.2 SELinux (security profiles not disabled)",
    ),
    description:
        "`securityOpts` must not hold `seccomp=unconfined`, `apparmor=unconfined`, `label=disable`, `label=type:spc_t` or " +
        "`systempaths=unconfined` (with `=` or `:`): each removes a layer of the default confinement every container gets.",
    remediation:
        "Remove the option; if a syscall or path is missing, write a profile that allows just that one and reference it (`seccomp=/path/profile.json`).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: seccomp, AppArmor and SELinux confinement are what stands between a container exploit and a kernel exploit; unconfined turns them off.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        allowed: allowListProperty(
            "option",
            "The option as written, e.g. seccomp=unconfined.",
            "Services allowed to run with one profile disabled, each with a reason.",
        ),
    },
    check(subject, config) {
        return allowListFindings(subject, config.allowed, {
            items: (c) => c.securityOpts ?? [],
            hit: (opt) => {
                const { key, value } = parseSecurityOpt(opt);
                const off = DISABLING.find((d) => d.key === key && d.value === value);
                return off === undefined ? undefined : { opt, off };
            },
            excuses: (a, { off }) => {
                const p = parseSecurityOpt(a.option);
                return p.key === off.key && p.value === off.value;
            },
            message: ({ opt, off }, name) =>
                `container ${name} disables ${off.what} (securityOpts "${opt}"${off.cis ? `, CIS ${off.cis}` : ""}); it must keep the default profile or use a custom one`,
        });
    },
};
