/** Expectations for test/corpus/laravel (see ../expectations.ts). */
import { dockerDefaults, each, missingSubjects, prodStack, WHY } from "../expectations";

const ALL = ["app", "queue", "nginx", "mysql", "redis", "phpmyadmin"];

export const expected = prodStack("laravel", {
    mustFail: [
        ...missingSubjects(),
        ...each("CHOM-FW-004", ["mysql"], "MySQL's 3306 is published on 0.0.0.0 (no ip)"),
        ...each(
            "CHOM-FW-005",
            ["mysql", "phpmyadmin"],
            "3306 and 8080 are published with no bind address (provider default 0.0.0.0)",
        ),
        ...each(
            "CHOM-FW-006",
            ["mysql", "phpmyadmin"],
            "3306 and 8080 are published and no firewall rule covers them (there is no firewall)",
        ),
        ...each(
            "CHOM-FW-007",
            ["phpmyadmin"],
            "phpMyAdmin is an admin UI (identified by its image) published to the world on 8080",
        ),
        ...each("CHOM-BAK-001", ["dbdata"], "the MySQL data volume is covered by no backup plan"),
        ...dockerDefaults(ALL),
        ...each(
            "CHOM-RES-007",
            ["redis"],
            "redis:7-alpine (identified by its image, through the RemoteImage it comes from) runs with no maxmemory",
        ),
        ...each(
            "CHOM-RES-008",
            ["queue", "redis", "phpmyadmin"],
            'long-running service with no restart policy (provider default "no")',
        ),
        ...each(
            "CHOM-RES-009",
            ["nginx", "app", "mysql", "redis"],
            "web, app, database and cache containers with no health check (mandatory for data and web services)",
        ),
        ...each(
            "CHOM-RES-014",
            ["phpmyadmin"],
            'image "phpmyadmin" has no tag: docker pulls latest',
        ),
        ...each(
            "CHOM-RES-015",
            ["app", "queue"],
            "DB_PASSWORD=secret and APP_KEY=base64:... in plain env",
        ),
        ...each("CHOM-RES-015", ["mysql"], "MYSQL_ROOT_PASSWORD and MYSQL_PASSWORD in plain env"),
        ...each(
            "CHOM-RES-016",
            ["redis"],
            "Redis (identified by its image) runs without any password",
        ),
    ],
    mustNotFlag: [
        ...each("CHOM-FW-002", ["nginx"], WHY.frontDoor),
        ...each(
            "CHOM-FW-004",
            ["nginx"],
            "80/443 are not database, cache, exporter or monitoring ports",
        ),
        ...each("CHOM-FW-005", ["nginx"], WHY.frontDoor),
        ...each("CHOM-FW-006", ["nginx"], WHY.frontDoor),
        ...each("CHOM-FW-007", ["nginx"], "80/443 of nginx are not an admin UI"),
        ...each(
            "CHOM-RES-014",
            ["app", "queue"],
            'the image is built in the stack (docker.Image from the Dockerfile): nothing pulls "latest"',
        ),
        ...each(
            "CHOM-RES-021",
            ["nginx", "app"],
            "bind mounts under /srv/laravel are application paths, not sensitive host paths",
        ),
        ...each(
            "CHOM-RES-008",
            ["nginx", "mysql", "app"],
            "restart unless-stopped / always is set",
        ),
    ],
});
