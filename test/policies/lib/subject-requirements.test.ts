import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../policies/lib/rule";
import {
    dataBindMounts,
    requirementFor,
    statefulData,
} from "../../../policies/lib/subject-requirements";
import { TYPES } from "../../../policies/lib/subjects";

function container(name: string, props: Record<string, unknown>): Subject {
    return { type: TYPES.container, name, urn: `urn:${name}`, props: { name, ...props } };
}
/** For each [container, needed, why]: exactly what `type` requires of a stack of that container. */
function requires(type: string, cases: [Subject, boolean, string][]): void {
    for (const [c, needed, why] of cases)
        assert.deepStrictEqual(requirementFor(type, [c]), { needed, why });
}
const volume = (name: string, labels: { label: string; value: string }[] = []): Subject => ({
    type: TYPES.volume,
    name,
    urn: `urn:v:${name}`,
    props: { name, labels },
});

describe("what a stack's facts require", () => {
    it("TLS: a published 80/443 or a web server needs it; an internal API does not", () => {
        assert.deepStrictEqual(
            requirementFor(TYPES.tls, [
                container("web", {
                    image: "myorg/web:1",
                    ports: [{ internal: 8443, external: 443 }],
                }),
            ]),
            { needed: true, why: "web publishes 443: TLS termination must be declared" },
        );
        assert.deepStrictEqual(
            requirementFor(TYPES.tls, [
                container("edge", {
                    image: "caddy:2",
                    ports: [
                        { internal: 80, external: 80 },
                        { internal: 443, external: 443 },
                        { internal: 443, external: 443, protocol: "udp" },
                    ],
                }),
                container("web2", { image: "nginx:1.27" }),
            ]),
            {
                needed: true,
                why: "edge (caddy, a web server) publishes 80, 443; web2 (nginx, a web server): TLS termination must be declared",
            },
        );
        assert.deepStrictEqual(
            requirementFor(TYPES.tls, [
                container("api", {
                    image: "myorg/api:1",
                    ports: [{ internal: 8080, external: 8080 }],
                }),
            ]),
            {
                needed: false,
                why: "no container publishes port 80 or 443 and none is a web server",
            },
        );
    });
    it("firewall: published ports or a declared host need it", () => {
        assert.strictEqual(
            requirementFor(TYPES.firewall, [container("api", { ports: [{ internal: 8080 }] })])
                .needed,
            true,
        );
        assert.strictEqual(
            requirementFor(TYPES.firewall, [
                { type: TYPES.server, name: "h", urn: "urn:h", props: {} },
            ]).needed,
            true,
        );
        assert.strictEqual(requirementFor(TYPES.firewall, [container("api", {})]).needed, false);
    });
    it("backup plan: database and cache images, named volumes and writable data bind mounts are data", () => {
        assert.deepStrictEqual(
            statefulData([
                container("db", { image: "postgres:16" }),
                container("files", {
                    image: "myorg/app:1",
                    volumes: [{ hostPath: "/srv/app", containerPath: "/data" }],
                }),
                container("ro", {
                    image: "myorg/app:1",
                    volumes: [{ hostPath: "/srv/conf", containerPath: "/data", readOnly: true }],
                }),
                volume("uploads"),
                volume("tmp", [{ label: "chom.stateful", value: "false" }]),
            ]),
            ["db runs postgres", "files bind-mounts /srv/app:/data", "volume uploads"],
        );
        assert.strictEqual(
            requirementFor(TYPES.backupPlan, [container("api", { image: "myorg/api:1" })]).needed,
            false,
        );
    });
    it("server: running containers need the host's specs; monitoring: a Prometheus needs its declaration", () => {
        assert.strictEqual(requirementFor(TYPES.server, [container("api", {})]).needed, true);
        assert.strictEqual(requirementFor(TYPES.server, []).needed, false);
        assert.strictEqual(
            requirementFor(TYPES.monitoring, [
                container("metrics", { image: "prom/prometheus:v2" }),
            ]).needed,
            true,
        );
        assert.strictEqual(
            requirementFor(TYPES.monitoring, [container("api", { image: "myorg/api:1" })]).needed,
            false,
        );
    });
    it("never requires a docker resource kind: a stack without containers has nothing to say about them", () => {
        assert.deepStrictEqual(requirementFor(TYPES.container, []), {
            needed: false,
            why: `the stack has no ${TYPES.container}`,
        });
    });

    describe("details", () => {
        const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const label = (value: string) => [{ label: "chom.service", value }];
        it("lists three subjects in full and counts the rest", () => {
            const names = (n: number) =>
                Array.from({ length: n }, (_, i) => container(`c${i + 1}`, {}));
            assert.deepStrictEqual(requirementFor(TYPES.server, names(3)), {
                needed: true,
                why: "3 container(s) run (c1, c2, c3), so the host they run on must be declared with its specs",
            });
            assert.deepStrictEqual(requirementFor(TYPES.server, names(5)), {
                needed: true,
                why: "5 container(s) run (c1, c2, c3 and 2 more), so the host they run on must be declared with its specs",
            });
            assert.deepStrictEqual(requirementFor(TYPES.server, []), {
                needed: false,
                why: "the stack runs no container",
            });
        });
        it("names a container by its docker name, else (empty, not a string, unknown) by its resource name", () => {
            const named = (name: unknown): Subject => ({
                type: TYPES.container,
                name: "res",
                urn: "urn:res",
                props: { name },
            });
            assert.strictEqual(
                requirementFor(TYPES.server, [named("chom-web")]).why,
                "1 container(s) run (chom-web), so the host they run on must be declared with its specs",
            );
            for (const name of ["", 42])
                assert.strictEqual(
                    requirementFor(TYPES.server, [named(name)]).why,
                    "1 container(s) run (res), so the host they run on must be declared with its specs",
                    String(name),
                );
            const unknown: Subject = {
                type: TYPES.container,
                name: "res",
                urn: "urn:res",
                props: unknownCheckingProxy({ name: UNKNOWN }),
            };
            assert.strictEqual(
                requirementFor(TYPES.server, [unknown]).why,
                "1 container(s) run (res), so the host they run on must be declared with its specs",
            );
        });
        it("firewall: exact reasons; a port that is not a number (or unknown) publishes nothing", () => {
            assert.deepStrictEqual(
                requirementFor(TYPES.firewall, [
                    container("api", {
                        ports: [{ internal: 8080, external: 18080 }, { internal: 9000 }],
                    }),
                ]),
                {
                    needed: true,
                    why: "api publishes 18080, 9000 on the host: a firewall must be declared",
                },
            );
            assert.deepStrictEqual(
                requirementFor(TYPES.firewall, [
                    { type: TYPES.server, name: "landsraad", urn: "urn:h", props: {} },
                    container("api", {}),
                ]),
                {
                    needed: true,
                    why: "the stack declares the host landsraad, whose packet filter must be declared",
                },
            );
            const none = { needed: false, why: "no port is published and no host is declared" };
            assert.deepStrictEqual(
                requirementFor(TYPES.firewall, [
                    container("api", { ports: [{ internal: "8080" }, { external: "443" }, {}] }),
                ]),
                none,
            );
            assert.deepStrictEqual(
                requirementFor(TYPES.firewall, [container("api", { ports: "8080:8080" })]),
                none,
            );
            const unknownPorts = container("api", {});
            unknownPorts.props = unknownCheckingProxy({ name: "api", ports: UNKNOWN });
            assert.deepStrictEqual(requirementFor(TYPES.firewall, [unknownPorts]), none);
            const unknownExternal = container("api", {
                ports: [{ internal: 8080, external: UNKNOWN }],
            });
            unknownExternal.props = unknownCheckingProxy(unknownExternal.props);
            assert.strictEqual(
                requirementFor(TYPES.firewall, [unknownExternal]).why,
                "api publishes 8080 on the host: a firewall must be declared",
            );
        });
        it("an error other than an unknown value is not swallowed", () => {
            const broken: Subject = {
                type: TYPES.container,
                name: "x",
                urn: "urn:x",
                props: {
                    get ports(): unknown {
                        throw new Error("broken props");
                    },
                },
            };
            assert.throws(() => requirementFor(TYPES.firewall, [broken]), {
                message: "broken props",
            });
        });
        it("TLS: exact reasons; a web server by label counts, and each fact is listed", () => {
            requires(TYPES.tls, [
                [
                    container("edge", { image: "caddy:2" }),
                    true,
                    "edge (caddy, a web server): TLS termination must be declared",
                ],
                [
                    container("front", { image: "myorg/front:1", labels: label("nginx") }),
                    true,
                    "front (nginx, a web server): TLS termination must be declared",
                ],
                [
                    container("edge", {
                        image: "nginx:1",
                        ports: [
                            { internal: 80, external: 80 },
                            { internal: 443, external: 443 },
                        ],
                    }),
                    true,
                    "edge (nginx, a web server) publishes 80, 443: TLS termination must be declared",
                ],
            ]);
        });
        it("backup plan: exact reasons", () => {
            assert.deepStrictEqual(
                requirementFor(TYPES.backupPlan, [
                    container("db", { image: "mysql:8" }),
                    volume("uploads"),
                ]),
                {
                    needed: true,
                    why: "the stack keeps data (db runs mysql, volume uploads), so a backup plan must cover it",
                },
            );
            assert.deepStrictEqual(
                requirementFor(TYPES.backupPlan, [container("api", { image: "myorg/api:1" })]),
                {
                    needed: false,
                    why: "the stack keeps no stateful data (no database or cache, no volume, no data bind mount)",
                },
            );
        });
        it("stateful by what the image runs or by the label, naming the detected service first", () => {
            assert.deepStrictEqual(
                statefulData([
                    container("kv", { image: "myorg/kv:1", labels: label("redis") }),
                    container("cache", { image: "redis:7", labels: label("tooling") }),
                    container("web", { image: "nginx:1", labels: label("web") }),
                ]),
                ["kv runs redis", "cache runs redis"],
            );
        });
        it("a volume is named by its docker name, else its resource name; an unknown stateful label does not exempt it", () => {
            const v = (props: Record<string, unknown>): Subject => ({
                type: TYPES.volume,
                name: "res-vol",
                urn: "urn:rv",
                props,
            });
            assert.deepStrictEqual(
                statefulData([
                    v({ name: "chom-uploads" }),
                    v({}),
                    v(
                        unknownCheckingProxy({
                            name: UNKNOWN,
                            labels: [{ label: "chom.stateful", value: UNKNOWN }],
                        }),
                    ),
                ]),
                ["volume chom-uploads", "volume res-vol", "volume res-vol"],
            );
        });
        it("data bind mounts: writable host paths onto data paths, by volumes and by mounts", () => {
            const c = container("files", {
                volumes: [
                    { hostPath: "/srv/db", containerPath: "/var/lib/mysql" },
                    { hostPath: "/srv/up", containerPath: "/var/www/html/storage/app" },
                    { hostPath: "", containerPath: "/data" },
                    { hostPath: "/srv/x", containerPath: "/database" },
                    { hostPath: "/srv/y" },
                    { volumeName: "named", containerPath: "/data" },
                ],
                mounts: [
                    { type: "bind", source: "/srv/pg", target: "/var/lib/postgresql/data" },
                    { type: "bind", target: "/loki" },
                    { type: "bind", source: "/srv/ro", target: "/prometheus", readOnly: true },
                    { type: "volume", source: "grafana", target: "/var/lib/grafana" },
                    { type: "bind", source: "/srv/conf", target: "/etc/nginx" },
                ],
            });
            assert.deepStrictEqual(dataBindMounts(c), [
                { source: "/srv/db", target: "/var/lib/mysql" },
                { source: "/srv/up", target: "/var/www/html/storage/app" },
                { source: "/srv/pg", target: "/var/lib/postgresql/data" },
                { source: "?", target: "/loki" },
            ]);
            assert.deepStrictEqual(
                statefulData([
                    container("m", {
                        mounts: [
                            { type: "bind", source: "/srv/pg", target: "/var/lib/postgresql" },
                        ],
                    }),
                ]),
                ["m bind-mounts /srv/pg:/var/lib/postgresql"],
            );
        });
        it("monitoring: a Prometheus by image (whatever its label) or by label; exact reasons", () => {
            requires(TYPES.monitoring, [
                [
                    container("metrics", { image: "prom/prometheus:v2", labels: label("metrics") }),
                    true,
                    "metrics runs Prometheus, so what it scrapes and alerts on must be declared",
                ],
                [
                    container("tsdb", { image: "myorg/tsdb:1", labels: label("prometheus") }),
                    true,
                    "tsdb runs Prometheus, so what it scrapes and alerts on must be declared",
                ],
                [
                    container("api", { image: "myorg/api:1" }),
                    false,
                    "the stack runs no Prometheus (the observability stack itself is judged by CHOM-OBS-001)",
                ],
            ]);
        });
    });
});
