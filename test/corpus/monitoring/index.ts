/**
 * Corpus stack "monitoring": Prometheus, Grafana OSS, cAdvisor and node-exporter, as the
 * popular compose stacks and each project's own README run them: cAdvisor privileged with the
 * host's /, /var/run, /sys and /var/lib/docker mounted, node-exporter on the host network and
 * PID namespace with /proc, /sys and / mounted, Prometheus with --web.enable-lifecycle, Grafana
 * with the admin password in plain env, every UI published without a bind address.
 * No chom:* component. Do not "fix" this program: expected.yaml is written against it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";

const config = new pulumi.Config();
const retention = config.get("retention") ?? "15d";

/** A service of the stack, container `name`, with what the compose files give every service. */
function service(name: string, args: Omit<docker.ContainerArgs, "name">): docker.Container {
    return new docker.Container(name, {
        name,
        restart: "unless-stopped",
        labels: [{ label: "org.label-schema.group", value: "monitoring" }],
        ...args,
    });
}

const network = new docker.Network("monitor-net", { name: "monitor-net" });
const prometheusData = new docker.Volume("prometheus_data", { name: "prometheus_data" });
const grafanaData = new docker.Volume("grafana_data", { name: "grafana_data" });

const grafanaImage = new docker.RemoteImage("grafana-image", {
    name: "grafana/grafana-oss:11.2.0",
});

export const prometheus = service("prometheus", {
    image: "prom/prometheus:v2.54.1",
    command: [
        "--config.file=/etc/prometheus/prometheus.yml",
        "--storage.tsdb.path=/prometheus",
        `--storage.tsdb.retention.time=${retention}`,
        "--web.console.libraries=/etc/prometheus/console_libraries",
        "--web.console.templates=/etc/prometheus/consoles",
        "--web.enable-lifecycle",
    ],
    volumes: [
        {
            hostPath: "/opt/monitoring/prometheus",
            containerPath: "/etc/prometheus",
            readOnly: true,
        },
        { volumeName: prometheusData.name, containerPath: "/prometheus" },
    ],
    ports: [{ internal: 9090, external: 9090 }],
    networksAdvanced: [{ name: network.name }],
});

export const grafana = service("grafana", {
    image: grafanaImage.imageId,
    envs: [
        "GF_SECURITY_ADMIN_USER=admin",
        "GF_SECURITY_ADMIN_PASSWORD=admin",
        "GF_USERS_ALLOW_SIGN_UP=false",
    ],
    volumes: [
        { volumeName: grafanaData.name, containerPath: "/var/lib/grafana" },
        {
            hostPath: "/opt/monitoring/grafana/provisioning",
            containerPath: "/etc/grafana/provisioning",
            readOnly: true,
        },
    ],
    ports: [{ internal: 3000, external: 3000 }],
    networksAdvanced: [{ name: network.name }],
});

// cAdvisor as its README runs it.
export const cadvisor = service("cadvisor", {
    image: "gcr.io/cadvisor/cadvisor:v0.49.1",
    privileged: true,
    devices: [{ hostPath: "/dev/kmsg", containerPath: "/dev/kmsg" }],
    volumes: [
        { hostPath: "/", containerPath: "/rootfs", readOnly: true },
        { hostPath: "/var/run", containerPath: "/var/run" },
        { hostPath: "/sys", containerPath: "/sys", readOnly: true },
        { hostPath: "/var/lib/docker", containerPath: "/var/lib/docker", readOnly: true },
        { hostPath: "/dev/disk", containerPath: "/dev/disk", readOnly: true },
    ],
    ports: [{ internal: 8080, external: 8080 }],
    networksAdvanced: [{ name: network.name }],
});

// node-exporter as its README runs it (host network and PID namespace, the host's / under /host),
// plus the port mapping people copy from their other services.
export const nodeExporter = service("node-exporter", {
    image: "prom/node-exporter:v1.8.2",
    command: [
        "--path.procfs=/host/proc",
        "--path.rootfs=/rootfs",
        "--path.sysfs=/host/sys",
        "--collector.filesystem.mount-points-exclude=^/(sys|proc|dev|host|etc)($$|/)",
    ],
    networkMode: "host",
    pidMode: "host",
    volumes: [
        { hostPath: "/proc", containerPath: "/host/proc", readOnly: true },
        { hostPath: "/sys", containerPath: "/host/sys", readOnly: true },
        { hostPath: "/", containerPath: "/rootfs", readOnly: true },
    ],
    ports: [{ internal: 9100, external: 9100 }],
});
