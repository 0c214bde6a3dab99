import * as assert from "assert";
import type { Subject } from "../../../policies/lib/rule";
import { requirementFor, statefulData } from "../../../policies/lib/subject-requirements";
import { TYPES } from "../../../policies/lib/subjects";

function container(name: string, props: Record<string, unknown>): Subject {
    return { type: TYPES.container, name, urn: `urn:${name}`, props: { name, ...props } };
}
const volume = (name: string, labels: { label: string; value: string }[] = []): Subject => ({ type: TYPES.volume, name, urn: `urn:v:${name}`, props: { name, labels } });

describe("what a stack's facts require", () => {
    it("TLS: a published 80/443 or a web server needs it; an internal API does not", () => {
        assert.deepStrictEqual(requirementFor(TYPES.tls, [container("web", { image: "myorg/web:1", ports: [{ internal: 8443, external: 443 }] })]),
            { needed: true, why: "web publishes 443: TLS termination must be declared" });
        assert.deepStrictEqual(requirementFor(TYPES.tls, [container("edge", { image: "caddy:2", ports: [{ internal: 80, external: 80 }, { internal: 443, external: 443 }, { internal: 443, external: 443, protocol: "udp" }] }), container("web2", { image: "nginx:1.27" })]),
            { needed: true, why: "edge (caddy, a web server) publishes 80, 443; web2 (nginx, a web server): TLS termination must be declared" });
        assert.deepStrictEqual(requirementFor(TYPES.tls, [container("api", { image: "myorg/api:1", ports: [{ internal: 8080, external: 8080 }] })]),
            { needed: false, why: "no container publishes port 80 or 443 and none is a web server" });
    });
    it("firewall: published ports or a declared host need it", () => {
        assert.strictEqual(requirementFor(TYPES.firewall, [container("api", { ports: [{ internal: 8080 }] })]).needed, true);
        assert.strictEqual(requirementFor(TYPES.firewall, [{ type: TYPES.server, name: "h", urn: "urn:h", props: {} }]).needed, true);
        assert.strictEqual(requirementFor(TYPES.firewall, [container("api", {})]).needed, false);
    });
    it("backup plan: database and cache images, named volumes and writable data bind mounts are data", () => {
        assert.deepStrictEqual(statefulData([
            container("db", { image: "postgres:16" }),
            container("files", { image: "myorg/app:1", volumes: [{ hostPath: "/srv/app", containerPath: "/data" }] }),
            container("ro", { image: "myorg/app:1", volumes: [{ hostPath: "/srv/conf", containerPath: "/data", readOnly: true }] }),
            volume("uploads"), volume("tmp", [{ label: "chom.stateful", value: "false" }]),
        ]), ["db runs postgres", "files bind-mounts /srv/app:/data", "volume uploads"]);
        assert.strictEqual(requirementFor(TYPES.backupPlan, [container("api", { image: "myorg/api:1" })]).needed, false);
    });
    it("server: running containers need the host's specs; monitoring: a Prometheus needs its declaration", () => {
        assert.strictEqual(requirementFor(TYPES.server, [container("api", {})]).needed, true);
        assert.strictEqual(requirementFor(TYPES.server, []).needed, false);
        assert.strictEqual(requirementFor(TYPES.monitoring, [container("metrics", { image: "prom/prometheus:v2" })]).needed, true);
        assert.strictEqual(requirementFor(TYPES.monitoring, [container("api", { image: "myorg/api:1" })]).needed, false);
    });
    it("never requires a docker resource kind: a stack without containers has nothing to say about them", () => {
        assert.deepStrictEqual(requirementFor(TYPES.container, []), { needed: false, why: `the stack has no ${TYPES.container}` });
    });
});
