import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import type { ContainerProps } from "../../../../policies/lib/subjects";
import { healthChecks } from "../../../../policies/rules/resources/health-checks";
import { container } from "../../../helpers/fixture-stack";
import { itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

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
    itResourceCases(healthChecks, __filename);
    it('ships mandatory, citing CIS Docker 1.6.0 4.6 and 5.27, and claims no certificate line ("Health checks passing" needs live checks)', () => {
        assert.strictEqual(healthChecks.enforcementLevel, "mandatory");
        assert.match(
            healthChecks.framework.reference,
            /^4\.6 Ensure that HEALTHCHECK instructions have been added to container images; 5\.27 /,
        );
        assert.strictEqual(healthChecks.certificateItem, undefined);
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
        assertThrowsUnknown(
            (c) => judgeOne(healthChecks, c),
            foreign("svc-1", "x"),
            { image: UNKNOWN_SENTINEL },
            /the image of container svc-1 is unknown/,
        );
    });
    it("still judges at preview when the label or the name says what runs", () => {
        const labelled = container("mysql", { healthcheck: undefined });
        labelled.props = unknownCheckingProxy({ ...labelled.props, image: UNKNOWN_SENTINEL });
        assert.strictEqual(
            judgeOne(healthChecks, labelled).message,
            `container chom-mysql (service mysql) has no health check; ${REQUIRED}`,
        );
        const named = foreign("chom-redis", "x");
        named.props = unknownCheckingProxy({ ...named.props, image: UNKNOWN_SENTINEL });
        assert.strictEqual(
            judgeOne(healthChecks, named).message,
            `container chom-redis (service redis) has no health check; ${REQUIRED}`,
        );
    });
});
