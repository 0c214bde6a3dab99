/**
 * Appendix C (server specs, container sizes) and Appendix D (monitoring endpoints) as the
 * stack declares them. Reads only the properties listed in `lib/subjects.ts`, so nothing else
 * of a resource (environment, uploads, secrets) can reach an output through here.
 *
 * During preview a value can be unknown (the props are an `unknownCheckingProxy`): such a
 * value becomes null, never a guess and never 0.
 */
// From the proxy module, not the @pulumi/policy index: that loads the whole Pulumi SDK (seconds) in
// certify.
import { InvalidValueError } from "../lib/invalid-value-error";
import { PHYSICAL_LIMITS } from "../lib/physical-limits";
import { readKnown } from "../lib/preview-proxy";
import type { ContainerSize, Endpoints, ServerSpecs } from "../lib/results";
import type { Subject } from "../lib/rule";
import { LABELS, TYPES } from "../lib/subjects";

/** What buildAppendix finds in the resources. */
export interface Appendix {
    /**
     * The first `chom:host:Server`; null when the stack has none or one of its specs is unknown at
     * preview.
     */
    server: ServerSpecs | null;
    /** Every docker container, in resource order. */
    containers: ContainerSize[];
    /** Monitoring and application endpoints (absent keys: not published by the stack). */
    endpoints: Endpoints;
}

/** Roles the certificate's Appendix C names, by `chom.service` label. */
export const ROLE_OF_SERVICE: Readonly<Record<string, ContainerSize["role"]>> = {
    app: "app",
    mysql: "database",
    redis: "cache",
};

/**
 * Services whose published port is a monitoring endpoint of Appendix D, with the port they serve
 * on.
 */
const ENDPOINT_SERVICES: readonly {
    key: "prometheus" | "grafana" | "loki";
    service: string;
    port: number;
}[] = [
    { key: "prometheus", service: "prometheus", port: 9090 },
    { key: "grafana", service: "grafana", port: 3000 },
    { key: "loki", service: "loki", port: 3100 },
];

/** A read that may hit an unknown preview value; unknown → null, other errors go through. */
function known<T>(read: () => T): T | null {
    return readKnown(read, null);
}

function where(r: Subject): string {
    return `${r.type} "${r.name}" (${r.urn})`;
}

function numberProp(
    r: Subject,
    key: string,
    value: unknown,
    allowZero: boolean,
    max: number,
): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new InvalidValueError(
            `${where(r)}: ${key} must be a non-negative number, got ${JSON.stringify(value)}`,
        );
    }
    if (value > max)
        throw new InvalidValueError(
            `${where(r)}: ${key} is ${value}, above ${max}: no real machine has that much`,
        );
    return value === 0 && !allowZero ? null : value;
}

function decimalString(r: Subject, key: string, value: unknown): number | null {
    if (value === undefined || value === null || value === "") return null;
    const n =
        typeof value === "number"
            ? value
            : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)
              ? Number(value)
              : NaN;
    if (!Number.isFinite(n))
        throw new InvalidValueError(
            `${where(r)}: ${key} must be a decimal number of cores, got ${JSON.stringify(value)}`,
        );
    if (n > PHYSICAL_LIMITS.cores)
        throw new InvalidValueError(
            `${where(r)}: ${key} is ${n}, above ${PHYSICAL_LIMITS.cores} cores: no real machine has that many`,
        );
    // 0 cores means "no limit" to docker: report it as unset, not as a size.
    return n === 0 ? null : n;
}

/** The server's numeric specs and the most a real machine has of each. */
const SERVER_LIMITS = {
    cpuCores: PHYSICAL_LIMITS.cores,
    memoryGb: PHYSICAL_LIMITS.memoryGb,
    usableMemoryGib: PHYSICAL_LIMITS.memoryGb,
    diskGb: PHYSICAL_LIMITS.diskGb,
    networkGbps: PHYSICAL_LIMITS.networkGbps,
} as const;

function serverSpecs(r: Subject): ServerSpecs | null {
    const p = r.props;
    const text = (key: string): string | null =>
        known(() => {
            const v = p[key];
            if (typeof v !== "string" || v === "")
                throw new InvalidValueError(
                    `${where(r)}: ${key} must be a non-empty string, got ${JSON.stringify(v)}`,
                );
            return v;
        });
    const num = (key: keyof typeof SERVER_LIMITS): number | null =>
        known(() => {
            const v = numberProp(r, key, p[key], true, SERVER_LIMITS[key]);
            if (v === null) throw new InvalidValueError(`${where(r)}: ${key} is missing`);
            return v;
        });
    const specs = {
        hostname: text("hostname"),
        address: text("address"),
        os: text("os"),
        cpuCores: num("cpuCores"),
        memoryGb: num("memoryGb"),
        usableMemoryGib: num("usableMemoryGib"),
        diskGb: num("diskGb"),
        networkGbps: num("networkGbps"),
    };
    // ServerSpecs has no nullable fields: a server with an unknown spec is reported as unknown
    // (null) as a whole.
    if (Object.values(specs).some((v) => v === null)) return null;
    return specs as ServerSpecs;
}

function labelOf(r: Subject, name: string): string | undefined {
    const labels = known(() => r.props.labels);
    if (labels === null || labels === undefined) return undefined;
    if (!Array.isArray(labels))
        throw new InvalidValueError(
            `${where(r)}: labels must be a list of {label, value}, got ${JSON.stringify(labels)}`,
        );
    for (let i = 0; i < labels.length; i++) {
        const entry = known(() => labels[i] as { label?: unknown; value?: unknown });
        if (entry === null) continue;
        if (known(() => entry.label) !== name) continue;
        const value = known(() => entry.value);
        if (value === null) return undefined;
        if (typeof value !== "string")
            throw new InvalidValueError(
                `${where(r)}: label ${name} must be a string, got ${JSON.stringify(value)}`,
            );
        return value;
    }
    return undefined;
}

function containerSize(r: Subject): ContainerSize {
    const p = r.props;
    const service = labelOf(r, LABELS.service) ?? r.name;
    const name = known(() => p.name);
    const role = ROLE_OF_SERVICE[service];
    const cpuReservationLabel = labelOf(r, LABELS.cpuReservation);
    const size: ContainerSize = {
        service,
        name: typeof name === "string" && name !== "" ? name : r.name,
        urn: r.urn,
        cpus: known(() => decimalString(r, "cpus", p.cpus)),
        cpuReservation:
            cpuReservationLabel === undefined
                ? null
                : decimalString(r, `label ${LABELS.cpuReservation}`, cpuReservationLabel),
        memoryMb: known(() => numberProp(r, "memory", p.memory, false, PHYSICAL_LIMITS.memoryMb)),
        // The provider's Check default is memoryReservation = 0, which means "none".
        memoryReservationMb: known(() =>
            numberProp(
                r,
                "memoryReservation",
                p.memoryReservation,
                false,
                PHYSICAL_LIMITS.memoryMb,
            ),
        ),
    };
    if (role) size.role = role;
    return size;
}

interface PublishedPort {
    internal: number;
    external: number | null;
    ip: string | null;
    /** True when the bind address is unknown at preview (then the endpoint is unknown too). */
    ipUnknown: boolean;
}

function publishedPorts(r: Subject): PublishedPort[] {
    const ports = known(() => r.props.ports);
    if (ports === null || ports === undefined) return [];
    if (!Array.isArray(ports))
        throw new InvalidValueError(
            `${where(r)}: ports must be a list, got ${JSON.stringify(ports)}`,
        );
    const out: PublishedPort[] = [];
    for (let i = 0; i < ports.length; i++) {
        const port = known(
            () => ports[i] as { internal?: unknown; external?: unknown; ip?: unknown },
        );
        if (port === null) continue;
        const internal = known(() => port.internal);
        const external = known(() => port.external);
        const ip = known(() => port.ip ?? "");
        if (typeof internal !== "number") continue;
        out.push({
            internal,
            external: typeof external === "number" ? external : null,
            ip: typeof ip === "string" && ip !== "" ? ip : null,
            ipUnknown: ip === null,
        });
    }
    return out;
}

/** `http://ip:port` of a published port; a wildcard bind is reached at the host's address. */
function endpointOf(port: PublishedPort, server: ServerSpecs | null): string | undefined {
    if (port.external === null || port.ipUnknown) return undefined;
    const wildcard = port.ip === null || port.ip === "0.0.0.0" || port.ip === "::";
    const host = wildcard ? server?.address : port.ip;
    if (!host) return undefined;
    return `http://${host.includes(":") ? `[${host}]` : host}:${port.external}`;
}

/** Builds Appendix C and D from the evaluated resources. */
export function buildAppendix(resources: Subject[]): Appendix {
    const serverResource = resources.find((r) => r.type === TYPES.server);
    const server = serverResource ? serverSpecs(serverResource) : null;
    const containerResources = resources.filter((r) => r.type === TYPES.container);
    const containers = containerResources.map(containerSize);

    const endpoints: Endpoints = {};
    for (const { key, service, port } of ENDPOINT_SERVICES) {
        const r = containerResources.find((c, i) => containers[i].service === service);
        if (!r) continue;
        const ports = publishedPorts(r).filter((p) => p.external !== null);
        const chosen = ports.find((p) => p.internal === port) ?? ports[0];
        const url = chosen ? endpointOf(chosen, server) : undefined;
        if (url) endpoints[key] = url;
    }
    if (serverResource) {
        const appUrl = known(() => serverResource.props.appUrl);
        if (typeof appUrl === "string" && appUrl !== "") endpoints.application = appUrl;
    }
    return { server, containers, endpoints };
}
