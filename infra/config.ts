/**
 * The stack file's settings (namespace `chom`), validated with zod before any resource exists.
 *
 * `parseStackConfig` never throws: it returns the typed config or every bad path with the reason.
 * `loadStackConfig` reads the Pulumi runtime config and raises a `RunError` (printed without a
 * stack trace) listing them all. Secret settings must be Pulumi secrets; their values are never
 * read here except to check that they are set.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { liveConfigSchema } from "../checks/live-config";
import { parseCron } from "../policies/lib/cron";
import { PHYSICAL_LIMITS } from "../policies/lib/physical-limits";
import type { FirewallProps, ServerProps, TlsProps } from "../policies/lib/subjects";
import { cidrProblem, isIpAddress, portProblem, short } from "./net";
import { NFT_STRING } from "./render/nftables";
import { ALERT_RULE_NAMES } from "./render/prometheus";
import { isServiceName, SERVICE_NAMES, SERVICES, ServiceName } from "./services";

/** Config namespace: every key is `chom:<setting>`. */
export const NAMESPACE = "chom";

/** Settings that must be Pulumi secrets (`secure:` in the stack file). */
export const SECRET_SETTINGS = [
    "mysqlRootPassword",
    "mysqlPassword",
    "redisPassword",
    "grafanaAdminPassword",
    "backupEncryptionKey",
    "appKey",
] as const;
export type SecretSetting = (typeof SECRET_SETTINGS)[number];

/** The service whose presence makes a secret required (a stack without it may omit the secret). */
export const SECRET_REQUIRED_BY: Record<SecretSetting, ServiceName> = {
    mysqlRootPassword: "mysql",
    mysqlPassword: "mysql",
    redisPassword: "redis",
    grafanaAdminPassword: "grafana",
    backupEncryptionKey: "backup",
    appKey: "app",
};

/** One published port of a container. */
export interface PortConfig {
    /** Port inside the container. */
    internal: number;
    /** Port on the host. */
    external: number;
    /**
     * Host address the port is bound to; defaults to `chom:host.address` (never all interfaces by
     * default).
     */
    ip?: string;
    /** Defaults to tcp. */
    protocol?: "tcp" | "udp";
}

/** `chom:services.<name>`: the image and size of one container. */
export interface ServiceConfig {
    /** Image reference with an explicit tag, e.g. `mysql:8.0.40`. */
    image: string;
    /** Image digest `sha256:<64 hex>`, pinned in addition to the tag when known. */
    digest?: string;
    /** CPU limit in cores (docker `--cpus`). */
    cpu: number;
    /** CPU reservation in cores (becomes `cpuShares` = reservation × 1024, and a label). */
    cpuReservation: number;
    /** Memory limit in MB (docker `--memory`; swap is not allowed beyond it). */
    memoryMb: number;
    /** Memory reservation (soft limit) in MB. */
    memoryReservationMb: number;
    /** Published ports; only where the domain file allows them. */
    ports?: PortConfig[];
}

/** `chom:php`: PHP-FPM sizing of the app container. */
export interface PhpConfig {
    /** FPM `pm.max_children`. */
    fpmMaxChildren: number;
    /** PHP `memory_limit` in MB (per worker). */
    memoryLimitMb: number;
}

/** `chom:redis`: cache sizing. */
export interface RedisConfig {
    /** Redis `maxmemory` in MB; must leave headroom below the container limit. */
    maxmemoryMb: number;
}

/** `chom:mysql`: database settings. */
export interface MysqlConfig {
    /** Application database name. */
    database: string;
    /** Application database user. */
    user: string;
    /** InnoDB buffer pool in MB; must be below the container's memory limit. */
    innodbBufferPoolMb: number;
    /** `max_connections`. */
    maxConnections: number;
}

/** `chom:firewall`: the host's packet filter (the `host` field comes from `chom:host`). */
export type FirewallConfig = Omit<FirewallProps, "host" | "nftablesRuleset">;

/** `chom:tls`: TLS termination (the nginx configuration is rendered from it). */
export type TlsConfig = Omit<TlsProps, "nginxConfig">;

/** `chom:backup`: the backup plan (host, volumes and databases are derived from the services). */
export interface BackupConfig {
    /** Cron (5 fields, UTC) of the full backup. */
    schedule: string;
    /** Cron of incremental backups (binlog shipping), if any. */
    incrementalSchedule?: string;
    /** Days full backups are kept. */
    retentionDays: number;
    /** Where the off-site copy goes. */
    offsite: { kind: "rsync" | "s3" | "none"; destination: string; host: string };
    /** Encryption method; the key is always the `chom:backupEncryptionKey` secret. */
    encryption: { method: "gpg" | "aes-256" | "none" };
    /** Staging directory on the host. */
    localPath: string;
    /** Days between automated restore tests. */
    restoreTestEveryDays: number;
    /** Alerting on failed or stale backups. */
    alerts: { onFailure: boolean; staleAfterHours: number };
    /**
     * True when the backup runner writes metrics for Prometheus (node-exporter textfile collector).
     */
    metricsExported: boolean;
    /** Recovery point objective in minutes. */
    rpoMinutes: number;
    /** Recovery time objective in minutes. */
    rtoMinutes: number;
}

/** `chom:monitoring`: alerting and retention (scrape targets are derived from the services). */
export interface MonitoringConfig {
    /** Alert rules to load, by name (see render/prometheus.ts for the known ones). */
    alertRules: string[];
    /** Prometheus TSDB retention in days. */
    prometheusRetentionDays: number;
    /** Loki log retention in days. */
    lokiRetentionDays: number;
    /** Services whose logs Alloy ships to Loki. */
    shippedLogs: ServiceName[];
    /** Turns on `--web.enable-admin-api` (keep false). */
    prometheusAdminApi: boolean;
    /** Turns on `--web.enable-lifecycle` (keep false). */
    prometheusLifecycleApi: boolean;
    /** Grafana admin login name (the password is the `chom:grafanaAdminPassword` secret). */
    grafanaAdminUser: string;
}

/** `chom:logging`: docker log rotation for every container. */
export interface LoggingConfig {
    /** json-file `max-size` in MB. */
    maxSizeMb: number;
    /** json-file `max-file`. */
    maxFiles: number;
}

/** The validated stack configuration. */
export interface StackConfig {
    /** The Docker host (also the `chom:host:Server` component's inputs). */
    host: ServerProps;
    /** Declared services and their sizes; a stack may declare a subset. */
    services: Partial<Record<ServiceName, ServiceConfig>>;
    /** Required when `app` is declared. */
    php?: PhpConfig;
    /** Required when `redis` is declared. */
    redis?: RedisConfig;
    /** Required when `mysql` is declared. */
    mysql?: MysqlConfig;
    firewall: FirewallConfig;
    /** Required when `nginx` is declared. */
    tls?: TlsConfig;
    backup: BackupConfig;
    /** Required when `prometheus` is declared. */
    monitoring?: MonitoringConfig;
    logging: LoggingConfig;
}

/** One problem in the config: the full path (`chom:services.app.cpu`) and why it is wrong. */
export interface ConfigError {
    path: string;
    message: string;
}

export type ConfigResult = { ok: true; config: StackConfig } | { ok: false; errors: ConfigError[] };

// ---------------------------------------------------------------------------------------------
// Schemas

const int = (min: number, what: string) =>
    z
        .number()
        .int({ error: `must be a whole number (${what})` })
        .min(min, { error: `must be at least ${min} (${what})` });
const text = z.string().min(1, { error: "must not be empty" });
/** A positive size no real machine exceeds. */
const size = (max: number, unit: string) =>
    z
        .number()
        .positive({ error: `must be greater than 0 (${unit})` })
        .max(max, { error: `must be at most ${max} (${unit}): no real machine has more` });
const port = z
    .number()
    .int({ error: "must be a whole port number" })
    .min(1, { error: "must be a port (1-65535)" })
    .max(65535, { error: "must be a port (1-65535)" });

const cidr = z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const ipAddress = z.string().refine(isIpAddress, { error: "must be an IP address" });

const cron = z.string().superRefine((value, ctx) => {
    const parsed = parseCron(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
});

// Written into nginx/.env/YAML files: no quotes, backslashes, `$` or control characters.
const safeValue = z.string().regex(/^[^"\\$\u0000-\u001f\u007f]*$/, {
    error: 'must not contain ", \\, $ or control characters (it is written into a config file)',
});
const hostname = z
    .string()
    .regex(
        /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
        { error: "must be a DNS name" },
    );

const IMAGE =
    /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

const hostSchema: z.ZodType<ServerProps> = z.strictObject({
    hostname: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, {
        error: "must be a host name (letters, digits, _ . -)",
    }),
    address: ipAddress,
    os: text,
    cpuCores: int(1, "cores").max(PHYSICAL_LIMITS.cores, {
        error: `must be at most ${PHYSICAL_LIMITS.cores} (cores): no real machine has more`,
    }),
    memoryGb: size(PHYSICAL_LIMITS.memoryGb, "GB"),
    usableMemoryGib: size(PHYSICAL_LIMITS.memoryGb, "GiB"),
    diskGb: size(PHYSICAL_LIMITS.diskGb, "GB"),
    rootFsGb: size(PHYSICAL_LIMITS.diskGb, "GB"),
    networkGbps: size(PHYSICAL_LIMITS.networkGbps, "Gbit/s"),
    dockerHost: z
        .string()
        .regex(
            /^(ssh:\/\/[A-Za-z0-9_.-]+@[A-Za-z0-9_.:[\]-]+|tcp:\/\/[A-Za-z0-9_.:[\]-]+|unix:\/\/\/\S+)$/,
            {
                error: "must be a docker endpoint: ssh://user@host[:port], tcp://host:port or unix:///path",
            },
        ),
    appUrl: z.string().regex(/^https:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[^\s"\\$]*)?$/, {
        error: "must be an https:// URL",
    }),
});

const portSchema: z.ZodType<PortConfig> = z.strictObject({
    internal: port,
    external: port,
    ip: ipAddress.optional(),
    protocol: z.enum(["tcp", "udp"]).optional(),
});

const serviceSchema: z.ZodType<ServiceConfig> = z
    .strictObject({
        image: z.string().regex(IMAGE, {
            error: "must be repo:tag with an explicit tag (e.g. mysql:8.0.40); put a digest in `digest`",
        }),
        digest: z
            .string()
            .regex(/^sha256:[0-9a-f]{64}$/, { error: "must be sha256:<64 hex digits>" })
            .optional(),
        cpu: size(PHYSICAL_LIMITS.cores, "CPU limit in cores"),
        cpuReservation: size(PHYSICAL_LIMITS.cores, "CPU reservation in cores"),
        memoryMb: int(6, "memory limit in MB; docker's minimum is 6").max(
            PHYSICAL_LIMITS.memoryMb,
            { error: `must be at most ${PHYSICAL_LIMITS.memoryMb} (MB): no real machine has more` },
        ),
        memoryReservationMb: int(1, "memory reservation in MB").max(PHYSICAL_LIMITS.memoryMb, {
            error: `must be at most ${PHYSICAL_LIMITS.memoryMb} (MB): no real machine has more`,
        }),
        ports: z.array(portSchema).optional(),
    })
    .superRefine((s, ctx) => {
        // Compared only when both sides are valid, so one mistake gives one message.
        if (s.memoryMb > 0 && s.memoryReservationMb > s.memoryMb) {
            ctx.addIssue({
                code: "custom",
                path: ["memoryReservationMb"],
                message: `memory reservation ${s.memoryReservationMb} MB is above the limit memoryMb ${s.memoryMb} MB`,
            });
        }
        if (s.cpu > 0 && s.cpuReservation > s.cpu) {
            ctx.addIssue({
                code: "custom",
                path: ["cpuReservation"],
                message: `CPU reservation ${s.cpuReservation} is above the limit cpu ${s.cpu}`,
            });
        }
    });

const phpSchema: z.ZodType<PhpConfig> = z.strictObject({
    fpmMaxChildren: int(1, "FPM workers"),
    memoryLimitMb: int(16, "MB per PHP worker"),
});
const redisSchema: z.ZodType<RedisConfig> = z.strictObject({ maxmemoryMb: int(1, "MB") });
const mysqlSchema: z.ZodType<MysqlConfig> = z.strictObject({
    database: z
        .string()
        .regex(/^[A-Za-z0-9_]{1,64}$/, { error: "must be a database name (letters, digits, _)" }),
    user: z
        .string()
        .regex(/^[A-Za-z0-9_]{1,32}$/, { error: "must be a user name (letters, digits, _)" }),
    innodbBufferPoolMb: int(5, "MB"),
    maxConnections: int(1, "connections"),
});

const firewallRuleSchema = z.strictObject({
    port: z
        .union([z.number(), z.string()], { error: 'must be a port number or a range "low-high"' })
        .superRefine((value, ctx) => {
            const problem = portProblem(value);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    protocol: z.enum(["tcp", "udp"]),
    sources: z.array(cidr).min(1, { error: "must list at least one source CIDR" }),
    rateLimit: z
        .strictObject({ count: int(1, "connections"), perSeconds: int(1, "seconds") })
        .optional(),
    // Rendered into the nftables ruleset as a quoted string: a newline or quote there would inject
    // a rule.
    comment: z.string().regex(NFT_STRING, {
        error: "must be 1-128 characters without quotes, backslashes or control characters (it is an nftables comment)",
    }),
});

const firewallSchema: z.ZodType<FirewallConfig> = z.strictObject({
    backend: z.enum(["nftables", "ufw"]),
    defaultInbound: z.enum(["deny", "reject", "allow"]),
    defaultOutbound: z.enum(["deny", "reject", "allow"]),
    enforcedInDockerUserChain: z.boolean(),
    adminSources: z.array(cidr).min(1, { error: "must list at least one admin CIDR" }),
    monitoringSources: z.array(cidr),
    sshPort: port,
    rules: z.array(firewallRuleSchema),
});

const tlsSchema: z.ZodType<TlsConfig> = z.strictObject({
    domains: z.array(hostname).min(1, { error: "must list at least one domain" }),
    protocols: z
        .array(z.enum(["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]))
        .min(1, { error: "must enable at least one protocol" }),
    ciphers: z.array(
        z.string().regex(/^[A-Za-z0-9_-]+$/, { error: "must be an OpenSSL cipher name" }),
    ),
    hsts: z.strictObject({
        maxAgeSeconds: int(0, "seconds"),
        includeSubDomains: z.boolean(),
        preload: z.boolean(),
    }),
    headers: z.record(
        z.string().regex(/^[A-Za-z0-9-]+$/, { error: "must be an HTTP header name" }),
        safeValue,
    ),
    serverTokens: z.boolean(),
    httpRedirect: z.boolean(),
    certificate: z.strictObject({
        source: z.enum(["letsencrypt", "file"]),
        autoRenew: z.boolean(),
        renewal: safeValue,
        expiryAlertDays: int(0, "days"),
    }),
    rateLimitPerSecond: int(0, "requests per second; 0 = none"),
});

const absolutePath = z.string().regex(/^\/[A-Za-z0-9_./-]*$/, {
    error: "must be an absolute path (letters, digits, _ . - /)",
});

const backupSchema: z.ZodType<BackupConfig> = z.strictObject({
    schedule: cron,
    incrementalSchedule: cron.optional(),
    retentionDays: int(1, "days"),
    offsite: z.strictObject({
        kind: z.enum(["rsync", "s3", "none"]),
        destination: safeValue,
        host: safeValue,
    }),
    encryption: z.strictObject({ method: z.enum(["gpg", "aes-256", "none"]) }),
    localPath: absolutePath,
    restoreTestEveryDays: int(1, "days"),
    alerts: z.strictObject({ onFailure: z.boolean(), staleAfterHours: int(1, "hours") }),
    metricsExported: z.boolean(),
    rpoMinutes: int(1, "minutes"),
    rtoMinutes: int(1, "minutes"),
});

const monitoringSchema: z.ZodType<MonitoringConfig> = z.strictObject({
    alertRules: z.array(
        z.string().refine((name) => ALERT_RULE_NAMES.includes(name), {
            error: `must be one of ${ALERT_RULE_NAMES.join(", ")}`,
        }),
    ),
    prometheusRetentionDays: int(1, "days"),
    lokiRetentionDays: int(1, "days"),
    shippedLogs: z.array(
        z
            .string()
            .refine(isServiceName, { error: `must be a service: ${SERVICE_NAMES.join(", ")}` }),
    ) as unknown as z.ZodType<ServiceName[]>,
    prometheusAdminApi: z.boolean(),
    prometheusLifecycleApi: z.boolean(),
    grafanaAdminUser: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, {
        error: "must be a login name (letters, digits, _ . -)",
    }),
});

const loggingSchema: z.ZodType<LoggingConfig> = z.strictObject({
    maxSizeMb: int(1, "MB"),
    maxFiles: int(1, "files"),
});

/** Every non-secret setting, its schema, and when it is required. */
const SECTIONS = {
    host: { schema: hostSchema, requiredBy: "always" },
    services: { schema: z.record(z.string(), z.unknown()), requiredBy: "always" },
    php: { schema: phpSchema, requiredBy: "app" },
    redis: { schema: redisSchema, requiredBy: "redis" },
    mysql: { schema: mysqlSchema, requiredBy: "mysql" },
    firewall: { schema: firewallSchema, requiredBy: "always" },
    tls: { schema: tlsSchema, requiredBy: "nginx" },
    backup: { schema: backupSchema, requiredBy: "always" },
    monitoring: { schema: monitoringSchema, requiredBy: "prometheus" },
    logging: { schema: loggingSchema, requiredBy: "always" },
    // How `chom-certify --live` reaches the host (checks/live-config.ts); the program itself does
    // not use it.
    live: { schema: liveConfigSchema, requiredBy: "optional" },
} as const satisfies Record<
    string,
    { schema: z.ZodType; requiredBy: "always" | "optional" | ServiceName }
>;

type SectionName = keyof typeof SECTIONS;
const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];

// ---------------------------------------------------------------------------------------------
// Parsing

/** `["services", "app", "cpu"]` → `services.app.cpu`; numbers become `[i]`. */
function pathText(path: readonly PropertyKey[]): string {
    return path
        .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
        .join("");
}

function issuesToErrors(prefix: string, issues: readonly z.core.$ZodIssue[]): ConfigError[] {
    const errors: ConfigError[] = [];
    for (const issue of issues) {
        const at = (extra: readonly PropertyKey[]) => {
            const rest = pathText([...issue.path, ...extra]);
            return rest ? `${prefix}${rest.startsWith("[") ? "" : "."}${rest}` : prefix;
        };
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys)
                errors.push({ path: at([key]), message: "unknown setting" });
            continue;
        }
        const message = issue.message.replace(/^Invalid input: /, "");
        errors.push({
            path: at([]),
            message: issue.code === "invalid_type" ? `wrong type: ${message}` : message,
        });
    }
    return errors;
}

function isSecureObject(value: unknown): value is { secure: string } {
    return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}

function secretErrors(
    raw: Record<string, unknown>,
    secretKeys: ReadonlySet<string>,
    declared: ReadonlySet<string>,
): ConfigError[] {
    const errors: ConfigError[] = [];
    for (const name of SECRET_SETTINGS) {
        const key = `${NAMESPACE}:${name}`;
        const how = `set it with \`pulumi config set --secret ${key}\` (it prompts for the value)`;
        const value = raw[key];
        if (value === undefined) {
            const service = SECRET_REQUIRED_BY[name];
            if (declared.has(service))
                errors.push({
                    path: key,
                    message: `missing: required because chom:services declares ${service}; ${how}`,
                });
        } else if (isSecureObject(value)) {
            continue;
        } else if (typeof value !== "string") {
            errors.push({
                path: key,
                message: `must be a secret string, not ${describe(value)}; ${how}`,
            });
        } else if (!secretKeys.has(key)) {
            // Never echo the value: it is a password in plain text.
            errors.push({
                path: key,
                message: `is plain text in the stack file; it must be a Pulumi secret: ${how}`,
            });
        } else if (value.length === 0) {
            errors.push({ path: key, message: `is empty; ${how}` });
        }
    }
    return errors;
}

function describe(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    return typeof value === "object" ? "a map" : `a ${typeof value}`;
}

/** Validates the services map: known names, each entry's shape, and their dependencies. */
function parseServices(
    value: Record<string, unknown>,
    host: ServerProps | undefined,
): { services: Partial<Record<ServiceName, ServiceConfig>>; errors: ConfigError[] } {
    const services: Partial<Record<ServiceName, ServiceConfig>> = {};
    const errors: ConfigError[] = [];
    const prefix = `${NAMESPACE}:services`;
    for (const [name, entry] of Object.entries(value)) {
        if (!isServiceName(name)) {
            errors.push({
                path: `${prefix}.${name}`,
                message: `unknown service "${short(name)}" (known: ${SERVICE_NAMES.join(", ")})`,
            });
            continue;
        }
        const parsed = serviceSchema.safeParse(entry);
        if (!parsed.success) {
            errors.push(...issuesToErrors(`${prefix}.${name}`, parsed.error.issues));
            continue;
        }
        services[name] = parsed.data;
        if (host && parsed.data.cpu > host.cpuCores) {
            errors.push({
                path: `${prefix}.${name}.cpu`,
                message: `${parsed.data.cpu} cores is more than the host's ${host.cpuCores} (chom:host.cpuCores)`,
            });
        }
    }
    if (Object.keys(value).length === 0)
        errors.push({ path: prefix, message: "declares no service" });
    for (const [name] of Object.entries(services) as [ServiceName, ServiceConfig][]) {
        for (const needed of SERVICES[name].requires) {
            if (!(needed in value)) {
                errors.push({
                    path: `${prefix}.${name}`,
                    message: `needs service "${needed}", which is not declared`,
                });
            }
        }
    }
    return { services, errors };
}

/**
 * Validates the stack configuration. `raw` maps full keys (`chom:host`) to values already parsed
 * from YAML/JSON; a secret key's value may be a redaction placeholder. Never throws.
 */
export function parseStackConfig(
    raw: Record<string, unknown>,
    secretKeys: ReadonlySet<string>,
): ConfigResult {
    try {
        return parseUnchecked(raw, secretKeys);
    } catch (e) {
        // A validator bug must still end as a validation result, never as a stack trace.
        return {
            ok: false,
            errors: [
                {
                    path: NAMESPACE,
                    message: `could not be validated: ${e instanceof Error ? e.message : String(e)}`,
                },
            ],
        };
    }
}

function parseUnchecked(
    raw: Record<string, unknown>,
    secretKeys: ReadonlySet<string>,
): ConfigResult {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        return {
            ok: false,
            errors: [
                {
                    path: NAMESPACE,
                    message: `the config must be a map of keys to values, not ${describe(raw)}`,
                },
            ],
        };
    }
    const errors: ConfigError[] = [];
    for (const key of Object.keys(raw)) {
        if (!key.startsWith(`${NAMESPACE}:`)) continue; // other namespaces (providers) are not ours
        const name = key.slice(NAMESPACE.length + 1);
        if (
            !(SECTION_NAMES as string[]).includes(name) &&
            !(SECRET_SETTINGS as readonly string[]).includes(name)
        ) {
            errors.push({
                path: key,
                message: `unknown setting (known: ${[...SECTION_NAMES, ...SECRET_SETTINGS].map((n) => `${NAMESPACE}:${n}`).join(", ")})`,
            });
        }
    }

    const parsed: Partial<Record<SectionName, unknown>> = {};
    for (const name of SECTION_NAMES) {
        const key = `${NAMESPACE}:${name}`;
        if (raw[key] === undefined) continue;
        const result = SECTIONS[name].schema.safeParse(raw[key]);
        if (result.success) parsed[name] = result.data;
        else errors.push(...issuesToErrors(key, result.error.issues));
    }
    const host = parsed.host as ServerProps | undefined;
    let services: Partial<Record<ServiceName, ServiceConfig>> = {};
    if (parsed.services !== undefined) {
        const s = parseServices(parsed.services as Record<string, unknown>, host);
        services = s.services;
        errors.push(...s.errors);
    }
    const declared =
        parsed.services === undefined
            ? new Set<string>()
            : new Set(Object.keys(parsed.services as object));
    errors.push(...secretErrors(raw, secretKeys, declared));
    for (const name of SECTION_NAMES) {
        const key = `${NAMESPACE}:${name}`;
        const requiredBy = SECTIONS[name].requiredBy;
        if (raw[key] !== undefined) continue;
        if (requiredBy === "always")
            errors.push({ path: key, message: "missing: this setting is required" });
        else if (requiredBy !== "optional" && declared.has(requiredBy))
            errors.push({
                path: key,
                message: `missing: required because chom:services declares ${requiredBy}`,
            });
    }
    errors.push(...crossChecks(parsed, services, declared));
    if (errors.length > 0) return { ok: false, errors };
    const config: StackConfig = {
        host: host!,
        services,
        php: parsed.php as PhpConfig | undefined,
        redis: parsed.redis as RedisConfig | undefined,
        mysql: parsed.mysql as MysqlConfig | undefined,
        firewall: parsed.firewall as FirewallConfig,
        tls: parsed.tls as TlsConfig | undefined,
        backup: parsed.backup as BackupConfig,
        monitoring: parsed.monitoring as MonitoringConfig | undefined,
        logging: parsed.logging as LoggingConfig,
    };
    return { ok: true, config };
}

/** Checks that need two settings at once (each already valid on its own). */
function crossChecks(
    parsed: Partial<Record<SectionName, unknown>>,
    services: Partial<Record<ServiceName, ServiceConfig>>,
    declared: ReadonlySet<string>,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const mysql = parsed.mysql as MysqlConfig | undefined;
    if (mysql && services.mysql && mysql.innodbBufferPoolMb >= services.mysql.memoryMb) {
        errors.push({
            path: `${NAMESPACE}:mysql.innodbBufferPoolMb`,
            message: `${mysql.innodbBufferPoolMb} MB does not fit below the mysql container's memory limit of ${services.mysql.memoryMb} MB (chom:services.mysql.memoryMb)`,
        });
    }
    const monitoring = parsed.monitoring as MonitoringConfig | undefined;
    monitoring?.shippedLogs.forEach((service, i) => {
        if (!declared.has(service))
            errors.push({
                path: `${NAMESPACE}:monitoring.shippedLogs[${i}]`,
                message: `service "${service}" is not declared in chom:services`,
            });
    });
    const backup = parsed.backup as BackupConfig | undefined;
    const host = parsed.host as ServerProps | undefined;
    if (
        backup &&
        host &&
        backup.offsite.kind !== "none" &&
        [host.hostname, host.address].includes(backup.offsite.host)
    ) {
        errors.push({
            path: `${NAMESPACE}:backup.offsite.host`,
            message: `"${backup.offsite.host}" is this host; an off-site copy must leave it`,
        });
    }
    return errors;
}

/** One message listing every bad path and why; `source` names the stack file when known. */
export function formatConfigErrors(errors: readonly ConfigError[], source?: string): string {
    const where = source ? ` in ${source}` : "";
    const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
    const lines = errors.map((e) => `  - ${e.path}: ${e.message}`);
    return [`invalid stack configuration${where} (${count}); nothing was created:`, ...lines].join(
        "\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Loading from the Pulumi runtime

/** The secret settings that are set, as Pulumi secrets (plaintext never leaves an Output). */
export type StackSecrets = Partial<Record<SecretSetting, pulumi.Output<string>>>;

/** A secret the declared services need (validation guarantees it is set). */
export function requireSecret(secrets: StackSecrets, name: SecretSetting): pulumi.Output<string> {
    const value = secrets[name];
    if (!value)
        throw new pulumi.RunError(
            `${NAMESPACE}:${name} is not set; set it with \`pulumi config set --secret ${NAMESPACE}:${name}\``,
        );
    return value;
}

/** What the program needs to declare the stack. */
export interface LoadedStack {
    config: StackConfig;
    secrets: StackSecrets;
}

/**
 * `isConfigSecret` is exported by the SDK's runtime but not typed; it reads
 * PULUMI_CONFIG_SECRET_KEYS.
 */
interface RuntimeSecretKeys {
    isConfigSecret?: (key: string) => boolean;
}

function isSecretConfigKey(key: string): boolean {
    const check = (pulumi.runtime as unknown as RuntimeSecretKeys).isConfigSecret;
    if (typeof check !== "function")
        throw new pulumi.RunError(
            "this @pulumi/pulumi has no runtime.isConfigSecret: cannot tell which settings are secrets",
        );
    const [namespace, ...rest] = key.split(":");
    // The language host may name keys either `ns:key` or the legacy `ns:config:key`.
    return check(key) || check(`${namespace}:config:${rest.join(":")}`);
}

/** Config text as the language host passes it: structured values are JSON. */
function parseConfigText(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

/**
 * Reads and validates the stack's config. Throws `pulumi.RunError` (printed without a stack
 * trace) listing every problem, before any resource is registered.
 */
export function loadStackConfig(): LoadedStack {
    const raw: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!key.startsWith(`${NAMESPACE}:`)) continue;
        if (isSecretConfigKey(key)) secretKeys.add(key);
        // A secret stays the string it is: parsing it could turn "123" into a number.
        raw[key] = secretKeys.has(key) ? value : parseConfigText(value);
    }
    const result = parseStackConfig(raw, secretKeys);
    if (!result.ok)
        throw new pulumi.RunError(
            formatConfigErrors(result.errors, `Pulumi.${pulumi.getStack()}.yaml`),
        );
    const config = new pulumi.Config(NAMESPACE);
    const secrets: StackSecrets = {};
    for (const name of SECRET_SETTINGS) {
        const value = config.getSecret(name);
        if (value) secrets[name] = value;
    }
    return { config: result.config, secrets };
}
