/**
 * Declares one CHOM Docker host: the docker provider (host from config), networks, named
 * volumes, pinned images, one container per declared service, and the chom:* components the
 * policy pack reads. Nothing here assumes a host name or address: it all comes from config,
 * so another stack file declares another host and a fleet is several stacks.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { BackupPlanProps, LABELS, MonitoringProps } from "../policies/lib/subjects";
import { BackupPlan } from "./components/backup-plan";
import { Firewall } from "./components/firewall";
import { Monitoring } from "./components/monitoring";
import { Server } from "./components/server";
import { Tls } from "./components/tls";
import type { ServiceConfig, StackConfig, StackSecrets } from "./config";
import { containerArgs, RenderedFiles } from "./containers";
import {
    renderAlloyConfig,
    renderGrafanaDatasources,
    renderLokiConfig,
} from "./render/observability";
import { renderAlertRules, renderPrometheusConfig, ScrapeJob } from "./render/prometheus";
import { NETWORKS, NetworkKey, SERVICE_NAMES, SERVICES, ServiceName } from "./services";

/** Sizes of one container as declared, for outputs and reports. */
export interface ContainerSize {
    /** CPU limit in cores. */
    cpus: number;
    /** CPU reservation in cores. */
    cpuReservation: number;
    /** Memory limit in MB. */
    memoryMb: number;
    /** Memory reservation in MB. */
    memoryReservationMb: number;
    /** Image reference as pulled (`repo:tag[@sha256:…]`). */
    image: string;
}

/** What `declareStack` created. */
export interface DeclaredStack {
    provider: docker.Provider;
    server: Server;
    firewall: Firewall;
    tls?: Tls;
    backupPlan: BackupPlan;
    monitoring?: Monitoring;
    networks: Record<NetworkKey, docker.Network>;
    volumes: Record<string, docker.Volume>;
    /** One RemoteImage per distinct image reference. */
    images: Record<string, docker.RemoteImage>;
    containers: Partial<Record<ServiceName, docker.Container>>;
    /** Declared sizes per service. */
    sizes: Partial<Record<ServiceName, ContainerSize>>;
    /** Published endpoints by name (`application`, `prometheus`, `grafana`, `loki`). */
    endpoints: Record<string, string>;
}

/** `repo:tag` or `repo:tag@sha256:…` when a digest is configured. */
export function imageReference(service: ServiceConfig): string {
    return service.digest ? `${service.image}@${service.digest}` : service.image;
}

function declaredServices(config: StackConfig): [ServiceName, ServiceConfig][] {
    return SERVICE_NAMES.filter((s) => config.services[s]).map((s) => [s, config.services[s]!]);
}

function labelsFor(extra: Record<string, string>): { label: string; value: string }[] {
    return Object.entries(extra).map(([label, value]) => ({ label, value }));
}

function backupPlanProps(config: StackConfig): BackupPlanProps {
    const b = config.backup;
    const services = declaredServices(config).map(([s]) => s);
    return {
        host: config.host.hostname,
        volumes: services.flatMap((s) => SERVICES[s].volumes.map((v) => v.volumeName)),
        databases: config.services.mysql && config.mysql ? [`mysql/${config.mysql.database}`] : [],
        schedule: b.schedule,
        ...(b.incrementalSchedule ? { incrementalSchedule: b.incrementalSchedule } : {}),
        retentionDays: b.retentionDays,
        offsite: b.offsite,
        // The key is the chom:backupEncryptionKey Pulumi secret (config validation refuses plain
        // text).
        encryption: {
            method: b.encryption.method,
            keyLocation: "pulumi-secret",
            keyIsSecret: true,
        },
        localPath: b.localPath,
        restoreTestEveryDays: b.restoreTestEveryDays,
        alerts: b.alerts,
        metricsExported: b.metricsExported,
        rpoMinutes: b.rpoMinutes,
        rtoMinutes: b.rtoMinutes,
    };
}

function scrapeJobs(config: StackConfig): (ScrapeJob & { service: ServiceName })[] {
    return declaredServices(config).flatMap(([s]) => {
        const m = SERVICES[s].metrics;
        return m ? [{ service: s, ...m }] : [];
    });
}

function monitoringProps(config: StackConfig): MonitoringProps | undefined {
    const m = config.monitoring;
    if (!m || !config.services.prometheus) return undefined;
    return {
        scrapeTargets: scrapeJobs(config).map((j) => ({
            job: j.job,
            service: j.service,
            target: j.target,
        })),
        alertRules: m.alertRules,
        lokiRetentionDays: m.lokiRetentionDays,
        shippedLogs: config.services.alloy && config.services.loki ? m.shippedLogs : [],
        prometheusAdminApi: m.prometheusAdminApi,
        prometheusLifecycleApi: m.prometheusLifecycleApi,
        // No web config with basic auth is mounted: access is limited by the firewall only.
        prometheusAuth: false,
    };
}

function renderFiles(config: StackConfig, tls: Tls | undefined): RenderedFiles {
    const m = config.monitoring;
    return {
        nginx: tls?.props.nginxConfig,
        prometheus: m ? renderPrometheusConfig(scrapeJobs(config)) : undefined,
        alertRules: m
            ? renderAlertRules(m.alertRules, {
                  certificateExpiryDays: config.tls?.certificate.expiryAlertDays ?? 14,
                  backupStaleHours: config.backup.alerts.staleAfterHours,
              })
            : undefined,
        loki: m ? renderLokiConfig(m.lokiRetentionDays) : undefined,
        alloy: m ? renderAlloyConfig(m.shippedLogs) : undefined,
        grafanaDatasources: renderGrafanaDatasources(),
    };
}

function endpointsOf(config: StackConfig): Record<string, string> {
    const endpoints: Record<string, string> = { application: config.host.appUrl };
    const named: [ServiceName, string][] = [
        ["prometheus", "prometheus"],
        ["grafana", "grafana"],
        ["loki", "loki"],
    ];
    for (const [service, name] of named) {
        const port = config.services[service]?.ports?.[0];
        if (port) endpoints[name] = `http://${port.ip ?? config.host.address}:${port.external}`;
    }
    return endpoints;
}

/** Creates every resource of the stack. Call only with a config that passed `parseStackConfig`. */
export function declareStack(config: StackConfig, secrets: StackSecrets): DeclaredStack {
    const host = config.host;
    const provider = new docker.Provider(`${host.hostname}-docker`, { host: host.dockerHost });
    const opts: pulumi.CustomResourceOptions = { provider };

    const server = new Server(host.hostname, host);
    const firewall = new Firewall(`${host.hostname}-firewall`, {
        host: host.hostname,
        ...config.firewall,
    });
    const tls =
        config.tls && config.services.nginx
            ? new Tls(`${host.hostname}-tls`, config.tls)
            : undefined;
    const plan = backupPlanProps(config);
    const backupPlan = new BackupPlan(`${host.hostname}-backup`, plan);
    const monitoringArgs = monitoringProps(config);
    const monitoring = monitoringArgs
        ? new Monitoring(`${host.hostname}-monitoring`, monitoringArgs)
        : undefined;

    const networks = {} as Record<NetworkKey, docker.Network>;
    for (const key of Object.keys(NETWORKS) as NetworkKey[]) {
        const name = NETWORKS[key];
        const internal = key === "internal" || key === "monitoring";
        networks[key] = new docker.Network(
            name,
            {
                name,
                driver: "bridge",
                internal,
                labels: labelsFor({ "chom.network": key, [LABELS.stateful]: "false" }),
            },
            opts,
        );
    }

    const services = declaredServices(config);
    const volumes: Record<string, docker.Volume> = {};
    for (const [service] of services) {
        for (const v of SERVICES[service].volumes) {
            volumes[v.volumeName] = new docker.Volume(
                v.volumeName,
                {
                    name: v.volumeName,
                    labels: labelsFor({ [LABELS.service]: service, [LABELS.stateful]: "true" }),
                    // Data outlives the stack: removing the resource from the program never deletes
                    // the volume.
                },
                { ...opts, retainOnDelete: true },
            );
        }
    }

    const images: Record<string, docker.RemoteImage> = {};
    for (const [service, sizes] of services) {
        const ref = imageReference(sizes);
        // One RemoteImage per distinct reference (app, queue and scheduler share one), named after
        // its first user.
        images[ref] ??= new docker.RemoteImage(
            `${service}-image`,
            { name: ref, keepLocally: true },
            opts,
        );
    }

    const files = renderFiles(config, tls);
    const networkNames = Object.fromEntries(
        Object.entries(networks).map(([k, n]) => [k, n.name]),
    ) as Record<NetworkKey, pulumi.Output<string>>;
    const volumeNames = Object.fromEntries(Object.entries(volumes).map(([k, v]) => [k, v.name]));
    const containers: Partial<Record<ServiceName, docker.Container>> = {};
    const sizes: Partial<Record<ServiceName, ContainerSize>> = {};
    for (const [service, s] of services) {
        const ref = imageReference(s);
        const args = containerArgs(service, s, {
            config,
            secrets,
            networks: networkNames,
            volumes: volumeNames,
            imageId: images[ref].imageId,
            files,
            backupPlan: plan,
        });
        containers[service] = new docker.Container(service, args, opts);
        sizes[service] = {
            cpus: s.cpu,
            cpuReservation: s.cpuReservation,
            memoryMb: s.memoryMb,
            memoryReservationMb: s.memoryReservationMb,
            image: ref,
        };
    }
    return {
        provider,
        server,
        firewall,
        tls,
        backupPlan,
        monitoring,
        networks,
        volumes,
        images,
        containers,
        sizes,
        endpoints: endpointsOf(config),
    };
}
