/**
 * The shapes the policy pack reads: resource type tokens and the input properties of the
 * `chom:*` components and the docker resources. The infra program builds exactly these
 * (it imports the types from here), so a rename here is a breaking change for users'
 * programs: keep the property names stable.
 */

/** Pulumi type tokens of every resource kind the rules look at. */
export const TYPES = {
    server: "chom:host:Server",
    firewall: "chom:host:Firewall",
    tls: "chom:edge:Tls",
    backupPlan: "chom:backup:BackupPlan",
    monitoring: "chom:observability:Monitoring",
    container: "docker:index/container:Container",
    network: "docker:index/network:Network",
    volume: "docker:index/volume:Volume",
    image: "docker:index/remoteImage:RemoteImage",
    /** An image built by the stack (`docker.Image`): not pulled, so no tag pins it. */
    builtImage: "docker:index/image:Image",
    dockerProvider: "pulumi:providers:docker",
    stack: "pulumi:pulumi:Stack",
} as const;

/** `chom:host:Server`: the declared machine that runs the containers. */
export interface ServerProps {
    /** Host name, e.g. `landsraad_tst`. */
    hostname: string;
    /** Management address of the host, e.g. `10.10.100.20`. */
    address: string;
    /** Operating system, e.g. `Debian 13`. */
    os: string;
    /** Cores the host has (`nproc`). */
    cpuCores: number;
    /** Nominal RAM in GB as sold (e.g. 8). */
    memoryGb: number;
    /** RAM the kernel reports usable, in GiB (e.g. 7.6): what containers can really use. */
    usableMemoryGib: number;
    /** Disk size in GB. */
    diskGb: number;
    /** Size of the root filesystem in GB (`df /`). */
    rootFsGb: number;
    /** NIC speed in Gbit/s (0.4 = 400 Mbit/s). */
    networkGbps: number;
    /** Docker endpoint the stack deploys to, e.g. `ssh://deploy@10.10.100.20`. */
    dockerHost: string;
    /** Public base URL of the application, e.g. `https://chom.example.com`. */
    appUrl: string;
}

/** One firewall rule: allow `protocol`/`port` from `sources`. */
export interface FirewallRule {
    /** Destination port, or a range `"9100-9121"`. */
    port: number | string;
    protocol: "tcp" | "udp";
    /** Source CIDRs; `0.0.0.0/0` and `::/0` mean the whole world. */
    sources: string[];
    /**
     * Connection rate limit in ufw `limit` semantics: a source that opens `count` new connections
     * within `perSeconds` is refused, so `{ count: 6, perSeconds: 30 }` lets 5 per 30 s through.
     */
    rateLimit?: { count: number; perSeconds: number };
    /** Why the rule exists. */
    comment: string;
}

/** `chom:host:Firewall`: the host's packet filter, including the DOCKER-USER chain. */
export interface FirewallProps {
    /** Host the rules apply to (its `ServerProps.hostname`). */
    host: string;
    /** Rule backend on the host. */
    backend: "nftables" | "ufw";
    defaultInbound: "deny" | "reject" | "allow";
    defaultOutbound: "deny" | "reject" | "allow";
    /**
     * True when the rules are also enforced in Docker's DOCKER-USER chain (Docker bypasses ufw).
     */
    enforcedInDockerUserChain: boolean;
    /** Admin sources (CIDRs) allowed to SSH and to reach admin UIs. */
    adminSources: string[];
    /** Monitoring sources (CIDRs) allowed to reach metrics and log endpoints. */
    monitoringSources: string[];
    /** SSH port on the host (22, or 2222 in the hardened variant). */
    sshPort: number;
    rules: FirewallRule[];
    /** The nftables ruleset rendered from the above, which the host loads (`nft -f`). */
    nftablesRuleset: string;
}

/** Security headers the edge sends, by header name. */
export type SecurityHeaders = Record<string, string>;

/** `chom:edge:Tls`: TLS termination in nginx. */
export interface TlsProps {
    /** Server names on the certificate. */
    domains: string[];
    /** Enabled protocols, nginx spelling: `TLSv1.2`, `TLSv1.3`. */
    protocols: string[];
    /** Enabled TLS 1.2 cipher suites, OpenSSL names (e.g. `ECDHE-ECDSA-AES128-GCM-SHA256`). */
    ciphers: string[];
    hsts: { maxAgeSeconds: number; includeSubDomains: boolean; preload: boolean };
    /** Headers added to every HTTPS response (name → value). */
    headers: SecurityHeaders;
    /** `server_tokens`: false means off (no version in responses). */
    serverTokens: boolean;
    /** True when port 80 answers with a redirect to HTTPS. */
    httpRedirect: boolean;
    certificate: {
        /** Where the certificate comes from. */
        source: "letsencrypt" | "file";
        /** True when renewal is automatic (certbot timer or equivalent). */
        autoRenew: boolean;
        /** How renewal runs, e.g. `certbot.timer`. */
        renewal: string;
        /** Alert when fewer than this many days are left. */
        expiryAlertDays: number;
    };
    /** Requests per second per client IP at the edge (nginx `limit_req`); 0 = none. */
    rateLimitPerSecond: number;
    /** The nginx server configuration rendered from the above, mounted by the nginx container. */
    nginxConfig: string;
}

/** `chom:backup:BackupPlan`: what is backed up, when, where, and how it is protected. */
export interface BackupPlanProps {
    /** Host whose data is backed up (its `ServerProps.hostname`). */
    host: string;
    /** Names of docker volumes covered. */
    volumes: string[];
    /** Databases covered, as `<container>/<database>` (e.g. `mysql/chom`). */
    databases: string[];
    /** Cron expression (5 fields, UTC) of the full backup. */
    schedule: string;
    /** Cron expression of incremental backups (binlog shipping), if any. */
    incrementalSchedule?: string;
    /** Days full backups are kept. */
    retentionDays: number;
    offsite: {
        /** How the copy leaves the host. */
        kind: "rsync" | "s3" | "none";
        /**
         * Destination URL, e.g. `rsync://mentat_tst/backups/landsraad_tst` or `s3://bucket/prefix`.
         */
        destination: string;
        /** Host name or address of the destination (must not be the backed-up host). */
        host: string;
    };
    encryption: {
        method: "gpg" | "aes-256" | "none";
        /** Where the key lives: `pulumi-secret`, or a path on the host. */
        keyLocation: string;
        /** True when the key is a Pulumi secret (never a literal). */
        keyIsSecret: boolean;
    };
    /** Directory on the host where backups are staged before the off-site copy. */
    localPath: string;
    /** Days between automated restore tests. */
    restoreTestEveryDays: number;
    alerts: { onFailure: boolean; staleAfterHours: number };
    /** True when backup metrics are exported to Prometheus. */
    metricsExported: boolean;
    /** Recovery objectives in minutes. */
    rpoMinutes: number;
    rtoMinutes: number;
}

/** `chom:observability:Monitoring`: what Prometheus scrapes and alerts on, and Loki's retention. */
export interface MonitoringProps {
    /** Scrape jobs: job name and the container (service) it scrapes. */
    scrapeTargets: { job: string; service: string; target: string }[];
    /** Names of alert rules loaded into Prometheus (e.g. `InstanceDown`, `DiskSpaceLow`). */
    alertRules: string[];
    /** Loki log retention in days. */
    lokiRetentionDays: number;
    /** Services whose logs the shipper sends to Loki. */
    shippedLogs: string[];
    /** Prometheus admin API (`--web.enable-admin-api`) on. */
    prometheusAdminApi: boolean;
    /** Prometheus lifecycle API (`--web.enable-lifecycle`) on. */
    prometheusLifecycleApi: boolean;
    /** True when Prometheus's web endpoints require authentication. */
    prometheusAuth: boolean;
}

/** Docker container inputs the rules read (post provider Check: defaults applied). */
export interface ContainerProps {
    name?: string;
    image?: string;
    command?: string[];
    envs?: string[];
    labels?: { label: string; value: string }[];
    ports?: { internal: number; external?: number; ip?: string; protocol?: string }[];
    /** CPU limit in cores, as a decimal string (`"1.5"`). */
    cpus?: string;
    cpuShares?: number;
    /** Memory limit in MB. */
    memory?: number;
    /** Memory reservation (soft limit) in MB. */
    memoryReservation?: number;
    memorySwap?: number;
    restart?: string;
    healthcheck?: {
        tests: string[];
        interval?: string;
        timeout?: string;
        retries?: number;
        startPeriod?: string;
    };
    logDriver?: string;
    logOpts?: Record<string, string>;
    privileged?: boolean;
    securityOpts?: string[];
    capabilities?: { adds?: string[]; drops?: string[] };
    readOnly?: boolean;
    volumes?: {
        volumeName?: string;
        hostPath?: string;
        containerPath?: string;
        readOnly?: boolean;
    }[];
    mounts?: { source?: string; target: string; type: string; readOnly?: boolean }[];
    uploads?: { file: string; content?: string }[];
    networkMode?: string;
    networksAdvanced?: { name: string; aliases?: string[] }[];
    user?: string;
    /** Namespaces shared with the host when `"host"` (the provider has no UTS input). */
    pidMode?: string;
    ipcMode?: string;
    usernsMode?: string;
    cgroupnsMode?: string;
    /** Host devices mapped into the container (`permissions` defaults to `rwm` at Check). */
    devices?: { hostPath: string; containerPath?: string; permissions?: string }[];
}

/** Docker network inputs. */
export interface NetworkProps {
    name?: string;
    internal?: boolean;
    driver?: string;
    labels?: { label: string; value: string }[];
}

/** Docker volume inputs. */
export interface VolumeProps {
    name?: string;
    labels?: { label: string; value: string }[];
}

/** Docker remote image inputs. */
export interface RemoteImageProps {
    /** `repo:tag` or `repo:tag@sha256:…`. */
    name: string;
    keepLocally?: boolean;
}

/** Labels the program puts on every container, volume and network. */
export const LABELS = {
    service: "chom.service",
    tier: "chom.tier",
    category: "chom.certificate-category",
    stateful: "chom.stateful",
    cpuReservation: "chom.cpu-reservation",
    /** Prefix of exception labels: `chom.exception.<RULE-ID>` = `<YYYY-MM-DD> <reason>`. */
    exceptionPrefix: "chom.exception.",
} as const;

/** Reads a label value from a docker `labels` list. */
export function labelValue(
    labels: { label: string; value: string }[] | undefined,
    name: string,
): string | undefined {
    return (labels ?? []).find((l) => l.label === name)?.value;
}

/**
 * A container's name as deployed (`chom-nginx`), else its Pulumi resource name (also when the
 * name is empty), for messages of every rule family.
 */
export function containerName(subject: { name: string; props: Record<string, unknown> }): string {
    const name = (subject.props as ContainerProps).name;
    return typeof name === "string" && name !== "" ? name : subject.name;
}
