/**
 * Corpus stack "webapp": a small web app written with care, the kind a good team ships: Caddy 2
 * as the front door on 80/443 (and 443/udp for HTTP/3), a pinned Node/Express API image and a
 * worker from the same image, Valkey with a password from a file and maxmemory, restart
 * unless-stopped, health checks, limits, log rotation, no-new-privileges, only
 * NET_BIND_SERVICE added back for Caddy. Secrets come from Pulumi secrets as uploaded files.
 * What it lacks is what only the chom:* declarations give (firewall, TLS policy, backup plan,
 * server specs, monitoring). No chom:* component. Do not "fix" this program: expected.yaml is
 * written against it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";

const config = new pulumi.Config();
const domain = config.require("domain");
const databaseUrl = config.requireSecret("databaseUrl");
const valkeyPassword = config.requireSecret("valkeyPassword");

const web = new docker.Network("web", { name: "webapp-web" });
const internal = new docker.Network("internal", { name: "webapp-internal", internal: true });

const caddyData = new docker.Volume("caddy_data", { name: "webapp_caddy_data" });
const valkeyData = new docker.Volume("valkey_data", { name: "webapp_valkey_data" });

const caddyImage = new docker.RemoteImage("caddy-image", { name: "caddy:2.8.4-alpine" });
const apiImage = new docker.RemoteImage("api-image", { name: "myorg/api:1.4.2" });
const valkeyImage = new docker.RemoteImage("valkey-image", { name: "valkey/valkey:8.0.1-alpine" });

const common = {
    restart: "unless-stopped",
    logDriver: "json-file",
    logOpts: { "max-size": "10m", "max-file": "3" },
    securityOpts: ["no-new-privileges:true"],
};

/** A docker health check: run `tests` every `interval`, unhealthy after `retries` misses. */
const healthcheck = (tests: string[], interval: string, timeout: string, retries = 3) => ({
    tests,
    interval,
    timeout,
    retries,
});

export const valkey = new docker.Container("valkey", {
    ...common,
    name: "webapp-valkey",
    image: valkeyImage.name,
    command: [
        "valkey-server",
        "--include",
        "/usr/local/etc/valkey/auth.conf",
        "--maxmemory",
        "192mb",
        "--maxmemory-policy",
        "allkeys-lru",
        "--appendonly",
        "yes",
    ],
    uploads: [
        {
            file: "/usr/local/etc/valkey/auth.conf",
            content: pulumi.interpolate`requirepass ${valkeyPassword}\n`,
        },
    ],
    volumes: [{ volumeName: valkeyData.name, containerPath: "/data" }],
    healthcheck: healthcheck(
        [
            "CMD-SHELL",
            "valkey-cli --no-auth-warning -a \"$(sed -n 's/^requirepass //p' /usr/local/etc/valkey/auth.conf)\" ping | grep -q PONG",
        ],
        "10s",
        "3s",
        5,
    ),
    memory: 256,
    memoryReservation: 128,
    cpus: "0.5",
    networksAdvanced: [{ name: internal.name, aliases: ["valkey"] }],
});

const apiEnv = [
    "NODE_ENV=production",
    "PORT=8080",
    "VALKEY_URL=redis://valkey:6379/0",
    "VALKEY_PASSWORD_FILE=/run/secrets/valkey_password",
    "DATABASE_URL_FILE=/run/secrets/database_url",
    "LOG_LEVEL=info",
];
const apiUploads = [
    { file: "/run/secrets/valkey_password", content: valkeyPassword },
    { file: "/run/secrets/database_url", content: databaseUrl },
];

// The API and its worker: one image, one environment, the same hardening.
const apiCommon = {
    ...common,
    image: apiImage.name,
    envs: apiEnv,
    uploads: apiUploads,
    user: "node",
    readOnly: true,
    capabilities: { drops: ["ALL"] },
};

export const api = new docker.Container(
    "api",
    {
        ...apiCommon,
        name: "webapp-api",
        tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
        healthcheck: {
            ...healthcheck(["CMD", "node", "dist/healthcheck.js"], "15s", "3s"),
            startPeriod: "20s",
        },
        memory: 512,
        memoryReservation: 256,
        cpus: "1",
        networksAdvanced: [{ name: web.name, aliases: ["api"] }, { name: internal.name }],
    },
    { dependsOn: [valkey] },
);

export const worker = new docker.Container(
    "worker",
    {
        ...apiCommon,
        name: "webapp-worker",
        command: ["node", "dist/worker.js"],
        healthcheck: healthcheck(["CMD", "node", "dist/healthcheck-worker.js"], "30s", "5s"),
        memory: 384,
        memoryReservation: 192,
        cpus: "0.5",
        networksAdvanced: [{ name: internal.name }],
    },
    { dependsOn: [valkey] },
);

export const caddy = new docker.Container(
    "caddy",
    {
        ...common,
        name: "webapp-caddy",
        image: caddyImage.name,
        ports: [
            { internal: 80, external: 80 },
            { internal: 443, external: 443 },
            { internal: 443, external: 443, protocol: "udp" },
        ],
        envs: [`SITE_ADDRESS=${domain}`, "API_UPSTREAM=api:8080"],
        volumes: [
            {
                hostPath: "/srv/webapp/Caddyfile",
                containerPath: "/etc/caddy/Caddyfile",
                readOnly: true,
            },
            { volumeName: caddyData.name, containerPath: "/data" },
        ],
        capabilities: { drops: ["ALL"], adds: ["NET_BIND_SERVICE"] },
        healthcheck: healthcheck(
            ["CMD", "wget", "-q", "--spider", "http://127.0.0.1:2019/config/"],
            "15s",
            "3s",
        ),
        memory: 256,
        memoryReservation: 64,
        cpus: "0.5",
        networksAdvanced: [{ name: web.name }],
    },
    { dependsOn: [api] },
);
