import { cisDocker } from "../../lib/frameworks";
import type { ResourceRule } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName } from "./support/container-facts";

/** The spellings docker accepts for turning no-new-privileges on. */
const ENABLED = ["no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"];

/** CHOM-RES-012: without it, a setuid binary in the image can raise a process's privileges. */
export const noNewPrivileges: ResourceRule = {
    id: "CHOM-RES-012",
    policyName: "chom-res-no-new-privileges",
    title: "Every container sets no-new-privileges",
    category: "Compliance",
    severity: "medium",
    framework: cisDocker(
        "5.26 Ensure that the container is restricted from acquiring additional privileges",
    ),
    description:
        '`securityOpts` must contain "no-new-privileges" (or "no-new-privileges:true"), so setuid/setgid binaries cannot escalate inside the container.',
    remediation: 'Add `securityOpts: ["no-new-privileges:true"]` to the container.',
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: no-new-privileges costs nothing and closes setuid escalation, the usual first step from a compromised process to root inside the container; CIS Docker 1.6.0 scores it (5.26).",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {},
    check(subject) {
        const c = subject.props as ContainerProps;
        const opts = c.securityOpts ?? [];
        if (opts.some((o) => ENABLED.includes(o.trim()))) return [];
        const disabled = opts.find((o) => /^no-new-privileges[:=]false$/.test(o.trim()));
        const found = disabled
            ? `sets "${disabled}"`
            : opts.length
              ? `has securityOpts ${JSON.stringify(opts)} without it`
              : "has no securityOpts";
        return [
            {
                message: `container ${containerName(subject)} ${found}; "no-new-privileges:true" is required`,
            },
        ];
    },
};
