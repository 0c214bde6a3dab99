/** Expectations for test/corpus/webapp (see ../expectations.ts): a careful stack, few findings. */
import { each, missingSubjects, prodStack, WHY } from "../expectations";

const ALL = ["caddy", "api", "worker", "valkey"];

export const expected = prodStack("webapp", {
    mustFail: [
        ...missingSubjects({
            firewall:
                "80/443 are published and the stack declares no chom:host:Firewall: nothing denies the host's other ports (SSH) by default",
            tls: "Caddy publishes 443, and the stack declares no chom:edge:Tls (Caddy's own defaults are not a declaration the pack can judge)",
            backupPlan:
                "named volumes (Caddy's certificates, Valkey's AOF) hold state and the stack declares no chom:backup:BackupPlan",
        }),
        ...each(
            "CHOM-BAK-001",
            ["caddy_data", "valkey_data"],
            "named volumes not covered by any backup plan",
        ),
    ],
    mustNotFlag: [
        ...each("CHOM-FW-002", ["caddy"], WHY.frontDoor),
        ...each("CHOM-FW-004", ["caddy"], "80/443 (tcp and udp) are not sensitive ports"),
        ...each("CHOM-FW-005", ["caddy"], WHY.frontDoor),
        ...each("CHOM-FW-006", ["caddy"], WHY.frontDoor),
        ...each("CHOM-FW-007", ["caddy"], "80/443 are not admin ports"),
        ...each("CHOM-RES-001", ALL, "every container has cpus and memory"),
        ...each("CHOM-RES-002", ALL, "reservations are below the limits"),
        ...each(
            "CHOM-RES-007",
            ["valkey"],
            "Valkey sets --maxmemory 192mb, 75% of its 256 MB limit",
        ),
        ...each("CHOM-RES-008", ALL, "restart unless-stopped everywhere"),
        ...each("CHOM-RES-009", ALL, "every container declares a health check"),
        ...each("CHOM-RES-012", ALL, "no-new-privileges:true everywhere"),
        ...each("CHOM-RES-013", ALL, "json-file with max-size and max-file"),
        ...each(
            "CHOM-RES-014",
            ALL,
            "images pinned (caddy:2.8.4-alpine, myorg/api:1.4.2, valkey/valkey:8.0.1-alpine)",
        ),
        ...each(
            "CHOM-RES-015",
            ["api", "worker"],
            "VALKEY_URL carries no credential; secrets come as *_FILE paths to uploaded files",
        ),
        ...each(
            "CHOM-RES-016",
            ["valkey"],
            "Valkey loads requirepass from an uploaded file via --include",
        ),
        ...each(
            "CHOM-RES-019",
            ["caddy"],
            "only NET_BIND_SERVICE is added back after dropping ALL: not a dangerous capability",
        ),
        ...each(
            "CHOM-RES-021",
            ["caddy"],
            "/srv/webapp/Caddyfile is an application path, not a sensitive host path",
        ),
    ],
    mustPass: [
        ...each(
            "CHOM-RES-016",
            ["valkey"],
            "Valkey is Redis-family (identified by its image): its password rule must judge it, and it complies",
        ),
        ...each(
            "CHOM-RES-007",
            ["valkey"],
            "Valkey is Redis-family: its maxmemory rule must judge it, and it complies",
        ),
        ...each(
            "CHOM-RES-009",
            ["caddy", "api", "valkey"],
            "the web server, the web app and the cache are data/web services: the rule must judge them, and they comply",
        ),
    ],
});
