import * as assert from "assert";
import * as services from "../../../../../policies/rules/observability/support/services";
import { backupPlan, container, server } from "../../../../helpers/fixture-stack";

describe("observability services (finding the observability containers)", () => {
    it("serviceOf: the chom.service label overrides; an empty label or none falls back to the image, then the name; nothing gives ''", () => {
        assert.strictEqual(services.serviceOf(container("grafana")).service, "grafana");
        const relabelled = container("grafana", {
            labels: [{ label: "chom.service", value: "dashboards" }],
        });
        assert.strictEqual(services.serviceOf(relabelled).service, "dashboards");
        const emptyLabel = container("grafana", {
            labels: [{ label: "chom.service", value: "" }],
            image: "grafana/grafana-oss:11.3.1",
            name: "dash",
        });
        assert.strictEqual(services.serviceOf(emptyLabel).service, "grafana");
        const byName = container("grafana", { labels: [], image: undefined as unknown as string });
        assert.strictEqual(
            services.serviceOf(byName).service,
            "grafana",
            "the name chom-grafana says Grafana",
        );
        const nothing = container("grafana", { labels: [], image: "myorg/dash:1", name: "dash" });
        assert.strictEqual(services.serviceOf(nothing).service, "");
    });
    it("serviceOf: the deployed name, else the resource name when it is empty or missing", () => {
        assert.strictEqual(services.serviceOf(container("grafana")).name, "chom-grafana");
        assert.strictEqual(services.serviceOf(container("grafana", { name: "" })).name, "grafana");
        assert.strictEqual(
            services.serviceOf(container("grafana", { name: undefined as unknown as string })).name,
            "grafana",
        );
    });
    it("serviceContainers reads only containers", () => {
        assert.deepStrictEqual(
            services
                .serviceContainers([server(), container("loki"), backupPlan()])
                .map((c) => c.service),
            ["loki"],
        );
    });
    it("envMap: KEY=VALUE entries, the first '=' splitting; entries without a key or '=' and non-strings skipped", () => {
        const env = services.envMap(["A=1", "B==2", "=3", "C", 4, "D="]);
        assert.deepStrictEqual(
            [...env],
            [
                ["A", "1"],
                ["B", "=2"],
                ["D", ""],
            ],
        );
        assert.deepStrictEqual([...services.envMap(undefined)], []);
    });
});
