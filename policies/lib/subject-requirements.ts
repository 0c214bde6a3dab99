/**
 * Absence is never compliance. When a stack has no resource a rule judges (no chom:edge:Tls, no
 * firewall, no backup plan...), the rule still answers once for the stack: FAIL when the stack's
 * own facts need that subject, NOT_APPLICABLE with the reason otherwise. This module says, per
 * resource type, which facts of a stack need one.
 */
import type { Subject } from "./rule";
import { identify, imageIndexOf, isStateful, rolesOf } from "./service-identity";
import { ContainerProps, labelValue, LABELS, TYPES, VolumeProps } from "./subjects";
import { readKnown } from "./preview-proxy";

/** Resource types a stack's facts can require (the others are only ever judged where present). */
export const REQUIRABLE_TYPES: readonly string[] = [
    TYPES.tls,
    TYPES.firewall,
    TYPES.backupPlan,
    TYPES.server,
    TYPES.monitoring,
];

/**
 * What a rule without a subject answers: the stack needs one (FAIL), or it does not
 * (NOT_APPLICABLE).
 */
export type Requirement = { needed: true; why: string } | { needed: false; why: string };

/**
 * Reads a value that may be unknown during preview as undefined (facts are judged on what is
 * known).
 */
function known<T>(read: () => T): T | undefined {
    return readKnown(read, undefined);
}

const containers = (resources: Subject[]) => resources.filter((r) => r.type === TYPES.container);

/** `name (what)` of the first few subjects, for messages. */
function some(items: string[], separator = ", ", limit = 3): string {
    return items.length <= limit
        ? items.join(separator)
        : `${items.slice(0, limit).join(separator)} and ${items.length - limit} more`;
}

function containerLabel(c: Subject): string {
    const name = known(() => (c.props as ContainerProps).name);
    return typeof name === "string" && name !== "" ? name : c.name;
}

/** Host ports a container publishes (external, else the container port), each once, in order. */
function hostPorts(c: Subject, only?: readonly number[]): number[] {
    const list = known(() => (c.props as ContainerProps).ports) ?? [];
    const found: number[] = [];
    for (const p of Array.isArray(list) ? list : []) {
        const port = known(() => p.external) ?? known(() => p.internal);
        if (
            typeof port === "number" &&
            (only === undefined || only.includes(port)) &&
            !found.includes(port)
        )
            found.push(port);
    }
    return found;
}

/** `name publishes 80, 443` per container publishing one of `ports` (any port when unset). */
function publishing(resources: Subject[], ports?: readonly number[]): string[] {
    return containers(resources)
        .map((c) => ({ c, ports: hostPorts(c, ports) }))
        .filter((x) => x.ports.length > 0)
        .map((x) => `${containerLabel(x.c)} publishes ${x.ports.join(", ")}`);
}

/** Container paths that hold data for well-known stateful images. */
const DATA_PATHS = [
    "/var/lib/mysql",
    "/var/lib/postgresql",
    "/var/lib/redis",
    "/data",
    "/bitnami",
    "/var/lib/rabbitmq",
    "/var/lib/grafana",
    "/prometheus",
    "/loki",
    "/usr/share/elasticsearch/data",
    "/var/www/html/storage",
];

/** Writable host bind mounts onto data paths: data living on the host outside any docker volume. */
export function dataBindMounts(c: Subject): { source: string; target: string }[] {
    const props = c.props as ContainerProps;
    const found: { source: string; target: string }[] = [];
    const isData = (target: string | undefined): target is string =>
        typeof target === "string" &&
        DATA_PATHS.some((d) => target === d || target.startsWith(`${d}/`));
    for (const v of known(() => props.volumes) ?? []) {
        if (
            typeof v.hostPath === "string" &&
            v.hostPath !== "" &&
            !v.readOnly &&
            isData(v.containerPath)
        )
            found.push({ source: v.hostPath, target: v.containerPath });
    }
    for (const m of known(() => props.mounts) ?? []) {
        if (m.type === "bind" && !m.readOnly && isData(m.target))
            found.push({ source: m.source ?? "?", target: m.target });
    }
    return found;
}

/** The stateful data of a stack: stateful services, docker volumes, data bind mounts. */
export function statefulData(resources: Subject[], images = imageIndexOf(resources)): string[] {
    const found: string[] = [];
    for (const c of containers(resources)) {
        const id = identify(c, images);
        if (isStateful(id.detected) || isStateful(id.service))
            found.push(`${containerLabel(c)} runs ${id.detected ?? id.service}`);
        for (const b of dataBindMounts(c))
            found.push(`${containerLabel(c)} bind-mounts ${b.source}:${b.target}`);
    }
    for (const v of resources.filter((r) => r.type === TYPES.volume)) {
        const props = v.props as VolumeProps;
        if (known(() => labelValue(props.labels, LABELS.stateful)) === "false") continue;
        found.push(`volume ${known(() => props.name) ?? v.name}`);
    }
    return found;
}

/** Why the stack needs a resource of `type`, or why it does not. */
export function requirementFor(
    type: string,
    resources: Subject[],
    images = imageIndexOf(resources),
): Requirement {
    switch (type) {
        case TYPES.tls: {
            const facts = containers(resources).flatMap((c) => {
                const id = identify(c, images);
                const web = rolesOf(id.detected ?? id.service).includes("web-server");
                const ports = hostPorts(c, [80, 443]);
                if (!web && ports.length === 0) return [];
                return [
                    `${containerLabel(c)}${web ? ` (${id.detected ?? id.service}, a web server)` : ""}${ports.length > 0 ? ` publishes ${ports.join(", ")}` : ""}`,
                ];
            });
            return facts.length > 0
                ? { needed: true, why: `${some(facts, "; ")}: TLS termination must be declared` }
                : {
                      needed: false,
                      why: "no container publishes port 80 or 443 and none is a web server",
                  };
        }
        case TYPES.firewall: {
            const published = publishing(resources);
            const server = resources.find((r) => r.type === TYPES.server);
            if (server !== undefined)
                return {
                    needed: true,
                    why: `the stack declares the host ${server.name}, whose packet filter must be declared`,
                };
            return published.length > 0
                ? {
                      needed: true,
                      why: `${some(published, "; ")} on the host: a firewall must be declared`,
                  }
                : { needed: false, why: "no port is published and no host is declared" };
        }
        case TYPES.backupPlan: {
            const data = statefulData(resources, images);
            return data.length > 0
                ? {
                      needed: true,
                      why: `the stack keeps data (${some(data)}), so a backup plan must cover it`,
                  }
                : {
                      needed: false,
                      why: "the stack keeps no stateful data (no database or cache, no volume, no data bind mount)",
                  };
        }
        case TYPES.server: {
            const running = containers(resources).map(containerLabel);
            return running.length > 0
                ? {
                      needed: true,
                      why: `${running.length} container(s) run (${some(running)}), so the host they run on must be declared with its specs`,
                  }
                : { needed: false, why: "the stack runs no container" };
        }
        case TYPES.monitoring: {
            const isPrometheus = (c: Subject) => {
                const id = identify(c, images);
                return id.detected === "prometheus" || id.service === "prometheus";
            };
            const prometheus = containers(resources).filter(isPrometheus).map(containerLabel);
            return prometheus.length > 0
                ? {
                      needed: true,
                      why: `${some(prometheus)} runs Prometheus, so what it scrapes and alerts on must be declared`,
                  }
                : {
                      needed: false,
                      why: "the stack runs no Prometheus (the observability stack itself is judged by CHOM-OBS-001)",
                  };
        }
        default:
            return { needed: false, why: `the stack has no ${type}` };
    }
}
