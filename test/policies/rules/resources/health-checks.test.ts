import * as assert from "assert";
import { healthChecks } from "../../../../policies/rules/resources/health-checks";
import { container } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-009 health checks", () => {
    it("passes the compliant app, nginx, mysql and redis", () => {
        for (const s of ["app", "nginx", "mysql", "redis"]) assert.strictEqual(judgeOne(healthChecks, container(s)).state, "PASS", s);
    });
    it("is not applicable to other services", () => {
        const o = judgeOne(healthChecks, container("node-exporter"));
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(o.message, "service node-exporter is not one of the required services (app, nginx, mysql, redis)");
    });
    it("fails a required service without a health check", () => {
        const o = judgeOne(healthChecks, container("app", { healthcheck: undefined }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "container chom-app (service app) has no health check; a health check command is required");
    });
    it('fails a health check disabled with ["NONE"] or left empty', () => {
        assert.strictEqual(
            judgeOne(healthChecks, container("mysql", { healthcheck: { tests: ["NONE"] } })).message,
            'container chom-mysql (service mysql) has a health check disabled with ["NONE"]; a health check command is required',
        );
        assert.strictEqual(
            judgeOne(healthChecks, container("redis", { healthcheck: { tests: [] } })).message,
            "container chom-redis (service redis) has no health check; a health check command is required",
        );
    });
    it("fails a health check with no command or an unknown kind", () => {
        assert.strictEqual(
            judgeOne(healthChecks, container("nginx", { healthcheck: { tests: ["CMD-SHELL", " "] } })).message,
            'container chom-nginx (service nginx) has a health check "CMD-SHELL" with no command; a health check command is required',
        );
        assert.strictEqual(
            judgeOne(healthChecks, container("nginx", { healthcheck: { tests: ["curl", "-f", "http://localhost/"] } })).message,
            'container chom-nginx (service nginx) has a health check starting with "curl" (docker expects "CMD", "CMD-SHELL" or "NONE"); a health check command is required',
        );
    });
    it("takes requiredServices from config", () => {
        assert.strictEqual(judgeOne(healthChecks, container("app", { healthcheck: undefined }), { requiredServices: ["queue"] }).state, "NOT_APPLICABLE");
        assert.strictEqual(judgeOne(healthChecks, container("alloy"), { requiredServices: ["alloy"] }).state, "FAIL");
    });
    it("fails CMD or CMD-SHELL with a blank command; an unlabelled container is not judged", () => {
        for (const kind of ["CMD", "CMD-SHELL"]) {
            assert.strictEqual(
                judgeOne(healthChecks, container("app", { healthcheck: { tests: [kind, " ", ""], interval: "30s", timeout: "5s", retries: 3, startPeriod: "30s" } })).message,
                `container chom-app (service app) has a health check "${kind}" with no command; a health check command is required`,
            );
        }
        assert.strictEqual(
            judgeOne(healthChecks, container("app", { healthcheck: { tests: ["", "true"], interval: "30s", timeout: "5s", retries: 3, startPeriod: "30s" } })).message,
            'container chom-app (service app) has a health check starting with "" (docker expects "CMD", "CMD-SHELL" or "NONE"); a health check command is required',
        );
        assert.strictEqual(judgeOne(healthChecks, container("app", { labels: [] })).message, "service (unlabelled) is not one of the required services (app, nginx, mysql, redis)");
    });
});
