/**
 * Docker container arguments for one service: limits and reservation from `chom:services`,
 * the catalogue's health check, capabilities and networks, rotated logs, labels, published
 * ports bound to an explicit address, and secrets delivered as files (never plain env values).
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { LABELS } from "../policies/lib/subjects";
import type { BackupPlanProps } from "../policies/lib/subjects";
import { requireSecret, ServiceConfig, StackConfig, StackSecrets } from "./config";
import { renderDotenv } from "./render/dotenv";
import {
    NGINX_STATUS_PORT,
    ACME_WEBROOT,
    LETSENCRYPT_DIR,
    NGINX_CONFIG_PATH,
} from "./render/nginx";
import {
    ALLOY_CONFIG_PATH,
    DOCKER_LOG_DIR,
    GRAFANA_DATASOURCES_PATH,
    LOKI_CONFIG_PATH,
} from "./render/observability";
import { PROMETHEUS_CONFIG_PATH, PROMETHEUS_RULES_PATH } from "./render/prometheus";
import { HEALTH_TIMING, isStateful, NetworkKey, SERVICES, ServiceName } from "./services";

/**
 * Where node-exporter's textfile collector reads metrics written by the backup runner and certbot's
 * hook.
 */
export const TEXTFILE_DIR = "/var/lib/node-exporter/textfile";
const SECRETS_DIR = "/run/secrets";

/** Files rendered elsewhere that containers mount (plain configuration, no secrets). */
export interface RenderedFiles {
    nginx?: string;
    prometheus?: string;
    alertRules?: string;
    loki?: string;
    alloy?: string;
    grafanaDatasources?: string;
}

/** Everything a container needs from the rest of the stack. */
export interface ContainerContext {
    config: StackConfig;
    secrets: StackSecrets;
    /** Docker network names by key (Outputs, so containers wait for their networks). */
    networks: Record<NetworkKey, pulumi.Output<string>>;
    /** Docker volume names by volume name (Outputs, for ordering). */
    volumes: Record<string, pulumi.Output<string>>;
    /** Image ID of the service's RemoteImage. */
    imageId: pulumi.Output<string>;
    files: RenderedFiles;
    backupPlan: BackupPlanProps;
}

type Upload = docker.types.input.ContainerUpload;
type Volume = docker.types.input.ContainerVolume;

/** What differs per service beyond the common settings. */
interface ServiceParts {
    command?: string[];
    envs?: string[];
    uploads?: Upload[];
    volumes?: Volume[];
}

function secretFile(file: string, content: pulumi.Output<string>, owner: string): Upload {
    return { file, content: pulumi.secret(content), permissions: "0400", owner };
}

function configFile(file: string, content: string): Upload {
    return { file, content, permissions: "0444" };
}

function hostDir(hostPath: string, containerPath: string, readOnly: boolean): Volume {
    return { hostPath, containerPath, readOnly };
}

/**
 * The app's .env (shared by app, queue and scheduler): plain settings plus the secrets it needs.
 */
function appDotenv(ctx: ContainerContext): pulumi.Output<string> {
    const { config, secrets } = ctx;
    const mysql = config.mysql!;
    return pulumi
        .all([
            requireSecret(secrets, "appKey"),
            requireSecret(secrets, "mysqlPassword"),
            requireSecret(secrets, "redisPassword"),
        ])
        .apply(([appKey, dbPassword, redisPassword]) =>
            renderDotenv({
                APP_ENV: "production",
                APP_DEBUG: "false",
                APP_URL: config.host.appUrl,
                APP_KEY: appKey,
                LOG_CHANNEL: "stderr",
                DB_CONNECTION: "mysql",
                DB_HOST: "mysql",
                DB_PORT: "3306",
                DB_DATABASE: mysql.database,
                DB_USERNAME: mysql.user,
                DB_PASSWORD: dbPassword,
                REDIS_HOST: "redis",
                REDIS_PORT: "6379",
                REDIS_PASSWORD: redisPassword,
                CACHE_STORE: "redis",
                SESSION_DRIVER: "redis",
                QUEUE_CONNECTION: "redis",
            }),
        );
}

function phpParts(ctx: ContainerContext, service: ServiceName, command?: string[]): ServiceParts {
    const php = ctx.config.php!;
    const envs = [`PHP_MEMORY_LIMIT=${php.memoryLimitMb}M`, "APP_ENV=production"];
    // Only the FPM container runs a worker pool; the CLI workers are single processes.
    if (service === "app") envs.unshift(`PHP_FPM_PM_MAX_CHILDREN=${php.fpmMaxChildren}`);
    return {
        command,
        envs,
        uploads: [secretFile("/var/www/html/.env", appDotenv(ctx), SERVICES[service].secretOwner)],
    };
}

function serviceParts(service: ServiceName, ctx: ContainerContext): ServiceParts {
    const { config, secrets, files } = ctx;
    const owner = SERVICES[service].secretOwner;
    switch (service) {
        case "nginx":
            return {
                uploads: [configFile(NGINX_CONFIG_PATH, files.nginx!)],
                volumes: [
                    hostDir(LETSENCRYPT_DIR, LETSENCRYPT_DIR, true),
                    hostDir(ACME_WEBROOT, ACME_WEBROOT, true),
                ],
            };
        case "app":
            return phpParts(ctx, service);
        case "queue":
            return phpParts(ctx, service, [
                "php",
                "artisan",
                "queue:work",
                "redis",
                "--tries=3",
                "--max-time=3600",
            ]);
        case "scheduler":
            // schedule:work runs schedule:run every 60 s.
            return phpParts(ctx, service, ["php", "artisan", "schedule:work"]);
        case "mysql": {
            const mysql = config.mysql!;
            return {
                command: [
                    "mysqld",
                    `--innodb-buffer-pool-size=${mysql.innodbBufferPoolMb}M`,
                    `--max-connections=${mysql.maxConnections}`,
                ],
                envs: [
                    `MYSQL_DATABASE=${mysql.database}`,
                    `MYSQL_USER=${mysql.user}`,
                    `MYSQL_ROOT_PASSWORD_FILE=${SECRETS_DIR}/mysql-root-password`,
                    `MYSQL_PASSWORD_FILE=${SECRETS_DIR}/mysql-password`,
                ],
                uploads: [
                    secretFile(
                        `${SECRETS_DIR}/mysql-root-password`,
                        requireSecret(secrets, "mysqlRootPassword"),
                        owner,
                    ),
                    secretFile(
                        `${SECRETS_DIR}/mysql-password`,
                        requireSecret(secrets, "mysqlPassword"),
                        owner,
                    ),
                ],
            };
        }
        case "redis":
            return {
                command: [
                    "redis-server",
                    "--appendonly",
                    "yes",
                    "--maxmemory",
                    `${config.redis!.maxmemoryMb}mb`,
                    "--maxmemory-policy",
                    "allkeys-lru",
                    "--include",
                    `${SECRETS_DIR}/redis-auth.conf`,
                ],
                uploads: [
                    secretFile(
                        `${SECRETS_DIR}/redis-auth.conf`,
                        requireSecret(secrets, "redisPassword").apply((p) => `requirepass ${p}\n`),
                        owner,
                    ),
                ],
            };
        case "prometheus": {
            const m = config.monitoring!;
            return {
                command: [
                    `--config.file=${PROMETHEUS_CONFIG_PATH}`,
                    "--storage.tsdb.path=/prometheus",
                    `--storage.tsdb.retention.time=${m.prometheusRetentionDays}d`,
                    // Off unless the stack file asks (the original exposed both behind an
                    // unauthenticated proxy).
                    ...(m.prometheusAdminApi ? ["--web.enable-admin-api"] : []),
                    ...(m.prometheusLifecycleApi ? ["--web.enable-lifecycle"] : []),
                ],
                uploads: [
                    configFile(PROMETHEUS_CONFIG_PATH, files.prometheus!),
                    configFile(PROMETHEUS_RULES_PATH, files.alertRules!),
                ],
            };
        }
        case "grafana":
            return {
                envs: [
                    `GF_SECURITY_ADMIN_USER=${config.monitoring!.grafanaAdminUser}`,
                    `GF_SECURITY_ADMIN_PASSWORD__FILE=${SECRETS_DIR}/grafana-admin-password`,
                    "GF_USERS_ALLOW_SIGN_UP=false",
                    "GF_ANALYTICS_REPORTING_ENABLED=false",
                ],
                uploads: [
                    secretFile(
                        `${SECRETS_DIR}/grafana-admin-password`,
                        requireSecret(secrets, "grafanaAdminPassword"),
                        owner,
                    ),
                    configFile(GRAFANA_DATASOURCES_PATH, files.grafanaDatasources!),
                ],
            };
        case "loki":
            return {
                command: [`-config.file=${LOKI_CONFIG_PATH}`],
                uploads: [configFile(LOKI_CONFIG_PATH, files.loki!)],
            };
        case "alloy":
            // Log files read-only instead of docker.sock (which would hand Alloy the whole host).
            return {
                command: ["run", ALLOY_CONFIG_PATH, "--storage.path=/tmp/alloy"],
                uploads: [configFile(ALLOY_CONFIG_PATH, files.alloy!)],
                volumes: [hostDir(DOCKER_LOG_DIR, DOCKER_LOG_DIR, true)],
            };
        case "node-exporter":
            // No bind of the host's `/`: it would expose /var/run/docker.sock (CIS 5.31), and a
            // socket on a read-only mount still accepts connections. The container's own `/` lives
            // on the host's root filesystem (/var/lib/docker), so its statfs still tracks the disk
            // the alert watches.
            return {
                command: [
                    "--path.procfs=/host/proc",
                    "--path.sysfs=/host/sys",
                    `--collector.textfile.directory=${TEXTFILE_DIR}`,
                ],
                volumes: [
                    hostDir("/proc", "/host/proc", true),
                    hostDir("/sys", "/host/sys", true),
                    hostDir(TEXTFILE_DIR, TEXTFILE_DIR, true),
                ],
            };
        case "nginx-exporter":
            return {
                command: [`--nginx.scrape-uri=http://nginx:${NGINX_STATUS_PORT}/stub_status`],
            };
        case "php-fpm-exporter":
            return { envs: ["PHP_FPM_SCRAPE_URI=tcp://app:9000/status"] };
        case "mysqld-exporter": {
            // Reads with the app user's credentials from a secret file: no extra exporter account
            // is provisioned.
            const cnf = requireSecret(secrets, "mysqlPassword").apply(
                (p) => `[client]\nuser=${config.mysql!.user}\npassword=${p}\n`,
            );
            return {
                command: [
                    `--config.my-cnf=${SECRETS_DIR}/mysqld-exporter.cnf`,
                    "--mysqld.address=mysql:3306",
                ],
                uploads: [secretFile(`${SECRETS_DIR}/mysqld-exporter.cnf`, cnf, owner)],
            };
        }
        case "redis-exporter": {
            const passwords = requireSecret(secrets, "redisPassword").apply((p) =>
                JSON.stringify({ "redis://redis:6379": p }),
            );
            return {
                envs: ["REDIS_ADDR=redis://redis:6379"],
                command: [
                    `--redis.password-file=${SECRETS_DIR}/redis-passwords.json`,
                    "--check-keys=*queues:*",
                ],
                uploads: [secretFile(`${SECRETS_DIR}/redis-passwords.json`, passwords, owner)],
            };
        }
        case "backup":
            return backupParts(ctx);
    }
}

/** The backup runner: plan settings as env, key and database password as secret files. */
function backupParts(ctx: ContainerContext): ServiceParts {
    const { config, secrets, backupPlan: plan } = ctx;
    const owner = SERVICES.backup.secretOwner;
    const envs = [
        `BACKUP_SCHEDULE=${plan.schedule}`,
        ...(plan.incrementalSchedule
            ? [`BACKUP_INCREMENTAL_SCHEDULE=${plan.incrementalSchedule}`]
            : []),
        `BACKUP_RETENTION_DAYS=${plan.retentionDays}`,
        `BACKUP_LOCAL_PATH=${plan.localPath}`,
        `BACKUP_OFFSITE_KIND=${plan.offsite.kind}`,
        `BACKUP_OFFSITE_DESTINATION=${plan.offsite.destination}`,
        `BACKUP_ENCRYPTION_METHOD=${plan.encryption.method}`,
        `BACKUP_ENCRYPTION_KEY_FILE=${SECRETS_DIR}/backup-encryption-key`,
        `BACKUP_RESTORE_TEST_EVERY_DAYS=${plan.restoreTestEveryDays}`,
        `BACKUP_STALE_AFTER_HOURS=${plan.alerts.staleAfterHours}`,
        `BACKUP_DATABASES=${plan.databases.join(",")}`,
        `BACKUP_METRICS_DIR=${plan.metricsExported ? TEXTFILE_DIR : ""}`,
    ];
    const uploads = [
        secretFile(
            `${SECRETS_DIR}/backup-encryption-key`,
            requireSecret(secrets, "backupEncryptionKey"),
            owner,
        ),
    ];
    if (config.services.mysql) {
        // Root: binlog shipping for the incrementals needs replication privileges.
        envs.push(
            "MYSQL_HOST=mysql",
            `MYSQL_ROOT_PASSWORD_FILE=${SECRETS_DIR}/mysql-root-password`,
        );
        uploads.push(
            secretFile(
                `${SECRETS_DIR}/mysql-root-password`,
                requireSecret(secrets, "mysqlRootPassword"),
                owner,
            ),
        );
    }
    // Volumes read-only under /backup/volumes; the database's own volume is covered by the dump,
    // not copied live.
    const volumes: Volume[] = plan.volumes
        .filter((v) => v !== "chom-mysql-data")
        .map((v) => ({
            volumeName: ctx.volumes[v],
            containerPath: `/backup/volumes/${v}`,
            readOnly: true,
        }));
    volumes.push(hostDir(plan.localPath, plan.localPath, false));
    if (plan.metricsExported) volumes.push(hostDir(TEXTFILE_DIR, TEXTFILE_DIR, false));
    return { envs, uploads, volumes };
}

/** The docker.Container args for one service. */
export function containerArgs(
    service: ServiceName,
    sizes: ServiceConfig,
    ctx: ContainerContext,
): docker.ContainerArgs {
    const spec = SERVICES[service];
    const { config } = ctx;
    const parts = serviceParts(service, ctx);
    const published = sizes.ports ?? [];
    // A published port needs a non-internal network: Docker maps no port on an internal one.
    const networkKeys: NetworkKey[] = [
        ...(published.length ? (["edge"] as NetworkKey[]) : []),
        ...spec.networks,
    ];
    const labels = [
        { label: LABELS.service, value: service },
        { label: LABELS.tier, value: spec.tier },
        { label: LABELS.category, value: spec.category },
        { label: LABELS.stateful, value: String(isStateful(service)) },
        { label: LABELS.cpuReservation, value: String(sizes.cpuReservation) },
    ];
    let health = spec.health;
    if (service === "backup")
        health = [
            "CMD",
            "/usr/local/bin/backup-status",
            "--max-age-hours",
            String(config.backup.alerts.staleAfterHours),
        ];
    return {
        name: `chom-${service}`,
        image: ctx.imageId,
        command: parts.command,
        envs: parts.envs ?? [],
        uploads: parts.uploads,
        labels,
        cpus: String(sizes.cpu),
        cpuShares: Math.round(sizes.cpuReservation * 1024),
        memory: sizes.memoryMb,
        memoryReservation: sizes.memoryReservationMb,
        memorySwap: sizes.memoryMb,
        restart: "unless-stopped",
        healthcheck: health ? { tests: health, ...HEALTH_TIMING } : undefined,
        logDriver: "json-file",
        // `labels` puts chom.service into every log entry, which is how Alloy tells services apart.
        logOpts: {
            "max-size": `${config.logging.maxSizeMb}m`,
            "max-file": String(config.logging.maxFiles),
            labels: LABELS.service,
        },
        privileged: false,
        securityOpts: ["no-new-privileges:true"],
        capabilities: {
            drops: ["ALL"],
            ...(spec.capabilities.length ? { adds: spec.capabilities.map((c) => c.cap) } : {}),
        },
        user: spec.user,
        volumes: [
            ...spec.volumes.map((v) => ({
                volumeName: ctx.volumes[v.volumeName],
                containerPath: v.containerPath,
            })),
            ...(parts.volumes ?? []),
        ],
        ports: published.map((p) => ({
            internal: p.internal,
            external: p.external,
            ip: p.ip ?? config.host.address,
            protocol: p.protocol ?? "tcp",
        })),
        // The first network, not docker's default bridge: a container must not silently join it.
        networkMode: ctx.networks[networkKeys[0]],
        networksAdvanced: networkKeys.map((key) => ({
            name: ctx.networks[key],
            aliases: [service],
        })),
    };
}
