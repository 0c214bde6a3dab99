import { cisDocker } from "../../lib/frameworks";
import { posix } from "path";
import type { ResourceRule } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { Allowance, allowListFindings, allowListProperty } from "./support/allow-list";

/** One allowed host path of a service (the path and everything under it). */
export type HostPathAllowance = Allowance & { path: string };

/** Config of CHOM-RES-021. */
export type NoSensitiveHostPathsConfig = {
    allowed: HostPathAllowance[];
};

/**
 * Host directories never to be mounted themselves (CIS 5.5's list plus root's home, docker's data
 * and the runtime dirs).
 */
const SENSITIVE = [
    "/",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/proc",
    "/sys",
    "/usr",
    "/root",
    "/var/lib/docker",
    "/var/run",
    "/run",
];
/**
 * Directories whose every sub-path is sensitive too (the docker socket under /run is
 * CHOM-RES-011's).
 */
const SENSITIVE_TREES = ["/proc", "/sys", "/dev", "/boot", "/etc", "/root", "/var/lib/docker"];
/**
 * Where read-only does not help: the whole host or its configuration, root's home, docker's
 * data (other containers' files and volumes), and the credential stores under /etc.
 */
const READ_ONLY_STILL_EXPOSED = ["/", "/etc", "/root", "/var/lib/docker"];
const READ_ONLY_EXPOSED_TREES = [
    "/root",
    "/var/lib/docker",
    "/etc/shadow",
    "/etc/gshadow",
    "/etc/shadow-",
    "/etc/gshadow-",
    "/etc/sudoers",
    "/etc/sudoers.d",
    "/etc/ssh",
    "/etc/docker",
    "/etc/ssl/private",
];
/**
 * Docker's container log directory, read-only: what log shippers read (its config files hold env,
 * which CHOM-RES-015 keeps free of secrets).
 */
const READ_ONLY_ACCEPTED = ["/var/lib/docker/containers"];

/**
 * `/etc/` and `/x/../etc` read `/etc`; a relative path (not a host path docker accepts) is
 * undefined.
 */
export function normaliseHostPath(path: string): string | undefined {
    if (!path.startsWith("/")) return undefined;
    const normal = posix.normalize(path);
    return normal.length > 1 ? normal.replace(/\/+$/, "") : normal;
}

/** True when `path` is `dir` or lies under it. */
export function isWithin(path: string, dir: string): boolean {
    return path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);
}

/** Why mounting `path` is a finding, or undefined when it is not. */
export function sensitivity(
    path: string,
    readOnly: boolean,
): { tree: string; readOnlyExposed: boolean } | undefined {
    const tree = SENSITIVE.includes(path) ? path : SENSITIVE_TREES.find((t) => isWithin(path, t));
    if (tree === undefined) return undefined;
    const readOnlyExposed =
        (READ_ONLY_STILL_EXPOSED.includes(path) ||
            READ_ONLY_EXPOSED_TREES.some((t) => isWithin(path, t))) &&
        !READ_ONLY_ACCEPTED.some((t) => isWithin(path, t));
    if (readOnly && !readOnlyExposed) return undefined;
    return { tree, readOnlyExposed };
}

/**
 * The host paths a container mounts (volume host paths, bind mount sources) and how, read one
 * mount at a time.
 */
function* hostMounts(
    c: ContainerProps,
): Iterable<{ source: string; readOnly: boolean; how: string }> {
    for (const v of c.volumes ?? [])
        if (typeof v.hostPath === "string" && v.hostPath !== "")
            yield {
                source: v.hostPath,
                readOnly: v.readOnly === true,
                how: `volume to ${v.containerPath ?? "?"}`,
            };
    for (const m of c.mounts ?? [])
        if (m.type === "bind" && typeof m.source === "string")
            yield {
                source: m.source,
                readOnly: m.readOnly === true,
                how: `bind mount to ${m.target}`,
            };
}

/** CHOM-RES-021: a host system directory in a container is the host handed over, piece by piece. */
export const noSensitiveHostPaths: ResourceRule<NoSensitiveHostPathsConfig> = {
    id: "CHOM-RES-021",
    policyName: "chom-res-no-sensitive-host-paths",
    title: "No container mounts a sensitive host directory",
    category: "Security",
    severity: "critical",
    framework: cisDocker(
        "5.5 Ensure sensitive host system directories are not mounted on containers",
    ),
    description:
        "A `volumes` hostPath or a `mounts` bind source (normalised: trailing slash, `..`) must not be /, /boot, /dev, /etc, /lib, " +
        "/proc, /sys, /usr, /root, /var/lib/docker, /var/run or /run, nor lie under /proc, /sys, /dev, /boot, /etc, /root or " +
        "/var/lib/docker. Read-only is accepted for the kernel's views and the rest, but not for /, /etc, /root, /var/lib/docker " +
        "and what lies under root's home, docker's data or /etc's credential stores (shadow, sudoers, ssh, docker, ssl/private): " +
        "reading them is the compromise. Docker's log directory /var/lib/docker/containers read-only is what log shippers read and " +
        "is accepted. The docker socket itself is CHOM-RES-011's.",
    remediation:
        "Mount only the files the service needs, read-only, from a directory of its own; if a service truly needs a system path, list it in `allowed` with the reason.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: a writable / /etc /proc /sys or /var/lib/docker in a container is a host takeover one write away; even read-only, /, /etc and /root leak credentials.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        allowed: allowListProperty(
            "path",
            "Host path (the path and everything under it).",
            "Services allowed to mount a sensitive host path, each with a reason.",
        ),
    },
    check(subject, config) {
        return allowListFindings(subject, config.allowed, {
            items: hostMounts,
            hit: ({ source, readOnly, how }) => {
                const path = normaliseHostPath(source);
                if (path === undefined) return undefined;
                const why = sensitivity(path, readOnly);
                return why === undefined ? undefined : { path, readOnly, how, tree: why.tree };
            },
            excuses: (a, { path }) => {
                const allowed = normaliseHostPath(a.path);
                return allowed !== undefined && isWithin(path, allowed);
            },
            message: ({ path, readOnly, how, tree }, name) => {
                const under = tree === path ? "" : `, under ${tree}`;
                const mode = readOnly ? "read-only, which still exposes it" : "writable";
                return `container ${name} mounts the sensitive host path ${path}${under} (${how}, ${mode}); it must not be mounted`;
            },
        });
    },
};
