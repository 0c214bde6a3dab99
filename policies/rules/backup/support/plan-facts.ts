/** Small readers the backup rules share. They only read props (unknowns still throw). */
import { posix } from "path";
import { maxGapMinutes, parseCron } from "../../../lib/cron";
import type { Subject } from "../../../lib/rule";
import { BackupPlanProps, ServerProps, TYPES } from "../../../lib/subjects";

/** A plan's props, typed. */
export function planOf(subject: Subject): BackupPlanProps {
    return subject.props as unknown as BackupPlanProps;
}

/** Backup plans of a stack. */
export function plansOf(resources: Subject[]): Subject[] {
    return resources.filter((r) => r.type === TYPES.backupPlan);
}

/** Servers of a stack. */
export function serversOf(resources: Subject[]): ServerProps[] {
    return resources
        .filter((r) => r.type === TYPES.server)
        .map((r) => r.props as unknown as ServerProps);
}

/**
 * True when `path` is `dir` or inside it (POSIX paths, normalised; a trailing slash is ignored).
 */
export function isUnder(path: string, dir: string): boolean {
    const clean = (p: string) => posix.normalize(p.trim()).replace(/(.)\/+$/, "$1");
    const p = clean(path);
    const d = clean(dir);
    if (d === "" || d === ".") return false;
    return p === d || p.startsWith(d === "/" ? "/" : `${d}/`);
}

/**
 * The host part of a destination: `scheme://[user@]host[:port]/...`, rsync/scp style
 * `[user@]host:path`, or undefined for a local path. An s3 bucket is not a host.
 */
export function destinationHost(destination: string): string | undefined {
    const d = destination.trim();
    const url = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)/i.exec(d);
    if (url) {
        if ((url[1] as string).toLowerCase() === "s3") return undefined;
        return stripHost(url[2] as string);
    }
    const scp = /^([^/:]+):/.exec(d);
    return scp ? stripHost(scp[1] as string) : undefined;
}

/** `user@host:port` or `[::1]:873` to the bare host. */
function stripHost(authority: string): string {
    const noUser = authority.slice(authority.lastIndexOf("@") + 1);
    const bracketed = /^\[([^\]]+)\]/.exec(noUser);
    if (bracketed) return bracketed[1] as string;
    // More than one colon: a bare IPv6 address, no port.
    if ((noUser.match(/:/g) ?? []).length > 1) return noUser;
    return noUser.split(":")[0] as string;
}

/**
 * Why `host` is the backed-up machine itself, or undefined. Compared with the plan's host, the
 * servers' hostnames (also as the first label of an FQDN) and addresses, localhost and loopback.
 */
export function whyLocal(
    host: string,
    planHost: string,
    servers: ServerProps[],
): string | undefined {
    const h = host.trim().toLowerCase().replace(/\.$/, "");
    if (h === "") return "is empty";
    if (h === "localhost" || h.endsWith(".localhost")) return "is localhost";
    if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return "is a loopback address (127.0.0.0/8)";
    if (h === "::1" || /^(0{1,4}:){7}0{0,3}1$/.test(h) || h === "0:0:0:0:0:0:0:1")
        return "is the IPv6 loopback address ::1";
    if (h === "0.0.0.0" || h === "::") return "is an unspecified address (this host)";
    const sameName = (name: string | undefined) => {
        const n = (name ?? "").trim().toLowerCase();
        return n !== "" && (h === n || h.startsWith(`${n}.`));
    };
    if (sameName(planHost)) return `is the backed-up host ${planHost}`;
    for (const s of servers) {
        if (sameName(s.hostname)) return `is the backed-up host ${s.hostname}`;
        if ((s.address ?? "").trim().toLowerCase() === h)
            return `is the address of the backed-up host ${s.hostname} (${s.address})`;
    }
    return undefined;
}

/** A destination for messages: a password in `scheme://user:password@host` is masked. */
export function shownDestination(destination: string): string {
    return destination.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, "$1:***@");
}

/** The largest gap of a cron schedule in minutes, or the parser's error. */
export function scheduleGap(
    expr: string,
): { ok: true; minutes: number } | { ok: false; error: string } {
    const parsed = parseCron(expr);
    return parsed.ok ? { ok: true, minutes: maxGapMinutes(parsed.schedule) } : parsed;
}
