/** Loki, Alloy and Grafana configuration files rendered from `chom:monitoring`. */
import { stringify } from "yaml";

export const LOKI_CONFIG_PATH = "/etc/loki/local-config.yaml";
export const ALLOY_CONFIG_PATH = "/etc/alloy/config.alloy";
export const GRAFANA_DATASOURCES_PATH = "/etc/grafana/provisioning/datasources/chom.yaml";
/** Docker's json-file logs on the host, mounted read-only into Alloy (no docker.sock). */
export const DOCKER_LOG_DIR = "/var/lib/docker/containers";

/**
 * Single-tenant Loki (auth_enabled false: no tenant header to agree on) with retention enforced by
 * the compactor.
 */
export function renderLokiConfig(retentionDays: number): string {
    return stringify({
        auth_enabled: false,
        server: { http_listen_port: 3100 },
        common: {
            path_prefix: "/loki",
            replication_factor: 1,
            ring: { kvstore: { store: "inmemory" } },
            storage: {
                filesystem: { chunks_directory: "/loki/chunks", rules_directory: "/loki/rules" },
            },
        },
        schema_config: {
            configs: [
                {
                    from: "2024-01-01",
                    store: "tsdb",
                    object_store: "filesystem",
                    schema: "v13",
                    index: { prefix: "index_", period: "24h" },
                },
            ],
        },
        compactor: {
            working_directory: "/loki/compactor",
            retention_enabled: true,
            delete_request_store: "filesystem",
        },
        limits_config: { retention_period: `${retentionDays * 24}h` },
    });
}

/**
 * Alloy reads docker's json log files (each entry carries the `chom.service` label, see the
 * containers' log options) and ships the listed services' logs to Loki.
 */
export function renderAlloyConfig(services: readonly string[]): string {
    const keep = services.map((s) => s.replace(/[^a-z0-9-]/g, "")).join("|");
    return [
        "// Rendered by the chom Pulumi program from chom:monitoring.shippedLogs.",
        `local.file_match "docker" { path_targets = [{"__path__" = "${DOCKER_LOG_DIR}/*/*-json.log"}] }`,
        'loki.source.file "docker" {',
        "  targets    = local.file_match.docker.targets",
        "  forward_to = [loki.process.chom.receiver]",
        "}",
        'loki.process "chom" {',
        '  stage.json { expressions = { log = "log", service = "attrs.\\"chom.service\\"" } }',
        '  stage.labels { values = { service = "service" } }',
        `  stage.match { selector = "{service!~\\"${keep}\\"}" action = "drop" }`,
        '  stage.output { source = "log" }',
        "  forward_to = [loki.write.chom.receiver]",
        "}",
        'loki.write "chom" { endpoint { url = "http://loki:3100/loki/api/v1/push" } }',
        "",
    ].join("\n");
}

export function renderGrafanaDatasources(): string {
    return stringify({
        apiVersion: 1,
        datasources: [
            {
                name: "Prometheus",
                type: "prometheus",
                access: "proxy",
                url: "http://prometheus:9090",
                isDefault: true,
            },
            { name: "Loki", type: "loki", access: "proxy", url: "http://loki:3100" },
        ],
    });
}
