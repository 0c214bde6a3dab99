/**
 * What a container is. Every rule that cares which service a container runs asks here, so the
 * answer is the same everywhere: from its image reference (registry, tag and digest stripped),
 * else from its name; the `chom.service` label is an explicit override, and a label that
 * contradicts the image is reported (CHOM-RES-024). A port number never decides identity.
 *
 * During a preview a container's `image` is usually the RemoteImage's `imageId`, unknown until
 * pulled; in a state export it is that image ID (`sha256:...`). Stack rules pass an
 * `ImageIndex` that resolves both through the RemoteImage or Image resource the value comes
 * from; resource rules see one resource and fall back to the name.
 */
import {
    isSharedRequestProps,
    isUnknownProperty,
    unknownValueError,
    UnknownValueError,
    withoutStackTrace,
} from "./preview-proxy";
import type { Subject } from "./rule";
import { ContainerProps, labelValue, LABELS, TYPES } from "./subjects";

/**
 * Canonical service names. Where CHOM has a name for the service it is that name (`mysql` for
 * MySQL, MariaDB and Percona; `redis` for Redis, Valkey and KeyDB; `app` for a PHP-FPM app).
 */
export const SERVICES = [
    "app",
    "queue",
    "scheduler",
    "backup",
    "mysql",
    "postgres",
    "mongodb",
    "redis",
    "memcached",
    "rabbitmq",
    "elasticsearch",
    "nginx",
    "traefik",
    "caddy",
    "apache",
    "haproxy",
    "prometheus",
    "grafana",
    "loki",
    "alloy",
    "promtail",
    "alertmanager",
    "phpmyadmin",
    "adminer",
    "portainer",
    "cadvisor",
    "node-exporter",
    "mysqld-exporter",
    "redis-exporter",
    "nginx-exporter",
    "php-fpm-exporter",
    "postgres-exporter",
    "blackbox-exporter",
    "exporter",
] as const;
export type Service = (typeof SERVICES)[number];

/** What a service is for; rules ask by role ("a database", "a web server") rather than by name. */
export type Role =
    | "database"
    | "cache"
    | "queue-broker"
    | "web-server"
    | "app"
    | "worker"
    | "monitoring"
    | "exporter"
    | "log-shipper"
    | "admin-ui"
    | "backup";

/** Every role once (a Record, so a role added to the type must be added here too). */
const ROLE_LIST: Record<Role, true> = {
    database: true,
    cache: true,
    "queue-broker": true,
    "web-server": true,
    app: true,
    worker: true,
    monitoring: true,
    exporter: true,
    "log-shipper": true,
    "admin-ui": true,
    backup: true,
};
export const ALL_ROLES = Object.keys(ROLE_LIST) as readonly Role[];

const ROLES: Record<Service, readonly Role[]> = {
    app: ["app"],
    queue: ["worker"],
    scheduler: ["worker"],
    backup: ["backup"],
    mysql: ["database"],
    postgres: ["database"],
    mongodb: ["database"],
    elasticsearch: ["database"],
    redis: ["cache"],
    memcached: ["cache"],
    rabbitmq: ["queue-broker"],
    nginx: ["web-server"],
    traefik: ["web-server"],
    caddy: ["web-server"],
    apache: ["web-server"],
    haproxy: ["web-server"],
    // Their web UIs and APIs answer queries (and Prometheus's admin API writes) without a login by
    // default.
    prometheus: ["monitoring", "admin-ui"],
    grafana: ["monitoring", "admin-ui"],
    loki: ["monitoring", "admin-ui"],
    alertmanager: ["monitoring", "admin-ui"],
    alloy: ["log-shipper"],
    promtail: ["log-shipper"],
    phpmyadmin: ["admin-ui"],
    adminer: ["admin-ui"],
    portainer: ["admin-ui"],
    cadvisor: ["monitoring", "admin-ui"],
    "node-exporter": ["exporter"],
    "mysqld-exporter": ["exporter"],
    "redis-exporter": ["exporter"],
    "nginx-exporter": ["exporter"],
    "php-fpm-exporter": ["exporter"],
    "postgres-exporter": ["exporter"],
    "blackbox-exporter": ["exporter"],
    exporter: ["exporter"],
};

/** Services that keep data a backup plan must cover. */
const STATEFUL: ReadonlySet<Service> = new Set<Service>([
    "mysql",
    "postgres",
    "mongodb",
    "elasticsearch",
    "redis",
    "rabbitmq",
]);

/**
 * Bare product names, each both an image repository (its last segment) and a word of a container
 * name that names the product.
 */
const PRODUCT_NAMES: Record<string, Service> = {
    redis: "redis",
    valkey: "redis",
    keydb: "redis",
    mysql: "mysql",
    mariadb: "mysql",
    percona: "mysql",
    postgres: "postgres",
    postgresql: "postgres",
    mongo: "mongodb",
    mongodb: "mongodb",
    memcached: "memcached",
    rabbitmq: "rabbitmq",
    elasticsearch: "elasticsearch",
    opensearch: "elasticsearch",
    nginx: "nginx",
    traefik: "traefik",
    caddy: "caddy",
    apache: "apache",
    httpd: "apache",
    haproxy: "haproxy",
    prometheus: "prometheus",
    grafana: "grafana",
    loki: "loki",
    alloy: "alloy",
    promtail: "promtail",
    alertmanager: "alertmanager",
    phpmyadmin: "phpmyadmin",
    adminer: "adminer",
    portainer: "portainer",
    cadvisor: "cadvisor",
};

/**
 * Image repositories (registry stripped, `library/` dropped, lower case) → service. Matched on
 * the whole repository path, then on its last segment, so `bitnami/redis` and `redis` agree.
 */
const IMAGES: Record<string, Service> = {
    ...PRODUCT_NAMES,
    "redis/redis-stack": "redis",
    "redis/redis-stack-server": "redis",
    "valkey/valkey": "redis",
    "eqalpha/keydb": "redis",
    "bitnami/valkey": "redis",
    "mysql/mysql-server": "mysql",
    "percona-server": "mysql",
    "percona/percona-server": "mysql",
    "postgis/postgis": "postgres",
    "timescale/timescaledb": "postgres",
    "mongodb-community-server": "mongodb",
    "nginx-unprivileged": "nginx",
    openresty: "nginx",
    "grafana-oss": "grafana",
    "grafana-enterprise": "grafana",
    "portainer-ce": "portainer",
    "portainer-ee": "portainer",
    "node-exporter": "node-exporter",
    "mysqld-exporter": "mysqld-exporter",
    "redis-exporter": "redis-exporter",
    "nginx-prometheus-exporter": "nginx-exporter",
    "php-fpm-exporter": "php-fpm-exporter",
    "postgres-exporter": "postgres-exporter",
    "blackbox-exporter": "blackbox-exporter",
    "php-fpm": "app",
};

/**
 * Words of a container name that name a product (generic words such as "db" or "cache" never do).
 */
const NAME_WORDS: Record<string, Service> = {
    ...PRODUCT_NAMES,
    app: "app",
    queue: "queue",
    scheduler: "scheduler",
    backup: "backup",
};

/**
 * Label values that belong together: the app image also runs the queue workers and the scheduler.
 */
const COMPATIBLE: Partial<Record<Service, readonly Service[]>> = {
    app: ["app", "queue", "scheduler"],
    exporter: SERVICES.filter((s) => s.endsWith("exporter")),
};

/**
 * True when a label may stand for what the image runs (itself, a sibling role, or an exporter's
 * generic name).
 */
function labelFits(image: Service, label: string): boolean {
    if (label === image || (COMPATIBLE[image] ?? []).includes(label as Service)) return true;
    return label === "exporter" && image.endsWith("exporter");
}

/** Who a container is, and how that was decided. */
export interface ServiceIdentity {
    /**
     * The service: the `chom.service` label when set, else what the image or name says, else
     * undefined.
     */
    readonly service: string | undefined;
    /** What the image (or, without a usable image, the name) says it runs. */
    readonly detected: Service | undefined;
    /** Where `service` came from. */
    readonly from: "label" | "image" | "name" | "none";
    /** The image repository as resolved (registry, tag and digest stripped), when known. */
    readonly repository?: string;
    /** Set when the label names another service than the image runs. */
    readonly conflict?: string;
    /** True when the image could not be read (unknown during preview) and nothing else decided. */
    readonly unresolved: boolean;
}

/** `[registry[:port]/]path[:tag][@digest]` → path, lower case, without `library/`. */
export function imageRepository(ref: string): string {
    let named = ref.trim().toLowerCase();
    const at = named.indexOf("@");
    if (at >= 0) named = named.slice(0, at);
    const colon = named.indexOf(":", named.lastIndexOf("/") + 1);
    if (colon >= 0) named = named.slice(0, colon);
    const parts = named.split("/");
    // The first segment is a registry when it looks like a host (a dot, a port or localhost).
    if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === "localhost")) parts.shift();
    if (parts[0] === "library") parts.shift();
    return parts.join("/");
}

/** The tag of an image reference, if any. */
function imageTag(ref: string): string | undefined {
    const named = ref.split("@")[0];
    const colon = named.indexOf(":", named.lastIndexOf("/") + 1);
    return colon < 0 ? undefined : named.slice(colon + 1).toLowerCase();
}

/** The service an image reference runs, or undefined for an image this catalogue does not know. */
export function serviceOfImage(ref: string): Service | undefined {
    const repo = imageRepository(ref);
    if (repo === "") return undefined;
    const last = repo.split("/").pop() as string;
    const normalised = (s: string) => s.replace(/_/g, "-");
    const known = IMAGES[normalised(repo)] ?? IMAGES[normalised(last)];
    // `php:8.3-fpm` is a PHP-FPM app server; plain `php` is a CLI image and says nothing.
    if (known === undefined && last === "php" && (imageTag(ref) ?? "").includes("fpm"))
        return "app";
    if (known === undefined && /(^|[-_])exporter$/.test(last)) return "exporter";
    return known;
}

/**
 * The service a container name points to: an exporter first (`redis-exporter` is not Redis), then a
 * product word.
 */
export function serviceOfName(name: string): Service | undefined {
    const lower = name.toLowerCase().replace(/_/g, "-");
    for (const s of SERVICES) if (s.endsWith("-exporter") && lower.includes(s)) return s;
    if (/(^|-)exporter($|-)/.test(lower) || lower.endsWith("exporter")) return "exporter";
    const words = lower.split(/[^a-z0-9]+/).filter((w) => w !== "");
    for (const w of words) if (NAME_WORDS[w] !== undefined && w !== "app") return NAME_WORDS[w];
    return words.includes("app") ? "app" : undefined;
}

/**
 * Resolves image references the container cannot state itself: the image a container's `image`
 * property depends on (a RemoteImage's `name`, an Image's `imageName`), and image IDs seen in a
 * state export (`sha256:...` → the RemoteImage whose `imageId` it is).
 */
export class ImageIndex {
    private readonly byUrn = new Map<string, string>();
    private readonly byImageId = new Map<string, string>();
    /** Image names built in the stack (docker.Image), for rules that judge pulls. */
    readonly built = new Set<string>();

    constructor(resources: Subject[]) {
        for (const r of resources) {
            if (r.type !== TYPES.image && r.type !== TYPES.builtImage) continue;
            const ref = readString(r.props, r.type === TYPES.image ? "name" : "imageName");
            if (ref === undefined) continue;
            this.byUrn.set(r.urn, ref);
            if (r.type === TYPES.builtImage) this.built.add(ref);
            for (const key of ["imageId", "repoDigest"]) {
                const id = readString(r.props, key);
                if (id !== undefined) this.byImageId.set(id, ref);
            }
        }
    }

    /** The reference a container's image comes from, if the stack says. */
    referenceOf(container: Subject, image: string | undefined): string | undefined {
        if (image !== undefined && this.byImageId.has(image)) return this.byImageId.get(image);
        for (const urn of container.dependencies?.image ?? []) {
            const ref = this.byUrn.get(urn);
            if (ref !== undefined) return ref;
        }
        return undefined;
    }

    /** True when the container's image is built in this stack (a docker.Image), not pulled. */
    isBuilt(container: Subject, image: string | undefined): boolean {
        const ref = this.referenceOf(container, image) ?? image;
        return ref !== undefined && this.built.has(ref);
    }
}

/**
 * A top-level property, or undefined when it is unknown during preview: told from its sentinel, so
 * the read never reaches the proxy's throw (the proxy throws for exactly those sentinels).
 */
function readTopLevel(props: object, key: string): unknown {
    return isUnknownProperty(props, key) ? undefined : (props as Record<string, unknown>)[key];
}

/** A string property, or undefined when absent, not a string, or unknown during preview. */
function readString(props: Record<string, unknown>, key: string): string | undefined {
    const v = readTopLevel(props, key);
    return typeof v === "string" && v !== "" ? v : undefined;
}

const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;

const indexes = new WeakMap<Subject[], ImageIndex>();
/** By a request's first resource's properties: the lists of that request's stack policies. */
const requestIndexes = new WeakMap<object, { props: unknown[]; index: ImageIndex }>();

/**
 * The ImageIndex of a resource list, built once per list: the in-process evaluation hands every
 * rule the same list. In the pack each stack policy gets its own list of the request's shared
 * properties; an index of the same properties in the same order serves them all, and with it the
 * identities `identify` keeps per index.
 */
export function imageIndexOf(resources: Subject[]): ImageIndex {
    let index = indexes.get(resources);
    if (index === undefined) {
        index = sameRequestIndex(resources) ?? new ImageIndex(resources);
        indexes.set(resources, index);
    }
    return index;
}

function sameRequestIndex(resources: Subject[]): ImageIndex | undefined {
    const first = resources[0]?.props;
    if (first === undefined || !resources.every((r) => isSharedRequestProps(r.props)))
        return undefined;
    const known = requestIndexes.get(first);
    if (
        known !== undefined &&
        known.props.length === resources.length &&
        resources.every((r, i) => r.props === known.props[i])
    )
        return known.index;
    const index = new ImageIndex(resources);
    requestIndexes.set(first, { props: resources.map((r) => r.props), index });
    return index;
}

/** Identities already made from a request's shared properties, per ImageIndex (or none). */
const identities = new WeakMap<object, WeakMap<object, ServiceIdentity>>();
/** The key of identities made without an ImageIndex (a resource rule's view of one resource). */
const NO_INDEX = {};

/**
 * Who `container` is. Never throws for an unknown image: `unresolved` says so instead. Most rules
 * ask of every container, so in the pack the answer for a request's properties is made once.
 */
export function identify(container: Subject, images?: ImageIndex): ServiceIdentity {
    if (!isSharedRequestProps(container.props)) return identified(container, images);
    const index = images ?? NO_INDEX;
    let known = identities.get(index);
    if (known === undefined) identities.set(index, (known = new WeakMap()));
    let id = known.get(container.props);
    if (id === undefined) known.set(container.props, (id = identified(container, images)));
    return id;
}

function identified(container: Subject, images: ImageIndex | undefined): ServiceIdentity {
    const props = container.props as ContainerProps;
    let imageUnknown = isUnknownProperty(props, "image");
    const read = imageUnknown ? undefined : props.image;
    const image = typeof read === "string" ? read : undefined;
    const ref =
        images?.referenceOf(container, image) ??
        (image !== undefined && !IMAGE_ID.test(image) ? image : undefined);
    // An image ID (a deployed container in a state export) says nothing of what runs: when no
    // image resource of the stack explains it, it is as unreadable as an unknown, not "no service".
    if (image !== undefined && IMAGE_ID.test(image) && ref === undefined) imageUnknown = true;
    const fromImage = ref === undefined ? undefined : serviceOfImage(ref);
    const name = readString(props as Record<string, unknown>, "name") ?? container.name;
    const fromName = fromImage === undefined ? serviceOfName(name) : undefined;
    const detected = fromImage ?? fromName;
    const label = readLabel(props);
    const repository = ref === undefined ? undefined : imageRepository(ref);
    const base = { detected, ...(repository !== undefined ? { repository } : {}) };
    if (label !== undefined) {
        const conflict =
            fromImage !== undefined && !labelFits(fromImage, label)
                ? `label ${LABELS.service}=${label} but the image ${repository} runs ${fromImage}`
                : undefined;
        return {
            ...base,
            service: label,
            from: "label",
            unresolved: false,
            ...(conflict ? { conflict } : {}),
        };
    }
    if (fromImage !== undefined)
        return { ...base, service: fromImage, from: "image", unresolved: false };
    if (fromName !== undefined)
        return { ...base, service: fromName, from: "name", unresolved: false };
    return {
        ...base,
        service: undefined,
        from: "none",
        unresolved: imageUnknown && ref === undefined,
    };
}

function readLabel(props: ContainerProps): string | undefined {
    try {
        const v = labelValue(
            withoutStackTrace(() => props.labels),
            LABELS.service,
        );
        return v === undefined || v.trim() === "" ? undefined : v.trim();
    } catch (e) {
        if (e instanceof UnknownValueError) return undefined;
        throw e;
    }
}

/**
 * The container's service, for a rule that must know it. An identity nothing could decide
 * because the image is unknown during preview throws UnknownValueError, so the rule's result is
 * UNKNOWN rather than "not this service".
 */
export function serviceOf(container: Subject, images?: ImageIndex): string | undefined {
    const id = identify(container, images);
    if (id.unresolved)
        throw unknownValueError(
            ["image"],
            `the image of container ${container.name} is unknown and neither its name nor a ${LABELS.service} label says what it runs`,
        );
    return id.service;
}

/** Roles of a service name (a label outside the catalogue has none). */
export function rolesOf(service: string | undefined): readonly Role[] {
    return service !== undefined && (SERVICES as readonly string[]).includes(service)
        ? ROLES[service as Service]
        : [];
}

/** True when the service keeps data that must be backed up. */
export function isStateful(service: string | undefined): boolean {
    return service !== undefined && STATEFUL.has(service as Service);
}
