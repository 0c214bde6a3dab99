/** Expectations for test/corpus/monitoring (see ../expectations.ts). */
import { dockerDefaults, each, missingSubjects, prodStack } from "../expectations";

const ALL = ["prometheus", "grafana", "cadvisor", "node-exporter"];

export const expected = prodStack("monitoring", {
    mustFail: [
        ...missingSubjects({
            tls: null,
            backupPlan:
                "named volumes (prometheus_data, grafana_data) hold state and the stack declares no chom:backup:BackupPlan",
            observability:
                "Prometheus and Grafana run, but no Loki, no log shipper and no chom:observability:Monitoring",
        }),
        ...each(
            "CHOM-FW-004",
            ["prometheus", "grafana", "node-exporter"],
            "9090, 3000 and 9100 (monitoring and exporter ports of Prometheus, Grafana, node-exporter) are published on 0.0.0.0",
        ),
        ...each(
            "CHOM-FW-005",
            ALL,
            "every published port has no bind address (provider default 0.0.0.0)",
        ),
        ...each("CHOM-FW-006", ALL, "published ports with no firewall at all"),
        ...each(
            "CHOM-FW-007",
            ["grafana", "prometheus", "cadvisor"],
            "Grafana, Prometheus and cAdvisor web UIs (identified by image) are published to the world",
        ),
        ...each(
            "CHOM-BAK-001",
            ["prometheus_data", "grafana_data"],
            "named volumes not covered by any backup plan",
        ),
        ...dockerDefaults(ALL),
        ...each("CHOM-RES-010", ["cadvisor"], "privileged: true"),
        ...each(
            "CHOM-RES-011",
            ["cadvisor"],
            "mounts / and /var/run, which contain the docker socket",
        ),
        ...each(
            "CHOM-RES-011",
            ["node-exporter"],
            "mounts the host's /, which contains /var/run/docker.sock",
        ),
        ...each("CHOM-RES-015", ["grafana"], "GF_SECURITY_ADMIN_PASSWORD=admin in plain env"),
        ...each(
            "CHOM-RES-018",
            ["node-exporter"],
            "networkMode host and pidMode host (CIS 5.9, 5.16)",
        ),
        ...each("CHOM-RES-020", ["cadvisor"], "host device /dev/kmsg passed in (CIS 5.18)"),
        ...each(
            "CHOM-RES-021",
            ["cadvisor"],
            "mounts the host's /, /sys, /var/lib/docker and /dev/disk (CIS 5.6)",
        ),
        ...each("CHOM-RES-021", ["node-exporter"], "mounts the host's /proc, /sys and / (CIS 5.6)"),
        ...each(
            "CHOM-OBS-004",
            ["grafana"],
            "grafana/grafana-oss (referenced through the RemoteImage's imageId) IS Grafana, with the default admin password in plain env",
        ),
        ...each("CHOM-OBS-005", ["prometheus"], "--web.enable-lifecycle without authentication"),
    ],
    mustNotFlag: [
        ...each(
            "CHOM-RES-021",
            ["prometheus", "grafana"],
            "bind mounts of /opt/monitoring/... config directories are not sensitive host paths",
        ),
        ...each("CHOM-RES-014", ALL, "every image is pinned to a version tag"),
        ...each("CHOM-RES-008", ALL, "restart unless-stopped is set"),
        ...each("CHOM-RES-010", ["node-exporter", "prometheus", "grafana"], "not privileged"),
    ],
});
