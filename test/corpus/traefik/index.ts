/**
 * Corpus stack "traefik": the self-hosting pattern of the Traefik quick-start and countless
 * homelab repositories: Traefik v3 with the docker socket mounted and the insecure API/dashboard
 * published on 8080, routing by container labels to a Node app (built here, listening on 3000,
 * still published on 3000 from development), Postgres 16 with its password in env, and whoami.
 * The dashboard's basic-auth user is in a label, as the Traefik docs show it.
 * No chom:* component. Do not "fix" this program: expected.yaml is written against it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";

const config = new pulumi.Config();
const domain = config.require("domain");
const acmeEmail = config.require("acmeEmail");
// A Pulumi secret, then handed to the containers in plain env ("it's a secret, so it's safe").
const dbPassword = config.requireSecret("dbPassword");

const proxy = new docker.Network("proxy", { name: "proxy" });
const backend = new docker.Network("backend", { name: "backend" });
const pgData = new docker.Volume("pgdata", { name: "pgdata" });

const router = (name: string, host: string, port: number) => [
    { label: "traefik.enable", value: "true" },
    { label: `traefik.http.routers.${name}.rule`, value: `Host(\`${host}\`)` },
    { label: `traefik.http.routers.${name}.entrypoints`, value: "websecure" },
    { label: `traefik.http.routers.${name}.tls.certresolver`, value: "le" },
    { label: `traefik.http.services.${name}.loadbalancer.server.port`, value: String(port) },
];

export const traefik = new docker.Container("traefik", {
    name: "traefik",
    image: "traefik:v3.1",
    command: [
        "--api.insecure=true",
        "--api.dashboard=true",
        "--providers.docker=true",
        "--providers.docker.exposedbydefault=false",
        "--entrypoints.web.address=:80",
        "--entrypoints.web.http.redirections.entrypoint.to=websecure",
        "--entrypoints.websecure.address=:443",
        "--certificatesresolvers.le.acme.tlschallenge=true",
        `--certificatesresolvers.le.acme.email=${acmeEmail}`,
        "--certificatesresolvers.le.acme.storage=/letsencrypt/acme.json",
    ],
    ports: [
        { internal: 80, external: 80 },
        { internal: 443, external: 443 },
        { internal: 8080, external: 8080 },
    ],
    volumes: [
        { hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock", readOnly: true },
        { hostPath: "/srv/traefik/letsencrypt", containerPath: "/letsencrypt" },
    ],
    labels: [
        { label: "traefik.enable", value: "true" },
        { label: "traefik.http.routers.dashboard.rule", value: `Host(\`traefik.${domain}\`)` },
        { label: "traefik.http.routers.dashboard.service", value: "api@internal" },
        { label: "traefik.http.routers.dashboard.middlewares", value: "dashboard-auth" },
        {
            label: "traefik.http.middlewares.dashboard-auth.basicauth.users",
            value: "admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/",
        },
    ],
    networksAdvanced: [{ name: proxy.name }],
    restart: "unless-stopped",
});

// The app: a Node/Express service built in the stack, listening on 3000 (not Grafana).
const appImage = new docker.Image("notes-image", {
    build: { context: `${__dirname}/app`, platform: "linux/amd64" },
    imageName: "registry.example.org/notes:latest",
    skipPush: true,
});

export const db = new docker.Container("db", {
    name: "notes-db",
    image: "postgres:16",
    envs: [
        "POSTGRES_USER=notes",
        pulumi.interpolate`POSTGRES_PASSWORD=${dbPassword}`,
        "POSTGRES_DB=notes",
    ],
    volumes: [{ volumeName: pgData.name, containerPath: "/var/lib/postgresql/data" }],
    networksAdvanced: [{ name: backend.name, aliases: ["db"] }],
    restart: "always",
});

export const app = new docker.Container(
    "app",
    {
        name: "notes",
        image: appImage.imageName,
        envs: [
            "NODE_ENV=production",
            "PORT=3000",
            // the only credential here is inside the URL: no variable name looks secret
            pulumi.interpolate`DATABASE_URL=postgres://notes:${dbPassword}@db:5432/notes`,
        ],
        // left over from development ("curl localhost:3000 works")
        ports: [{ internal: 3000, external: 3000 }],
        labels: router("notes", `notes.${domain}`, 3000),
        networksAdvanced: [{ name: proxy.name }, { name: backend.name }],
        restart: "unless-stopped",
    },
    { dependsOn: [db] },
);

export const whoami = new docker.Container("whoami", {
    name: "whoami",
    image: "traefik/whoami",
    labels: router("whoami", `whoami.${domain}`, 80),
    networksAdvanced: [{ name: proxy.name }],
});
