/**
 * What the program knows about each CHOM service, independent of any one host: its tier,
 * certificate category, health check, volumes, networks and the Linux capabilities it needs.
 * Sizes and images are NOT here: they live in the stack file (`chom:services`).
 * Source: /work/shared/domain/landsraad_tst.md, "The containers".
 */
import type { Category } from "../policies/lib/rule";

/** Every service the program can declare, in the order the domain file lists them. */
export const SERVICE_NAMES = [
    "nginx",
    "app",
    "queue",
    "scheduler",
    "mysql",
    "redis",
    "prometheus",
    "grafana",
    "loki",
    "alloy",
    "node-exporter",
    "nginx-exporter",
    "php-fpm-exporter",
    "mysqld-exporter",
    "redis-exporter",
    "backup",
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(name: string): name is ServiceName {
    return (SERVICE_NAMES as readonly string[]).includes(name);
}

/** Tier label value; also decides the networks a container joins. */
export type Tier = "edge" | "app" | "data" | "monitoring";

/** Docker networks the program declares. Only `edge` and `egress` are non-internal. */
export const NETWORKS = {
    /**
     * Host-facing: the only network whose containers may publish ports (Docker maps no port on an
     * internal network).
     */
    edge: "chom-edge",
    /** App and data: internal, no route out, nothing published. */
    internal: "chom-internal",
    /** Scraping and log shipping: internal. */
    monitoring: "chom-monitoring",
    /**
     * Outbound only (no published ports): for the app talking to the hosts it manages, and the
     * off-site backup copy.
     */
    egress: "chom-egress",
} as const;

export type NetworkKey = keyof typeof NETWORKS;

/** A named volume and where it is mounted. */
export interface VolumeSpec {
    /** Docker volume name. */
    volumeName: string;
    /** Mount point inside the container. */
    containerPath: string;
}

/** A metrics endpoint Prometheus scrapes. */
export interface MetricsSpec {
    /** Prometheus job name. */
    job: string;
    /** `host:port` on the monitoring network. */
    target: string;
    /** HTTP path, when not `/metrics`. */
    path?: string;
}

/** Static facts about one service. */
export interface ServiceSpec {
    tier: Tier;
    /** Certificate category the service mainly serves (label `chom.certificate-category`). */
    category: Category;
    /** Docker health check test, when the service has one (domain file, "health check" column). */
    health?: string[];
    /** Named volumes holding state (make the service stateful and put them in the backup plan). */
    volumes: VolumeSpec[];
    /** Networks joined besides `edge` (added automatically when ports are published). */
    networks: NetworkKey[];
    /** Capabilities added back after dropping ALL, each with the reason. */
    capabilities: { cap: string; why: string }[];
    /** User the container runs as, when the image does not drop root itself. */
    user?: string;
    /**
     * Owner uid of secret files uploaded into the container (the uid its process reads them as).
     */
    secretOwner: string;
    /** What Prometheus scrapes for this service, if anything. */
    metrics?: MetricsSpec;
    /** Services this one cannot work without (validated in config). */
    requires: ServiceName[];
}

const SET_IDS = [
    { cap: "SETUID", why: "the entrypoint switches from root to the service user" },
    { cap: "SETGID", why: "the entrypoint switches from root to the service group" },
];
const CHOWN = { cap: "CHOWN", why: "the entrypoint chowns its data directory on first start" };

/** Health check intervals shared by every service (seconds as docker duration strings). */
export const HEALTH_TIMING = {
    interval: "30s",
    timeout: "5s",
    retries: 3,
    startPeriod: "30s",
} as const;

/** A Laravel artisan worker of the app image (`queue:work`, `schedule:work`), up while it runs. */
function laravelWorker(artisanCommand: string): ServiceSpec {
    return {
        tier: "app",
        category: "Reliability",
        health: ["CMD-SHELL", `pgrep -f '${artisanCommand}' >/dev/null`],
        volumes: [],
        networks: ["internal", "egress"],
        capabilities: [],
        user: "www-data",
        secretOwner: "82",
        requires: ["app"],
    };
}

/**
 * A monitoring-tier service: on the monitoring network, stateless and with no capabilities unless
 * `spec` says otherwise.
 */
function monitoringService(
    spec: Partial<ServiceSpec> & Pick<ServiceSpec, "secretOwner" | "requires">,
): ServiceSpec {
    return {
        tier: "monitoring",
        category: "Observability",
        volumes: [],
        networks: ["monitoring"],
        capabilities: [],
        ...spec,
    };
}

/**
 * A server of the monitoring stack that Prometheus scrapes too (Prometheus itself, Loki): one
 * HTTP port answers both its wget health check and the scrape, so the two cannot disagree.
 */
function scrapedMonitoringServer(
    name: ServiceName,
    port: number,
    healthPath: string,
    spec: Pick<ServiceSpec, "volumes" | "secretOwner" | "requires">,
): ServiceSpec {
    return monitoringService({
        health: ["CMD", "wget", "--spider", "-q", `http://localhost:${port}${healthPath}`],
        volumes: spec.volumes,
        secretOwner: spec.secretOwner,
        metrics: { job: name, target: `${name}:${port}` },
        requires: spec.requires,
    });
}

/**
 * A Prometheus exporter: no state, no capabilities, runs as `nobody` (65534) unless its image
 * says otherwise, and joins `internal` to reach what it exports besides `monitoring`.
 */
function exporter(
    job: string,
    target: string,
    requires: ServiceName[],
    networks: NetworkKey[] = ["internal", "monitoring"],
    secretOwner = "65534",
): ServiceSpec {
    return monitoringService({ networks, secretOwner, metrics: { job, target }, requires });
}

export const SERVICES: Record<ServiceName, ServiceSpec> = {
    nginx: {
        tier: "edge",
        category: "Security",
        health: ["CMD", "wget", "--spider", "-q", "http://localhost/health"],
        volumes: [],
        networks: ["internal", "monitoring"],
        capabilities: [
            { cap: "NET_BIND_SERVICE", why: "listens on 80 and 443" },
            CHOWN,
            ...SET_IDS,
        ],
        secretOwner: "0",
        requires: ["app"],
    },
    app: {
        tier: "app",
        category: "Reliability",
        health: ["CMD", "php-fpm", "-t"],
        volumes: [{ volumeName: "chom-app-storage", containerPath: "/var/www/html/storage" }],
        networks: ["internal", "egress"],
        capabilities: [CHOWN, ...SET_IDS],
        // php-fpm workers (www-data, uid 82 on Alpine) read .env; the master runs as root.
        secretOwner: "82",
        // The app's metrics are served by nginx's internal status listener (see render/nginx.ts).
        metrics: { job: "app", target: "nginx:8081", path: "/metrics" },
        requires: ["mysql", "redis"],
    },
    queue: laravelWorker("queue:work"),
    scheduler: laravelWorker("schedule:work"),
    mysql: {
        tier: "data",
        category: "Reliability",
        health: ["CMD-SHELL", "mysqladmin ping -h 127.0.0.1 --silent"],
        volumes: [{ volumeName: "chom-mysql-data", containerPath: "/var/lib/mysql" }],
        networks: ["internal"],
        capabilities: [
            CHOWN,
            ...SET_IDS,
            { cap: "DAC_OVERRIDE", why: "the entrypoint initialises files it does not own yet" },
        ],
        secretOwner: "999",
        requires: [],
    },
    redis: {
        tier: "data",
        category: "Reliability",
        // The password is read from the uploaded include file so it never sits in the health
        // check's inputs.
        health: [
            "CMD-SHELL",
            "redis-cli --no-auth-warning -a \"$(sed -n 's/^requirepass //p' /run/secrets/redis-auth.conf)\" ping | grep -q PONG",
        ],
        volumes: [{ volumeName: "chom-redis-data", containerPath: "/data" }],
        networks: ["internal"],
        capabilities: [CHOWN, ...SET_IDS],
        secretOwner: "999",
        requires: [],
    },
    prometheus: scrapedMonitoringServer("prometheus", 9090, "/-/healthy", {
        volumes: [{ volumeName: "chom-prometheus-data", containerPath: "/prometheus" }],
        secretOwner: "65534",
        requires: [],
    }),
    grafana: monitoringService({
        health: ["CMD", "wget", "--spider", "-q", "http://localhost:3000/api/health"],
        volumes: [{ volumeName: "chom-grafana-data", containerPath: "/var/lib/grafana" }],
        secretOwner: "472",
        requires: ["prometheus"],
    }),
    loki: scrapedMonitoringServer("loki", 3100, "/ready", {
        volumes: [{ volumeName: "chom-loki-data", containerPath: "/loki" }],
        secretOwner: "10001",
        requires: [],
    }),
    alloy: monitoringService({
        // DAC_OVERRIDE, not DAC_READ_SEARCH: the latter also lifts the default seccomp block on
        // open_by_handle_at (the "Shocker" escape, CHOM-RES-019).
        capabilities: [
            {
                cap: "DAC_OVERRIDE",
                why: "reads docker's json log files, owned by root, mounted read-only",
            },
        ],
        secretOwner: "0",
        requires: ["loki"],
    }),
    "node-exporter": exporter("node", "node-exporter:9100", [], ["monitoring"]),
    "nginx-exporter": exporter("nginx", "nginx-exporter:9113", ["nginx"]),
    "php-fpm-exporter": exporter("php-fpm", "php-fpm-exporter:9253", ["app"]),
    "mysqld-exporter": exporter("mysql", "mysqld-exporter:9104", ["mysql"]),
    // The redis exporter image runs as its own uid.
    "redis-exporter": exporter("redis", "redis-exporter:9121", ["redis"], undefined, "59000"),
    backup: {
        tier: "data",
        category: "Reliability",
        health: ["CMD", "/usr/local/bin/backup-status", "--max-age-hours", "26"],
        volumes: [],
        networks: ["internal", "egress"],
        // DAC_OVERRIDE, not DAC_READ_SEARCH (see alloy).
        capabilities: [
            {
                cap: "DAC_OVERRIDE",
                why: "reads the other services' volumes, owned by their own uids, mounted read-only",
            },
            ...SET_IDS,
        ],
        secretOwner: "0",
        requires: [],
    },
};

/** Services that own at least one named volume. */
export function isStateful(service: ServiceName): boolean {
    return SERVICES[service].volumes.length > 0;
}
