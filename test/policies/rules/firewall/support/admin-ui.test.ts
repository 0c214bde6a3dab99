import * as assert from "assert";
import {
    adminUiOf,
    traefikDashboard,
} from "../../../../../policies/rules/firewall/support/admin-ui";
import { container } from "../../../../helpers/fixture-stack";

const bare = (name: string, image: string, p: Parameters<typeof container>[1] = {}) => {
    const c = container("app", { name, image, labels: [], ...p });
    return c;
};

describe("admin UI detection (CHOM-FW-007)", () => {
    it("finds Traefik's dashboard from its flags or environment, last flag winning", () => {
        assert.strictEqual(
            traefikDashboard({ command: ["--api.insecure=true", "--providers.docker"] }),
            "--api.insecure=true",
        );
        assert.strictEqual(
            traefikDashboard({ command: ["--api.dashboard", "--entrypoints.web.address=:80"] }),
            "--api.dashboard",
        );
        assert.strictEqual(traefikDashboard({ command: ["--api"] }), "--api");
        assert.strictEqual(
            traefikDashboard({ command: ["--api.insecure=true --api.insecure=false"] }),
            undefined,
        );
        assert.strictEqual(
            traefikDashboard({ command: ["--api.dashboard=false", "--providers.docker"] }),
            undefined,
        );
        assert.strictEqual(
            traefikDashboard({ envs: ["TRAEFIK_API_INSECURE=true"] }),
            "TRAEFIK_API_INSECURE=true",
        );
        assert.strictEqual(
            traefikDashboard({
                command: ["--entrypoints.websecure.address=:443"],
                envs: ["TRAEFIK_API_DASHBOARD=false"],
            }),
            undefined,
        );
    });
    it("names the admin UI from the image, whatever the container is called", () => {
        assert.deepStrictEqual(adminUiOf(bare("db-tools", "phpmyadmin:5.2.1")), {
            what: "phpMyAdmin",
        });
        assert.deepStrictEqual(adminUiOf(bare("web", "adminer:4.8.1")), { what: "Adminer" });
        assert.deepStrictEqual(adminUiOf(bare("ui", "portainer/portainer-ce:2.21.4")), {
            what: "Portainer",
        });
        assert.deepStrictEqual(adminUiOf(bare("metrics", "gcr.io/cadvisor/cadvisor:v0.49.1")), {
            what: "cAdvisor",
        });
        assert.deepStrictEqual(adminUiOf(bare("dash", "grafana/grafana-oss:11.3.1")), {
            what: "Grafana",
        });
        assert.deepStrictEqual(adminUiOf(bare("mq", "rabbitmq:3.13-management")), {
            what: "the RabbitMQ management UI",
            ports: [15672],
        });
        assert.deepStrictEqual(
            adminUiOf(bare("proxy", "traefik:v3.2", { command: ["--api.insecure=true"] })),
            { what: "the Traefik dashboard (--api.insecure=true)", ports: [8080] },
        );
        assert.strictEqual(
            adminUiOf(bare("proxy", "traefik:v3.2", { command: ["--providers.docker"] })),
            undefined,
        );
        assert.strictEqual(adminUiOf(bare("web", "node:20-alpine")), undefined);
    });
    it("does not let a label hide an admin UI", () => {
        const c = bare("tools", "phpmyadmin:5.2.1", {
            labels: [{ label: "chom.service", value: "app" }],
        });
        assert.deepStrictEqual(adminUiOf(c), { what: "phpMyAdmin" });
    });
});
