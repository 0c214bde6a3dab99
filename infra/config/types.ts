/** The validated stack configuration's shape: what the program and the tests read. */
import type {
    BackupPlanProps,
    FirewallProps,
    ServerProps,
    TlsProps,
} from "../../policies/lib/subjects";
import type { ServiceName } from "../services";

/** Config namespace: every key is `chom:<setting>`. */
export const NAMESPACE = "chom";

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
export type BackupConfig = Omit<
    BackupPlanProps,
    "host" | "volumes" | "databases" | "encryption"
> & {
    /** Encryption method; the key is always the `chom:backupEncryptionKey` secret. */
    encryption: Pick<BackupPlanProps["encryption"], "method">;
};

/** `chom:monitoring`: alerting and retention (scrape targets are derived from the services). */
export interface MonitoringConfig {
    /** Alert rules to load, by name (see render/alert-rules.yaml for the known ones). */
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
