/** Expectations for test/corpus/traefik (see ../expectations.ts). */
import { dockerDefaults, each, missingSubjects, prodStack } from "../expectations";

const ALL = ["traefik", "app", "db", "whoami"];

export const expected = prodStack("traefik", {
    mustFail: [
        ...missingSubjects({
            tls: "Traefik publishes 443 and terminates TLS, and the stack declares no chom:edge:Tls",
            backupPlan:
                "the Postgres volume pgdata holds state and the stack declares no chom:backup:BackupPlan",
        }),
        ...each(
            "CHOM-FW-005",
            ["traefik"],
            "8080 (the dashboard) is published with no bind address",
        ),
        ...each(
            "CHOM-FW-005",
            ["app"],
            "3000 is published with no bind address, bypassing Traefik",
        ),
        ...each(
            "CHOM-FW-006",
            ["traefik", "app"],
            "8080 and 3000 are published and no firewall covers them",
        ),
        ...each(
            "CHOM-FW-007",
            ["traefik"],
            "the Traefik dashboard (--api.insecure=true, 8080) is an admin UI published to the world",
        ),
        ...each(
            "CHOM-BAK-001",
            ["pgdata"],
            "the Postgres data volume is covered by no backup plan",
        ),
        ...dockerDefaults(ALL),
        ...each("CHOM-RES-008", ["whoami"], "long-running service with no restart policy"),
        ...each(
            "CHOM-RES-009",
            ["traefik", "app", "db"],
            "the edge, the web app and the database declare no health check",
        ),
        ...each(
            "CHOM-RES-011",
            ["traefik"],
            "mounts /var/run/docker.sock (read-only is still root on the host)",
        ),
        ...each(
            "CHOM-RES-014",
            ["whoami"],
            'image "traefik/whoami" has no tag: docker pulls latest',
        ),
        ...each(
            "CHOM-RES-015",
            ["db"],
            "POSTGRES_PASSWORD in plain env: a Pulumi secret is still plain text in the container's environment (docker inspect); issue 8 item 4: preview and --state must both say so",
        ),
        ...each(
            "CHOM-RES-015",
            ["app"],
            "DATABASE_URL=postgres://notes:<password>@db/...: a credential inside a URL (the password is a Pulumi secret, still plain env in the container)",
        ),
        ...each(
            "CHOM-RES-023",
            ["traefik"],
            "the basic-auth user and password hash (traefik.http.middlewares.*.basicauth.users) sit in a label",
        ),
    ],
    mustNotFlag: [
        ...each("CHOM-FW-002", ["traefik"], "80/443 are the front door's web ports"),
        ...each(
            "CHOM-FW-004",
            ["traefik"],
            "80, 443 and 8080 are not database, cache, exporter or monitoring ports",
        ),
        ...each(
            "CHOM-FW-004",
            ["app"],
            "a Node app (built in the stack) on port 3000 is not Grafana: a port number alone never decides what a service is",
        ),
        ...each("CHOM-FW-007", ["app"], "a Node app on port 3000 is not an admin UI (not Grafana)"),
        ...each("CHOM-OBS-004", ["app"], "a Node app on port 3000 is not Grafana"),
        ...each(
            "CHOM-RES-014",
            ["app"],
            "the image is built in the stack (docker.Image): its :latest is the image just built, nothing pulls it",
        ),
        ...each(
            "CHOM-RES-023",
            ["app", "whoami"],
            "routing labels (Host rules, entrypoints, certresolver, ports) hold no credential",
        ),
        ...each(
            "CHOM-RES-021",
            ["traefik"],
            "/srv/traefik/letsencrypt is an application path (the docker socket is RES-011's finding)",
        ),
    ],
});
