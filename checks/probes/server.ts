/**
 * Server probe: cores, memory, root filesystem and NIC speed, against chom:host:Server and the
 * certificate's minimums.
 */
import { serverMinimums } from "../../policies/rules/resources/server-minimums";
import type { ServerMinimumsConfig } from "../../policies/rules/resources/server-minimums";
import { withDefaults } from "../../policies/lib/rule";
import type { ServerProps } from "../../policies/lib/subjects";
import { sectionsOf, shQuote } from "../batch-script";
import { Observation, Probe, ProbeContext, SectionResult, usable } from "../observation";

/** What the host reports (Appendix C's "observed" column). */
export interface ObservedServer {
    cpuCores: number | null;
    memoryGib: number | null;
    rootFsGb: number | null;
    rootFsFreeGb: number | null;
    /** NIC speed of the interface carrying the SSH address (null when the driver reports none). */
    networkGbps: number | null;
}

const GIB = 1024 ** 3;

export function parseServer(get: (s: string) => SectionResult): {
    observed: ObservedServer;
    problems: string[];
} {
    const problems: string[] = [];
    const text = (name: string, what: string): string | undefined => {
        const u = usable(get(name), what);
        if ("unknown" in u) {
            problems.push(u.unknown);
            return undefined;
        }
        return u.text;
    };
    const nproc = text("server.nproc", "nproc");
    const mem = text("server.meminfo", "/proc/meminfo");
    const df = text("server.df", "df /");
    const nic = text("server.nic", "NIC speed");
    const cores = nproc !== undefined && /^\d+$/.test(nproc.trim()) ? Number(nproc.trim()) : null;
    const memKb = mem ? /MemTotal:\s+(\d+) kB/.exec(mem)?.[1] : undefined;
    // df -P -B1: "Filesystem 1-blocks Used Available Capacity Mounted-on", then one line.
    const dfLine = df?.trim().split("\n").at(-1)?.trim().split(/\s+/);
    const size = dfLine && /^\d+$/.test(dfLine[1] ?? "") ? Number(dfLine[1]) : null;
    const free = dfLine && /^\d+$/.test(dfLine[3] ?? "") ? Number(dfLine[3]) : null;
    const speed = nic ? /^\S+ (-?\d+)$/m.exec(nic.trim())?.[1] : undefined;
    const observed: ObservedServer = {
        cpuCores: cores,
        memoryGib: memKb ? Math.round(((Number(memKb) * 1024) / GIB) * 100) / 100 : null,
        rootFsGb: size === null ? null : Math.round((size / 1e9) * 10) / 10,
        rootFsFreeGb: free === null ? null : Math.round((free / 1e9) * 10) / 10,
        networkGbps: speed !== undefined && Number(speed) > 0 ? Number(speed) / 1000 : null,
    };
    return { observed, problems };
}

export const serverProbe: Probe & { observe: typeof parseServer } = {
    area: "server",
    observe: parseServer,
    sections(ctx: ProbeContext) {
        const addr = shQuote(ctx.target.config.address);
        return sectionsOf("server", {
            nproc: "nproc",
            // grep '^MemTotal:' /proc/meminfo, without a process.
            meminfo:
                "while IFS= read -r line; do case $line in MemTotal:*) printf '%s\\n' \"$line\"; exit 0 ;; esac; done </proc/meminfo; exit 1",
            df: "df -P -B1 /",
            // The interface that carries the SSH address (else the default route's); speed in
            // Mbit/s, -1 when unknown. Fields split and the file read by the shell itself: `ip` is
            // the one process.
            nic:
                `set -f; set -- $(ip -o addr show to ${addr} 2>/dev/null); dev=\${2-}; [ -n "$dev" ] || { set -- $(ip route show default); dev=\${5-}; }; ` +
                `speed=; read -r speed 2>/dev/null </sys/class/net/$dev/speed; printf '%s %s\\n' "$dev" "\${speed:--1}"`,
        });
    },
    judge(ctx, get): Observation[] {
        const { observed, problems } = parseServer(get);
        const out: Observation[] = [];
        const o = (ruleId: string, state: Observation["state"], message: string) =>
            out.push({ ruleId, area: "server", item: "server", state, message });
        const seen = `observed ${observed.cpuCores ?? "?"} cores, ${observed.memoryGib ?? "?"} GiB memory, ${observed.rootFsGb ?? "?"} GB root filesystem (${observed.rootFsFreeGb ?? "?"} GB free), NIC ${observed.networkGbps ?? "?"} Gbit/s`;
        const unknownCore =
            observed.cpuCores === null ||
            observed.memoryGib === null ||
            observed.rootFsFreeGb === null;
        // The certificate's minimums, with the pack rule's own check and config; free space on / is
        // what the certificate asks.
        if (unknownCore)
            o("CHOM-RES-017", "UNKNOWN", problems.join("; ") || `could not read ${seen}`);
        else {
            const props = {
                hostname: ctx.target.stack,
                cpuCores: observed.cpuCores,
                usableMemoryGib: observed.memoryGib,
                memoryGb: observed.memoryGib,
                rootFsGb: observed.rootFsFreeGb,
            } as unknown as ServerProps;
            const found = serverMinimums.check(
                {
                    type: "chom:host:Server",
                    name: ctx.target.stack,
                    urn: "",
                    props: props as unknown as Record<string, unknown>,
                },
                withDefaults(
                    serverMinimums,
                    ctx.ruleConfig("CHOM-RES-017"),
                ) as ServerMinimumsConfig,
            );
            if (Array.isArray(found) && found.length)
                o(
                    "CHOM-RES-017",
                    "FAIL",
                    `${found.map((f) => f.message.replace(/root filesystem/, "root filesystem free")).join("; ")} (${seen})`,
                );
            else o("CHOM-RES-017", "PASS", seen);
        }
        const d = ctx.declared.server;
        if (!d) o("CHOM-DRIFT-004", "NOT_APPLICABLE", "the stack declares no chom:host:Server");
        else if (unknownCore)
            o("CHOM-DRIFT-004", "UNKNOWN", problems.join("; ") || `could not read ${seen}`);
        else {
            const smaller: string[] = [];
            if (typeof d.cpuCores === "number" && observed.cpuCores! < d.cpuCores)
                smaller.push(`${observed.cpuCores} cores, ${d.cpuCores} declared`);
            // The kernel keeps a little back: 2 % below the declared usable memory is still that
            // memory.
            if (
                typeof d.usableMemoryGib === "number" &&
                observed.memoryGib! < d.usableMemoryGib * 0.98
            )
                smaller.push(
                    `${observed.memoryGib} GiB memory, ${d.usableMemoryGib} GiB declared usable`,
                );
            if (
                typeof d.rootFsGb === "number" &&
                observed.rootFsGb !== null &&
                observed.rootFsGb < d.rootFsGb * 0.95
            )
                smaller.push(`${observed.rootFsGb} GB root filesystem, ${d.rootFsGb} GB declared`);
            if (
                typeof d.networkGbps === "number" &&
                observed.networkGbps !== null &&
                observed.networkGbps < d.networkGbps
            )
                smaller.push(`NIC ${observed.networkGbps} Gbit/s, ${d.networkGbps} declared`);
            if (smaller.length)
                o(
                    "CHOM-DRIFT-004",
                    "FAIL",
                    `the host is smaller than chom:host declares: ${smaller.join("; ")}`,
                );
            else if (observed.networkGbps === null)
                o(
                    "CHOM-DRIFT-004",
                    "UNKNOWN",
                    `${seen}; the NIC reports no speed, so ${d.networkGbps} Gbit/s cannot be confirmed`,
                );
            else o("CHOM-DRIFT-004", "PASS", seen);
        }
        return out;
    },
};
