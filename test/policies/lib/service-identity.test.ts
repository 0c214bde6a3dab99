import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../policies/lib/rule";
import { identify, ImageIndex, imageRepository, isStateful, rolesOf, serviceOf, serviceOfImage, serviceOfName } from "../../../policies/lib/service-identity";
import { TYPES } from "../../../policies/lib/subjects";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ID = `sha256:${"cd".repeat(32)}`;

function container(name: string, props: Record<string, unknown>, dependencies?: Record<string, string[]>): Subject {
    return { type: TYPES.container, name, urn: `urn:pulumi:s::p::${TYPES.container}::${name}`, props: { name, ...props }, ...(dependencies ? { dependencies } : {}) };
}
function remoteImage(name: string, ref: string, imageId?: string): Subject {
    return { type: TYPES.image, name, urn: `urn:pulumi:s::p::${TYPES.image}::${name}`, props: { name: ref, ...(imageId ? { imageId } : {}) } };
}
const label = (value: string) => [{ label: "chom.service", value }];

describe("service identity: what a container runs", () => {
    it("strips registry, tag, digest and library/ from an image reference", () => {
        assert.strictEqual(imageRepository("docker.io/library/redis:7.4.1-alpine@sha256:" + "ab".repeat(32)), "redis");
        assert.strictEqual(imageRepository("registry.local:5000/team/app:1.0"), "team/app");
        assert.strictEqual(imageRepository("localhost/grafana/grafana-oss"), "grafana/grafana-oss");
        assert.strictEqual(imageRepository("ghcr.io/calounx/chom-app:1.4.2"), "calounx/chom-app");
    });
    it("knows every edition and fork by its image", () => {
        const cases: [string, string][] = [
            ["redis:7-alpine", "redis"], ["valkey/valkey:8.0.1", "redis"], ["eqalpha/keydb:latest", "redis"], ["bitnami/redis:7.2", "redis"],
            ["mysql:8.0", "mysql"], ["mariadb:11", "mysql"], ["percona/percona-server:8.0", "mysql"], ["postgres:16", "postgres"],
            ["grafana/grafana:11.3.1", "grafana"], ["grafana/grafana-oss:10.4.2", "grafana"], ["grafana/grafana-enterprise:11.0.0", "grafana"],
            ["prom/prometheus:v2.55.1", "prometheus"], ["grafana/loki:3.3.0", "loki"], ["grafana/alloy:v1.5.0", "alloy"],
            ["nginx:1.27.3-alpine", "nginx"], ["traefik:v3.1", "traefik"], ["caddy:2.8.4-alpine", "caddy"], ["httpd:2.4", "apache"],
            ["php:8.3-fpm-alpine", "app"], ["phpmyadmin:5.2.1", "phpmyadmin"], ["phpmyadmin/phpmyadmin", "phpmyadmin"], ["adminer:4.8.1", "adminer"],
            ["rabbitmq:3-management", "rabbitmq"], ["gcr.io/cadvisor/cadvisor:v0.49.1", "cadvisor"], ["portainer/portainer-ce:2.21.4", "portainer"],
            ["prom/node-exporter:v1.8.2", "node-exporter"], ["hipages/php-fpm_exporter:2.2.0", "php-fpm-exporter"], ["oliver006/redis_exporter:v1.66.0", "redis-exporter"],
            ["nginx/nginx-prometheus-exporter:1.3.0", "nginx-exporter"], ["prom/mysqld-exporter:v0.16.0", "mysqld-exporter"], ["acme/custom-exporter:1", "exporter"],
        ];
        for (const [ref, service] of cases) assert.strictEqual(serviceOfImage(ref), service, ref);
    });
    it("says nothing of an image it does not know, of plain php (a CLI image) or of an image ID", () => {
        for (const ref of ["myorg/api:1.4.2", "node:20-alpine", "php:8.3-cli", "busybox:1.36", "notes:latest"]) assert.strictEqual(serviceOfImage(ref), undefined, ref);
        assert.strictEqual(identify(container("x", { image: ID })).service, undefined);
    });
    it("reads a name only by product words: an exporter first, generic words never", () => {
        assert.strictEqual(serviceOfName("chom-redis"), "redis");
        assert.strictEqual(serviceOfName("chom-redis-exporter"), "redis-exporter");
        assert.strictEqual(serviceOfName("my_postgresql_1"), "postgres");
        assert.strictEqual(serviceOfName("chom-app"), "app");
        for (const generic of ["db", "cache", "web", "api", "notes", "metrics"]) assert.strictEqual(serviceOfName(generic), undefined, generic);
    });
    it("never decides by port: a Node app on 3000 is not Grafana", () => {
        const id = identify(container("web", { image: "node:20-alpine", ports: [{ internal: 3000, external: 3000 }] }));
        assert.deepStrictEqual([id.service, id.from], [undefined, "none"]);
    });
    it("takes the image first, then the name, and the label as an explicit override", () => {
        assert.deepStrictEqual(pick(identify(container("cache", { image: "redis:7" }))), ["redis", "image"]);
        assert.deepStrictEqual(pick(identify(container("chom-redis", { image: "myorg/kv:1" }))), ["redis", "name"]);
        assert.deepStrictEqual(pick(identify(container("worker", { image: "ghcr.io/calounx/chom-app:1.4.2", labels: label("queue") }))), ["queue", "label"]);
    });
    it("reports a label that contradicts the image, and accepts the app image's queue and scheduler labels", () => {
        assert.strictEqual(identify(container("kv", { image: "redis:7", labels: label("tooling") })).conflict, "label chom.service=tooling but the image redis runs redis");
        assert.strictEqual(identify(container("w", { image: "php:8.3-fpm", labels: label("scheduler") })).conflict, undefined);
        assert.strictEqual(identify(container("e", { image: "prom/node-exporter:v1", labels: label("exporter") })).conflict, undefined);
    });
    it("resolves an image unknown at preview through the RemoteImage it depends on, and an image ID of a state export by imageId", () => {
        const remote = remoteImage("redis-image", "valkey/valkey:8", ID);
        const atPreview = container("kv", { image: UNKNOWN }, { image: [remote.urn] });
        atPreview.props = unknownCheckingProxy(atPreview.props);
        const images = new ImageIndex([atPreview, remote]);
        assert.deepStrictEqual(pick(identify(atPreview, images)), ["redis", "image"]);
        assert.deepStrictEqual(pick(identify(container("kv", { image: ID }), images)), ["redis", "image"]);
    });
    it("knows an image built by the stack (docker.Image) is not pulled", () => {
        const built: Subject = { type: TYPES.builtImage, name: "api-image", urn: "urn:i", props: { imageName: "myorg/api:latest" } };
        const images = new ImageIndex([built]);
        assert.ok(images.isBuilt(container("api", { image: "myorg/api:latest" }), "myorg/api:latest"));
        assert.ok(!images.isBuilt(container("api", { image: "myorg/api:1.0" }), "myorg/api:1.0"));
    });
    it("is unresolved (serviceOf throws UnknownValueError) only when the image is unknown and nothing else says", () => {
        const c = container("svc-1", { image: UNKNOWN });
        c.props = unknownCheckingProxy(c.props);
        assert.strictEqual(identify(c).unresolved, true);
        assert.throws(() => serviceOf(c), (e: Error) => e.constructor.name === "UnknownValueError" && /the image of container svc-1 is unknown/.test(e.message));
        const named = container("chom-mysql", { image: UNKNOWN });
        named.props = unknownCheckingProxy(named.props);
        assert.strictEqual(serviceOf(named), "mysql");
    });
    it("gives roles and statefulness by service", () => {
        assert.deepStrictEqual(rolesOf("mysql"), ["database"]);
        assert.deepStrictEqual(rolesOf("grafana"), ["monitoring", "admin-ui"]);
        assert.deepStrictEqual(rolesOf("tooling"), []);
        assert.deepStrictEqual(rolesOf(undefined), []);
        assert.ok(isStateful("redis") && isStateful("postgres") && !isStateful("nginx") && !isStateful(undefined));
    });
});

function pick(id: ReturnType<typeof identify>): [string | undefined, string] {
    return [id.service, id.from];
}
