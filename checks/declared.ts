/**
 * What the code declares for one host, read from the evaluated resources (the program's
 * recorded resources, or a `pulumi stack export`): the live probes compare the host with this.
 * Values unknown during preview (the engine's sentinel) or secret stay undefined, never guessed.
 */
import {
    isSecretValue,
    PropertyValue,
    RecordedResource,
    UNKNOWN_SENTINEL,
} from "../policies/certify/recorded";
import { TYPES } from "../policies/lib/subjects";
import type { FirewallProps, FirewallRule, ServerProps, TlsProps } from "../policies/lib/subjects";

export interface DeclaredPort {
    ip: string;
    external: number;
    internal: number;
    protocol: "tcp" | "udp";
}
export interface DeclaredMount {
    destination: string;
    source: string | undefined;
    kind: "volume" | "bind";
    readOnly: boolean;
}

export interface DeclaredContainer {
    urn: string;
    name: string;
    /**
     * `repo:tag[@sha256:…]` from the image input or the RemoteImage it comes from; undefined when
     * nothing says.
     */
    image: string | undefined;
    memoryMb: number | undefined;
    cpus: number | undefined;
    restart: string | undefined;
    privileged: boolean;
    healthcheck: boolean;
    ports: DeclaredPort[];
    mounts: DeclaredMount[];
}

export interface DeclaredBackupPlan {
    urn: string;
    name: string;
    localPath: string;
    staleAfterHours: number;
    restoreTestEveryDays: number;
}

export interface Declared {
    server: (ServerProps & { urn: string }) | null;
    firewall: (FirewallProps & { urn: string }) | null;
    tls: (TlsProps & { urn: string }) | null;
    backupPlans: DeclaredBackupPlan[];
    monitoring: { urn: string; scrapeJobs: string[] } | null;
    containers: DeclaredContainer[];
}

/** A value as the rules would read it: undefined when unknown, secret or absent. */
function known(v: PropertyValue | undefined): PropertyValue | undefined {
    if (v === undefined || v === null || v === UNKNOWN_SENTINEL || isSecretValue(v))
        return undefined;
    return v;
}

function str(v: PropertyValue | undefined): string | undefined {
    const k = known(v);
    return typeof k === "string" ? k : undefined;
}

function num(v: PropertyValue | undefined): number | undefined {
    const k = known(v);
    if (typeof k === "number") return k;
    if (typeof k === "string" && k.trim() !== "" && Number.isFinite(Number(k))) return Number(k);
    return undefined;
}

function list(v: PropertyValue | undefined): Record<string, PropertyValue>[] {
    const k = known(v);
    return Array.isArray(k)
        ? (k.filter((x) => x && typeof x === "object" && !Array.isArray(x)) as Record<
              string,
              PropertyValue
          >[])
        : [];
}

function component<T>(resources: RecordedResource[], type: string): (T & { urn: string }) | null {
    const r = resources.find((x) => x.type === type);
    return r ? { ...(r.inputs as unknown as T), urn: r.urn } : null;
}

/**
 * The image a container runs: its own input when known, else the RemoteImage its `image` depends
 * on.
 */
function imageOf(r: RecordedResource, byUrn: Map<string, RecordedResource>): string | undefined {
    const own = str(r.inputs.image);
    if (own && !own.startsWith("sha256:")) return own;
    for (const urn of r.propertyDependencies?.image ?? []) {
        const dep = byUrn.get(urn);
        if (dep && (dep.type === TYPES.image || dep.type === TYPES.builtImage))
            return str(dep.inputs.name) ?? str(dep.inputs.imageName);
    }
    return own;
}

export function declaredFrom(resources: RecordedResource[]): Declared {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const containers: DeclaredContainer[] = resources
        .filter((r) => r.type === TYPES.container)
        .map((r) => {
            const i = r.inputs;
            const ports: DeclaredPort[] = list(i.ports).map((p) => ({
                ip: str(p.ip) ?? "0.0.0.0",
                external: num(p.external) ?? num(p.internal) ?? 0,
                internal: num(p.internal) ?? 0,
                protocol: str(p.protocol) === "udp" ? "udp" : "tcp",
            }));
            const mounts: DeclaredMount[] = [
                ...list(i.volumes).map((v) => ({
                    destination: str(v.containerPath) ?? "",
                    source: str(v.hostPath) ?? str(v.volumeName),
                    kind: (str(v.hostPath) ? "bind" : "volume") as DeclaredMount["kind"],
                    readOnly: known(v.readOnly) === true,
                })),
                ...list(i.mounts).map((m) => ({
                    destination: str(m.target) ?? "",
                    source: str(m.source),
                    kind: (str(m.type) === "bind" ? "bind" : "volume") as DeclaredMount["kind"],
                    readOnly: known(m.readOnly) === true,
                })),
            ];
            return {
                urn: r.urn,
                name: str(i.name) ?? r.name,
                image: imageOf(r, byUrn),
                memoryMb: num(i.memory),
                cpus: num(i.cpus),
                restart: str(i.restart),
                privileged: known(i.privileged) === true,
                healthcheck: list(i.healthcheck ? [i.healthcheck] : []).length > 0,
                ports,
                mounts,
            };
        });
    const backupPlans: DeclaredBackupPlan[] = resources
        .filter((r) => r.type === TYPES.backupPlan)
        .flatMap((r) => {
            const localPath = str(r.inputs.localPath);
            const alerts = known(r.inputs.alerts) as Record<string, PropertyValue> | undefined;
            if (!localPath) return [];
            return [
                {
                    urn: r.urn,
                    name: r.name,
                    localPath,
                    staleAfterHours: num(alerts?.staleAfterHours) ?? 26,
                    restoreTestEveryDays: num(r.inputs.restoreTestEveryDays) ?? 7,
                },
            ];
        });
    const monitoring = resources.find((r) => r.type === TYPES.monitoring);
    return {
        server: component<ServerProps>(resources, TYPES.server),
        firewall: component<FirewallProps>(resources, TYPES.firewall),
        tls: component<TlsProps>(resources, TYPES.tls),
        backupPlans,
        monitoring: monitoring
            ? {
                  urn: monitoring.urn,
                  scrapeJobs: list(monitoring.inputs.scrapeTargets)
                      .map((t) => str(t.job))
                      .filter((j): j is string => !!j),
              }
            : null,
        containers,
    };
}

/**
 * Ports the code declares reachable on the host: firewall rules, the SSH port, published container
 * ports.
 */
export function declaredPorts(d: Declared): { port: number; protocol: "tcp" | "udp" }[] {
    const out: { port: number; protocol: "tcp" | "udp" }[] = [];
    const rules: FirewallRule[] = Array.isArray(d.firewall?.rules) ? d.firewall.rules : [];
    for (const rule of rules) {
        const [from, to] = String(rule.port).split("-").map(Number);
        for (let p = from; p <= (to ?? from); p++) out.push({ port: p, protocol: rule.protocol });
    }
    if (typeof d.firewall?.sshPort === "number")
        out.push({ port: d.firewall.sshPort, protocol: "tcp" });
    for (const c of d.containers)
        for (const p of c.ports) out.push({ port: p.external, protocol: p.protocol });
    return out;
}
