import * as assert from "assert";
import { envMap, serviceContainers, serviceFromImage, serviceOf } from "../../../../policies/rules/observability/services";
import { backupPlan, container, server } from "../../../fixtures/stack";

describe("observability services (finding the observability containers)", () => {
    it("serviceFromImage: the repository's last segment without registry, tag or digest, '_' as '-'", () => {
        assert.strictEqual(serviceFromImage("prom/node-exporter:v1.8.2"), "node-exporter");
        assert.strictEqual(serviceFromImage("registry.example.com:5000/hipages/PHP-FPM_exporter:2.2.0@sha256:abc"), "php-fpm-exporter");
        assert.strictEqual(serviceFromImage("grafana@sha256:abc"), "grafana");
    });
    it("serviceOf: the chom.service label wins; an empty label or none falls back to the image; no image gives ''", () => {
        assert.strictEqual(serviceOf(container("grafana")).service, "grafana");
        const relabelled = container("grafana", { labels: [{ label: "chom.service", value: "dashboards" }] });
        assert.strictEqual(serviceOf(relabelled).service, "dashboards");
        const emptyLabel = container("grafana", { labels: [{ label: "chom.service", value: "" }], image: "grafana/grafana-oss:11.3.1" });
        assert.strictEqual(serviceOf(emptyLabel).service, "grafana-oss");
        const noImage = container("grafana", { labels: [], image: undefined as unknown as string });
        assert.strictEqual(serviceOf(noImage).service, "");
    });
    it("serviceOf: the deployed name, else the resource name when it is empty or missing", () => {
        assert.strictEqual(serviceOf(container("grafana")).name, "chom-grafana");
        assert.strictEqual(serviceOf(container("grafana", { name: "" })).name, "grafana");
        assert.strictEqual(serviceOf(container("grafana", { name: undefined as unknown as string })).name, "grafana");
    });
    it("serviceContainers reads only containers", () => {
        assert.deepStrictEqual(serviceContainers([server(), container("loki"), backupPlan()]).map((c) => c.service), ["loki"]);
    });
    it("envMap: KEY=VALUE entries, the first '=' splitting; entries without a key or '=' and non-strings skipped", () => {
        const env = envMap(["A=1", "B==2", "=3", "C", 4, "D="]);
        assert.deepStrictEqual([...env], [["A", "1"], ["B", "=2"], ["D", ""]]);
        assert.deepStrictEqual([...envMap(undefined)], []);
    });
});
