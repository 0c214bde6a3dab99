/** The zod schema of every non-secret setting, and which service makes each required. */
import { z } from "zod";
import { liveConfigSchema } from "../../checks/live-config";
import { parseCron } from "../../policies/lib/cron";
import { PHYSICAL_LIMITS } from "../../policies/lib/physical-limits";
import type { ServerProps } from "../../policies/lib/subjects";
import { cidrProblem, isIpAddress, portProblem } from "../net";
import { NFT_STRING } from "../render/nftables";
import { ALERT_RULE_NAMES } from "../render/prometheus";
import { isServiceName, SERVICE_NAMES, ServiceName } from "../services";
import type {
    BackupConfig,
    FirewallConfig,
    LoggingConfig,
    MonitoringConfig,
    MysqlConfig,
    PhpConfig,
    PortConfig,
    RedisConfig,
    ServiceConfig,
    TlsConfig,
} from "./types";

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

export const serviceSchema: z.ZodType<ServiceConfig> = z
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
export const SECTIONS = {
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

export type SectionName = keyof typeof SECTIONS;
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];
