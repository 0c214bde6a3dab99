import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { withKnownValuesUnwrapped } from "../../../policies/lib/preview-proxy";
import type { Subject } from "../../../policies/lib/rule";
import {
    identify,
    ImageIndex,
    imageIndexOf,
    imageRepository,
    isStateful,
    rolesOf,
    serviceOf,
    serviceOfImage,
    serviceOfName,
} from "../../../policies/lib/service-identity";
import { TYPES } from "../../../policies/lib/subjects";
import { caseTables } from "../../helpers/case-tables";
import { builtImage } from "../../helpers/fixture-stack";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ID = `sha256:${"cd".repeat(32)}`;

function container(
    name: string,
    props: Record<string, unknown>,
    dependencies?: Record<string, string[]>,
): Subject {
    return {
        type: TYPES.container,
        name,
        urn: `urn:pulumi:s::p::${TYPES.container}::${name}`,
        props: { name, ...props },
        ...(dependencies ? { dependencies } : {}),
    };
}
function remoteImage(name: string, ref: string, imageId?: string): Subject {
    return {
        type: TYPES.image,
        name,
        urn: `urn:pulumi:s::p::${TYPES.image}::${name}`,
        props: { name: ref, ...(imageId ? { imageId } : {}) },
    };
}
const label = (value: string) => [{ label: "chom.service", value }];
/** Input -> expected tables of serviceOfImage and serviceOfName (service-identity.cases.yaml). */
const TABLES = caseTables(__filename, ["editionsAndForks", "imageTable", "nameWords"]);

describe("service identity: what a container runs", () => {
    it("strips registry, tag, digest and library/ from an image reference", () => {
        assert.strictEqual(
            imageRepository("docker.io/library/redis:7.4.1-alpine@sha256:" + "ab".repeat(32)),
            "redis",
        );
        assert.strictEqual(imageRepository("registry.local:5000/team/app:1.0"), "team/app");
        assert.strictEqual(imageRepository("localhost/grafana/grafana-oss"), "grafana/grafana-oss");
        assert.strictEqual(imageRepository("ghcr.io/calounx/chom-app:1.4.2"), "calounx/chom-app");
    });
    it("knows every edition and fork by its image", () => {
        for (const [ref, service] of TABLES.editionsAndForks)
            assert.strictEqual(serviceOfImage(ref), service, ref);
    });
    it("says nothing of an image it does not know, of plain php (a CLI image) or of an image ID", () => {
        for (const ref of [
            "myorg/api:1.4.2",
            "node:20-alpine",
            "php:8.3-cli",
            "busybox:1.36",
            "notes:latest",
        ])
            assert.strictEqual(serviceOfImage(ref), undefined, ref);
        assert.strictEqual(identify(container("x", { image: ID })).service, undefined);
        assert.strictEqual(
            identify(container("x", { image: ID })).unresolved,
            true,
            "an image ID no image resource explains is unreadable, not 'no service'",
        );
        assert.strictEqual(
            identify(container("chom-redis", { image: ID })).service,
            "redis",
            "the name still decides",
        );
    });
    it("reads a name only by product words: an exporter first, generic words never", () => {
        assert.strictEqual(serviceOfName("chom-redis"), "redis");
        assert.strictEqual(serviceOfName("chom-redis-exporter"), "redis-exporter");
        assert.strictEqual(serviceOfName("my_postgresql_1"), "postgres");
        assert.strictEqual(serviceOfName("chom-app"), "app");
        for (const generic of ["db", "cache", "web", "api", "notes", "metrics"])
            assert.strictEqual(serviceOfName(generic), undefined, generic);
    });
    it("never decides by port: a Node app on 3000 is not Grafana", () => {
        const id = identify(
            container("web", {
                image: "node:20-alpine",
                ports: [{ internal: 3000, external: 3000 }],
            }),
        );
        assert.deepStrictEqual([id.service, id.from], [undefined, "none"]);
    });
    it("takes the image first, then the name, and the label as an explicit override", () => {
        assert.deepStrictEqual(pick(identify(container("cache", { image: "redis:7" }))), [
            "redis",
            "image",
        ]);
        assert.deepStrictEqual(pick(identify(container("chom-redis", { image: "myorg/kv:1" }))), [
            "redis",
            "name",
        ]);
        assert.deepStrictEqual(
            pick(
                identify(
                    container("worker", {
                        image: "ghcr.io/calounx/chom-app:1.4.2",
                        labels: label("queue"),
                    }),
                ),
            ),
            ["queue", "label"],
        );
    });
    it("reports a label that contradicts the image, and accepts the app image's queue and scheduler labels", () => {
        assert.strictEqual(
            identify(container("kv", { image: "redis:7", labels: label("tooling") })).conflict,
            "label chom.service=tooling but the image redis runs redis",
        );
        assert.strictEqual(
            identify(container("w", { image: "php:8.3-fpm", labels: label("scheduler") })).conflict,
            undefined,
        );
        assert.strictEqual(
            identify(container("e", { image: "prom/node-exporter:v1", labels: label("exporter") }))
                .conflict,
            undefined,
        );
    });
    it("resolves an image unknown at preview through the RemoteImage it depends on, and an image ID of a state export by imageId", () => {
        const remote = remoteImage("redis-image", "valkey/valkey:8", ID);
        const atPreview = container("kv", { image: UNKNOWN }, { image: [remote.urn] });
        atPreview.props = unknownCheckingProxy(atPreview.props);
        const images = new ImageIndex([atPreview, remote]);
        assert.deepStrictEqual(pick(identify(atPreview, images)), ["redis", "image"]);
        assert.deepStrictEqual(pick(identify(container("kv", { image: ID }), images)), [
            "redis",
            "image",
        ]);
    });
    it("knows an image built by the stack (docker.Image) is not pulled", () => {
        const built = builtImage("api-image", { imageName: "myorg/api:latest" });
        const images = new ImageIndex([built]);
        assert.ok(
            images.isBuilt(container("api", { image: "myorg/api:latest" }), "myorg/api:latest"),
        );
        assert.ok(!images.isBuilt(container("api", { image: "myorg/api:1.0" }), "myorg/api:1.0"));
    });
    it("is unresolved (serviceOf throws UnknownValueError) only when the image is unknown and nothing else says", () => {
        const c = container("svc-1", { image: UNKNOWN });
        c.props = unknownCheckingProxy(c.props);
        assert.strictEqual(identify(c).unresolved, true);
        assert.throws(
            () => serviceOf(c),
            (e: Error) =>
                e.constructor.name === "UnknownValueError" &&
                /the image of container svc-1 is unknown/.test(e.message),
        );
        const named = container("chom-mysql", { image: UNKNOWN });
        named.props = unknownCheckingProxy(named.props);
        assert.strictEqual(serviceOf(named), "mysql");
    });
    it("gives roles and statefulness by service", () => {
        assert.deepStrictEqual(rolesOf("mysql"), ["database"]);
        assert.deepStrictEqual(rolesOf("grafana"), ["monitoring", "admin-ui"]);
        assert.deepStrictEqual(rolesOf("tooling"), []);
        assert.deepStrictEqual(rolesOf(undefined), []);
        assert.ok(
            isStateful("redis") &&
                isStateful("postgres") &&
                !isStateful("nginx") &&
                !isStateful(undefined),
        );
    });
});

describe("service identity: boundaries", () => {
    it("image references: whitespace, a digest without a tag, a dotted name without registry, nothing but a tag or digest", () => {
        assert.strictEqual(imageRepository("  Redis:7  "), "redis");
        assert.strictEqual(imageRepository(`redis@sha256:${"ab".repeat(32)}`), "redis");
        assert.strictEqual(
            imageRepository(`localhost:5000/team/api@sha256:${"ab".repeat(32)}`),
            "team/api",
        );
        assert.strictEqual(imageRepository("my.app:1"), "my.app");
        assert.strictEqual(imageRepository("localhost"), "localhost");
        assert.strictEqual(imageRepository(":latest"), "");
        assert.strictEqual(imageRepository(`@sha256:${"ab".repeat(32)}`), "");
        assert.strictEqual(serviceOfImage(":latest"), undefined);
    });
    it("image table: whole path first, then last segment, underscores read as dashes", () => {
        for (const [ref, service] of TABLES.imageTable)
            assert.strictEqual(serviceOfImage(ref), service, ref);
    });
    it("name words: exporters by their names, a product word wins over app wherever it is, separators of any length", () => {
        for (const [name, service] of TABLES.nameWords)
            assert.strictEqual(serviceOfName(name), service, name);
    });
    it("label conflicts: an exporter label fits only an exporter image, another label never fits an exporter image", () => {
        const id = (image: string, value: string) =>
            identify(container("x", { image, labels: label(value) }));
        assert.strictEqual(
            id("prom/node-exporter:v1", "tooling").conflict,
            "label chom.service=tooling but the image prom/node-exporter runs node-exporter",
        );
        assert.strictEqual(
            id("redis:7", "exporter").conflict,
            "label chom.service=exporter but the image redis runs redis",
        );
        assert.strictEqual(id("acme/custom-exporter:1", "node-exporter").conflict, undefined);
        assert.strictEqual(id("php:8.3-fpm", "queue").conflict, undefined);
        assert.strictEqual(
            id("php:8.3-fpm", "redis").conflict,
            "label chom.service=redis but the image php runs app",
        );
        assert.deepStrictEqual(
            identify(container("kv", { image: "myorg/kv:1", labels: label("redis") })),
            {
                detected: undefined,
                repository: "myorg/kv",
                service: "redis",
                from: "label",
                unresolved: false,
            },
        );
    });
    it("the label is trimmed, and a blank label is no label", () => {
        assert.deepStrictEqual(
            pick(
                identify(container("kv", { image: "redis:7", labels: label("  cache-primary ") })),
            ),
            ["cache-primary", "label"],
        );
        assert.deepStrictEqual(
            pick(identify(container("kv", { image: "redis:7", labels: label("   ") }))),
            ["redis", "image"],
        );
    });
    it("identity results in full: no repository without an image, name only when the image says nothing", () => {
        assert.deepStrictEqual(identify(container("chom-mysql", {})), {
            detected: "mysql",
            service: "mysql",
            from: "name",
            unresolved: false,
        });
        assert.deepStrictEqual(identify(container("chom-mysql", { image: "redis:7" })), {
            detected: "redis",
            repository: "redis",
            service: "redis",
            from: "image",
            unresolved: false,
        });
        assert.deepStrictEqual(identify(container("svc", { image: "myorg/svc:1" })), {
            detected: undefined,
            repository: "myorg/svc",
            service: undefined,
            from: "none",
            unresolved: false,
        });
    });
    it("the docker name decides before the resource name; an empty, non-string or unknown docker name falls back to the resource name", () => {
        const c = (name: unknown, resource = "chom-redis"): Subject => ({
            type: TYPES.container,
            name: resource,
            urn: `urn:${resource}`,
            props: { name, image: 42 },
        });
        assert.strictEqual(identify(c("chom-mysql")).service, "mysql");
        for (const name of ["", 7, undefined])
            assert.strictEqual(identify(c(name)).service, "redis", String(name));
        const unknownName: Subject = {
            type: TYPES.container,
            name: "chom-redis",
            urn: "urn:r",
            props: unknownCheckingProxy({ name: UNKNOWN, image: "myorg/kv:1" }),
        };
        assert.strictEqual(identify(unknownName).service, "redis");
    });
    it("an unknown label reads as no label; errors other than unknown values are not swallowed", () => {
        const unknownLabel: Subject = {
            type: TYPES.container,
            name: "kv",
            urn: "urn:kv",
            props: unknownCheckingProxy({
                name: "kv",
                image: "redis:7",
                labels: [{ label: "chom.service", value: UNKNOWN }],
            }),
        };
        assert.deepStrictEqual(pick(identify(unknownLabel)), ["redis", "image"]);
        const throwing = (key: string): Subject => ({
            type: TYPES.container,
            name: "x",
            urn: "urn:x",
            props: new Proxy(
                { name: "x", image: "redis:7", labels: [] },
                {
                    get(t, k) {
                        if (k === key) throw new Error(`broken ${key}`);
                        return (t as Record<string | symbol, unknown>)[k];
                    },
                },
            ),
        });
        for (const key of ["image", "name", "labels"])
            assert.throws(() => identify(throwing(key)), { message: `broken ${key}` }, key);
    });
    it("ImageIndex: image IDs and repo digests, RemoteImage and Image only, skipping dependencies that resolve nothing", () => {
        const digest = `redis@sha256:${"ef".repeat(32)}`;
        const byDigest: Subject = {
            type: TYPES.image,
            name: "r",
            urn: "urn:r",
            props: { name: "redis:7", repoDigest: digest },
        };
        assert.deepStrictEqual(
            pick(identify(container("x", { image: digest }), new ImageIndex([byDigest]))),
            ["redis", "image"],
        );
        const built = builtImage("b", {
            imageName: "myorg/api:latest",
            repoDigest: `myorg/api@sha256:${"ef".repeat(32)}`,
        });
        assert.ok(
            new ImageIndex([built]).isBuilt(
                container("api", {}),
                `myorg/api@sha256:${"ef".repeat(32)}`,
            ),
            "a built image's repo digest resolves to it",
        );
        const vol: Subject = {
            type: TYPES.volume,
            name: "v",
            urn: "urn:v",
            props: { name: "redis", imageName: "redis" },
        };
        const unnamed: Subject = {
            type: TYPES.image,
            name: "u",
            urn: "urn:u",
            props: { name: "" },
        };
        const unknownName: Subject = {
            type: TYPES.image,
            name: "k",
            urn: "urn:k",
            props: unknownCheckingProxy({ name: UNKNOWN, imageId: ID }),
        };
        const grafana = remoteImage("g", "grafana/grafana:11");
        const images = new ImageIndex([vol, unnamed, unknownName, grafana]);
        assert.strictEqual(
            identify(container("svc", { image: ID }, { image: ["urn:v"] }), images).service,
            undefined,
        );
        assert.deepStrictEqual(
            pick(
                identify(
                    container(
                        "svc",
                        { image: ID },
                        { image: ["urn:v", "urn:u", "urn:k", grafana.urn] },
                    ),
                    images,
                ),
            ),
            ["grafana", "image"],
        );
        const other = remoteImage("o", "postgres:16", `sha256:${"01".repeat(32)}`);
        assert.deepStrictEqual(
            pick(
                identify(
                    container("svc", { image: ID }, { image: [grafana.urn] }),
                    new ImageIndex([other, grafana]),
                ),
            ),
            ["grafana", "image"],
        );
        assert.deepStrictEqual(
            pick(
                identify(
                    container("svc", { image: "myorg/svc:1" }, { image: [grafana.urn] }),
                    images,
                ),
            ),
            ["grafana", "image"],
        );
    });
    it("an image unknown at preview resolved through a RemoteImage the catalogue does not know is not unresolved", () => {
        const remote = remoteImage("api-image", "myorg/api:1");
        const c = container("svc", { image: UNKNOWN }, { image: [remote.urn] });
        c.props = unknownCheckingProxy(c.props);
        assert.deepStrictEqual(identify(c, new ImageIndex([remote])), {
            detected: undefined,
            repository: "myorg/api",
            service: undefined,
            from: "none",
            unresolved: false,
        });
        assert.strictEqual(serviceOf(c, new ImageIndex([remote])), undefined);
    });
    it("serviceOf's UnknownValueError names the image property", () => {
        const c = container("svc-1", { image: UNKNOWN });
        c.props = unknownCheckingProxy(c.props);
        assert.throws(
            () => serviceOf(c),
            (e: Error & { props?: string[] }) => {
                assert.deepStrictEqual(e.props, ["image"]);
                assert.strictEqual(
                    e.message,
                    "the image of container svc-1 is unknown and neither its name nor a chom.service label says what it runs",
                );
                return true;
            },
        );
    });
});

function pick(id: ReturnType<typeof identify>): [string | undefined, string] {
    return [id.service, id.from];
}

describe("service identity: made once per request in the pack", () => {
    /** A resource as the pack's rules get it: the request's shared properties (the view). */
    const shared = (s: Subject): Subject => ({
        ...s,
        props: withKnownValuesUnwrapped(unknownCheckingProxy(s.props)),
    });

    it("answers the same identity for a request's shared properties, and anew for plain ones", () => {
        const c = shared(container("chom-cache", { image: UNKNOWN, labels: label("redis") }));
        const first = identify(c);
        assert.strictEqual(first.service, "redis");
        assert.strictEqual(identify({ ...c }), first);
        // Plain properties (the in-process evaluation, tests) are read every time.
        const plain = container("chom-cache", { image: "redis:7" });
        assert.strictEqual(identify(plain).service, "redis");
        plain.props.image = "mysql:8";
        assert.strictEqual(identify(plain).service, "mysql");
    });

    it("shares one ImageIndex among the lists of one request's resources, not across requests", () => {
        const request = [
            remoteImage("redis-image", "redis:7", ID),
            container("cache", { image: ID }),
        ].map(shared);
        const index = imageIndexOf([...request]);
        assert.strictEqual(imageIndexOf([...request]), index);
        assert.strictEqual(identify(request[1]!, index).service, "redis");
        const next = [
            remoteImage("redis-image", "mysql:8", ID),
            container("cache", { image: ID }),
        ].map(shared);
        const other = imageIndexOf(next);
        assert.notStrictEqual(other, index);
        assert.strictEqual(identify(next[1]!, other).service, "mysql");
        assert.notStrictEqual(imageIndexOf([request[0]!, next[1]!]), index);
        assert.notStrictEqual(imageIndexOf(request.slice(0, 1)), index);
    });
});
