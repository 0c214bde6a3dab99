import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import type { ContainerProps } from "../../../../policies/lib/subjects";
import { healthChecks } from "../../../../policies/rules/resources/health-checks";
import { container } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

/** The engine's sentinel for a value unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const REQUIRED = "a health check command is required";

/**
 * A container from someone else's stack: no chom labels, no health check, identified by its image
 * and name only.
 */
function foreign(name: string, image: string, p: Partial<ContainerProps> = {}): Subject {
    const c = container("app", { name, image, labels: [], healthcheck: undefined, ...p });
    return { ...c, name };
}

describe("CHOM-RES-009 health checks", () => {
    it('ships mandatory, citing CIS Docker 1.6.0 4.6 and 5.27, and claims no certificate line ("Health checks passing" needs live checks)', () => {
        assert.strictEqual(healthChecks.enforcementLevel, "mandatory");
        assert.match(
            healthChecks.framework.reference,
            /^4\.6 Ensure that HEALTHCHECK instructions have been added to container images; 5\.27 /,
        );
        assert.strictEqual(healthChecks.certificateItem, undefined);
    });
    it("passes the compliant app, nginx, mysql and redis", () => {
        for (const s of ["app", "nginx", "mysql", "redis"])
            assert.strictEqual(judgeOne(healthChecks, container(s)).state, "PASS", s);
    });
    it("fails a required service without a health check", () => {
        const o = judgeOne(healthChecks, container("app", { healthcheck: undefined }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `container chom-app (service app) has no health check; ${REQUIRED}`,
        );
    });
    it('fails a health check disabled with ["NONE"] or left empty', () => {
        assert.strictEqual(
            judgeOne(healthChecks, container("mysql", { healthcheck: { tests: ["NONE"] } }))
                .message,
            `container chom-mysql (service mysql) has a health check disabled with ["NONE"]; ${REQUIRED}`,
        );
        assert.strictEqual(
            judgeOne(healthChecks, container("redis", { healthcheck: { tests: [] } })).message,
            `container chom-redis (service redis) has no health check; ${REQUIRED}`,
        );
    });
    it("fails a health check with no command or an unknown kind", () => {
        assert.strictEqual(
            judgeOne(
                healthChecks,
                container("nginx", { healthcheck: { tests: ["CMD-SHELL", " "] } }),
            ).message,
            `container chom-nginx (service nginx) has a health check "CMD-SHELL" with no command; ${REQUIRED}`,
        );
        assert.strictEqual(
            judgeOne(
                healthChecks,
                container("nginx", { healthcheck: { tests: ["curl", "-f", "http://localhost/"] } }),
            ).message,
            `container chom-nginx (service nginx) has a health check starting with "curl" (docker expects "CMD", "CMD-SHELL" or "NONE"); ${REQUIRED}`,
        );
    });
    it("judges by role from what runs, not by label: an unlabelled database, cache, web server or PHP-FPM app must have one", () => {
        const cases: [Subject, string][] = [
            [foreign("db", "postgres:16.4"), "postgres"],
            [foreign("database", "mariadb:11.4"), "mysql"],
            [foreign("sessions", "valkey/valkey:8.0"), "redis"],
            [foreign("proxy", "traefik:v3.1"), "traefik"],
            [foreign("web", "php:8.3-fpm-alpine"), "app"],
            [foreign("chom-mysql", "sha256:" + "cd".repeat(32)), "mysql"],
        ];
        for (const [c, service] of cases) {
            const o = judgeOne(healthChecks, c);
            assert.strictEqual(o.state, "FAIL", service);
            assert.strictEqual(
                o.message,
                `container ${c.props.name} (service ${service}) has no health check; ${REQUIRED}`,
            );
        }
    });
    it("is not applicable to other services, naming what they run", () => {
        const cases: [Subject, string][] = [
            [
                container("node-exporter"),
                "container chom-node-exporter runs node-exporter (exporter)",
            ],
            [
                container("queue", { healthcheck: undefined }),
                "container chom-queue runs queue (worker)",
            ],
            [
                container("grafana", { healthcheck: undefined }),
                "container chom-grafana runs grafana (monitoring, admin-ui)",
            ],
            [
                container("app", { labels: [{ label: "chom.service", value: "tooling" }] }),
                "container chom-app runs tooling (a service of no known role)",
            ],
        ];
        for (const [c, runs] of cases) {
            const o = judgeOne(healthChecks, c);
            assert.strictEqual(o.state, "NOT_APPLICABLE", runs);
            assert.strictEqual(o.message, `${runs}: not a database, cache, web server or app`);
        }
    });
    it("judges an image the catalogue does not know as the stack's own app (a health check is required of it)", () => {
        const cases: [Subject, string][] = [
            [
                foreign("api", "myorg/api:1.4.2"),
                "container api (an image this pack does not recognise (myorg/api), judged as the stack's own app) has no health check; a health check command is required",
            ],
        ];
        for (const [c, message] of cases) {
            const o = judgeOne(healthChecks, c);
            assert.strictEqual(o.state, "FAIL", message);
            assert.strictEqual(o.message, message);
        }
        // An image ID nothing in the stack explains (a state export) says nothing: UNKNOWN, never
        // "not applicable".
        assert.throws(
            () => judgeOne(healthChecks, foreign("tool", "sha256:" + "ef".repeat(32))),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
        const healthy = foreign("api", "myorg/api:1.4.2");
        healthy.props = {
            ...healthy.props,
            healthcheck: { tests: ["CMD", "wget", "--spider", "http://localhost:8080/health"] },
        };
        assert.strictEqual(judgeOne(healthChecks, healthy).state, "PASS");
    });
    it("is not applicable to a one-shot container, even a database image", () => {
        const c = foreign("mysql-dump", "mysql:8.0.40");
        const o = judgeOne(healthChecks, { ...c, props: { ...c.props, rm: true } });
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(
            o.message,
            "container mysql-dump is one-shot (rm: true, removed when it exits); a health check is required of long-running services only",
        );
    });
    it("throws UnknownValueError (reported as UNKNOWN) when the image is unknown at preview and neither name nor label says what runs", () => {
        const c = foreign("svc-1", "x");
        c.props = unknownCheckingProxy({ ...c.props, image: UNKNOWN });
        assert.throws(
            () => judgeOne(healthChecks, c),
            (e: Error) =>
                e.constructor.name === "UnknownValueError" &&
                /the image of container svc-1 is unknown/.test(e.message),
        );
    });
    it("still judges at preview when the label or the name says what runs", () => {
        const labelled = container("mysql", { healthcheck: undefined });
        labelled.props = unknownCheckingProxy({ ...labelled.props, image: UNKNOWN });
        assert.strictEqual(
            judgeOne(healthChecks, labelled).message,
            `container chom-mysql (service mysql) has no health check; ${REQUIRED}`,
        );
        const named = foreign("chom-redis", "x");
        named.props = unknownCheckingProxy({ ...named.props, image: UNKNOWN });
        assert.strictEqual(
            judgeOne(healthChecks, named).message,
            `container chom-redis (service redis) has no health check; ${REQUIRED}`,
        );
    });
    it("adds the services in requiredServices to the roles, and cannot take a role away", () => {
        const queue = { requiredServices: ["queue"] };
        const q = judgeOne(healthChecks, container("queue", { healthcheck: undefined }), queue);
        assert.strictEqual(q.state, "FAIL");
        assert.strictEqual(
            q.message,
            `container chom-queue (service queue) has no health check; ${REQUIRED}`,
        );
        assert.strictEqual(
            judgeOne(healthChecks, container("app", { healthcheck: undefined }), queue).state,
            "FAIL",
        );
        assert.strictEqual(
            judgeOne(healthChecks, container("alloy"), { requiredServices: ["alloy"] }).state,
            "FAIL",
        );
        const other = judgeOne(healthChecks, container("node-exporter"), queue);
        assert.strictEqual(
            other.message,
            "container chom-node-exporter runs node-exporter (exporter): not a database, cache, web server or app, nor one of requiredServices (queue)",
        );
    });
    it("keeps the former default config (app, nginx, mysql, redis) working", () => {
        const former = { requiredServices: ["app", "nginx", "mysql", "redis"] };
        assert.strictEqual(judgeOne(healthChecks, container("redis"), former).state, "PASS");
        assert.strictEqual(
            judgeOne(healthChecks, container("redis", { healthcheck: undefined }), former).state,
            "FAIL",
        );
        assert.strictEqual(
            judgeOne(healthChecks, container("grafana", { healthcheck: undefined }), former).state,
            "NOT_APPLICABLE",
        );
    });
    it("honours an exception from config by resource name", () => {
        const o = judgeOne(healthChecks, container("redis", { healthcheck: undefined }), {
            exceptions: [{ resource: "redis", reason: "image HEALTHCHECK", expires: "2099-01-01" }],
        });
        assert.strictEqual(o.state, "EXCEPTED");
    });
    it("fails CMD or CMD-SHELL with a blank command; an unlabelled container is judged by what it runs", () => {
        for (const kind of ["CMD", "CMD-SHELL"]) {
            assert.strictEqual(
                judgeOne(
                    healthChecks,
                    container("app", {
                        healthcheck: {
                            tests: [kind, " ", ""],
                            interval: "30s",
                            timeout: "5s",
                            retries: 3,
                            startPeriod: "30s",
                        },
                    }),
                ).message,
                `container chom-app (service app) has a health check "${kind}" with no command; a health check command is required`,
            );
        }
        assert.strictEqual(
            judgeOne(
                healthChecks,
                container("app", {
                    healthcheck: {
                        tests: ["", "true"],
                        interval: "30s",
                        timeout: "5s",
                        retries: 3,
                        startPeriod: "30s",
                    },
                }),
            ).message,
            'container chom-app (service app) has a health check starting with "" (docker expects "CMD", "CMD-SHELL" or "NONE"); a health check command is required',
        );
        assert.strictEqual(
            judgeOne(healthChecks, container("app", { labels: [] })).state,
            "PASS",
            "the name chom-app says app; its health check passes",
        );
    });
});
