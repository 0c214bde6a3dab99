/**
 * Noncompliant variants of a `pulumi stack export` of landsraad_tst, shared by the tests that
 * certify them (no-silent-pass) and the one that holds certify to the real CLI on them (fidelity).
 */
import * as fs from "fs";
import { REDIS_COMMAND_WITHOUT_AUTH } from "./fixture-stack";
import { ruleIds } from "./rule-ids";

export interface ExportedResource {
    urn: string;
    type: string;
    parent?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
}
export interface Export {
    deployment: { resources: ExportedResource[] };
}
/** An export as `--export-state` writes it: every resource has its inputs and outputs. */
export interface WrittenExport {
    deployment: {
        resources: (ExportedResource & Required<Pick<ExportedResource, "inputs" | "outputs">>)[];
    };
}

/** The export `--export-state` wrote to `file`. */
export function readExport(file: string): WrittenExport {
    return JSON.parse(fs.readFileSync(file, "utf8")) as WrittenExport;
}

const IDENTITY_LABELS = ["chom.service", "chom.tier", "chom.certificate-category", "chom.stateful"];
export const CONTAINER_TYPE = "docker:index/container:Container";

/**
 * Drops the identity labels from a container's inputs and outputs (the CPU reservation label stays:
 * it is data, not identity).
 */
export function stripIdentityLabels(r: ExportedResource): void {
    for (const props of [r.inputs, r.outputs]) {
        if (!props || !Array.isArray(props.labels)) continue;
        props.labels = (props.labels as { label: string }[]).filter(
            (l) => !IDENTITY_LABELS.includes(l.label),
        );
    }
}

/** Sets a property in a resource's inputs and outputs. */
export function setProp(r: ExportedResource, key: string, value: unknown): void {
    for (const props of [r.inputs, r.outputs]) if (props) props[key] = value;
}

/** The container named `name` in an export. */
export function containerOf(e: Export, name: string): ExportedResource {
    const found = e.deployment.resources.find(
        (r) => r.type === CONTAINER_TYPE && r.urn.endsWith(`::${name}`),
    );
    if (!found) throw new Error(`the export has no container ${name}`);
    return found;
}

/** Each chom:* component, and the rules that must block at the stack when it is deleted. */
export const COMPONENTS: { type: string; rules: string[] }[] = [
    {
        type: "chom:edge:Tls",
        rules: ruleIds("TLS", 1, 2, 3, 4, 5, 6),
    },
    {
        type: "chom:host:Firewall",
        rules: ruleIds("FW", 1, 2, 3, 4, 6, 7),
    },
    {
        type: "chom:backup:BackupPlan",
        rules: ruleIds("BAK", 1, 2, 3, 4, 5, 6),
    },
    { type: "chom:host:Server", rules: ["CHOM-RES-003"] },
    { type: "chom:observability:Monitoring", rules: ["CHOM-OBS-005"] },
];

/** Changes to one unlabelled container that must block with the rule named. */
export const BREAKS: {
    container: string;
    rule: string;
    what: string;
    change: (r: ExportedResource) => void;
}[] = [
    {
        container: "redis",
        rule: "CHOM-RES-016",
        what: "its password include dropped",
        change: (r) => setProp(r, "command", [...REDIS_COMMAND_WITHOUT_AUTH]),
    },
    {
        container: "redis",
        rule: "CHOM-RES-007",
        what: "its maxmemory dropped",
        change: (r) =>
            setProp(r, "command", ["redis-server", "--include", "/run/secrets/redis-auth.conf"]),
    },
    {
        container: "grafana",
        rule: "CHOM-OBS-004",
        what: "admin/admin in its environment",
        change: (r) => setProp(r, "envs", ["GF_SECURITY_ADMIN_PASSWORD=admin"]),
    },
    {
        container: "mysql",
        rule: "CHOM-RES-009",
        what: "its health check removed",
        change: (r) => setProp(r, "healthcheck", null),
    },
    {
        container: "nginx",
        rule: "CHOM-RES-009",
        what: "its health check removed",
        change: (r) => setProp(r, "healthcheck", null),
    },
    {
        container: "app",
        rule: "CHOM-RES-009",
        what: "its health check removed",
        change: (r) => setProp(r, "healthcheck", null),
    },
    {
        container: "nginx",
        rule: "CHOM-RES-008",
        what: 'restart policy "no"',
        change: (r) => setProp(r, "restart", "no"),
    },
    {
        container: "redis",
        rule: "CHOM-RES-024",
        what: "a label that names another service (chom.service=tooling)",
        change: (r) => setProp(r, "labels", [{ label: "chom.service", value: "tooling" }]),
    },
];

/**
 * Every variant by name: the compliant export, each component deleted, every container unlabelled,
 * each break.
 */
export function exportVariants(): { name: string; change: (e: Export) => void }[] {
    return [
        { name: "compliant", change: () => undefined },
        ...COMPONENTS.map(({ type }) => ({
            name: `without-${type.split(":").pop()}`,
            change: (e: Export) =>
                void (e.deployment.resources = e.deployment.resources.filter(
                    (r) => r.type !== type,
                )),
        })),
        {
            name: "unlabelled",
            change: (e: Export) =>
                e.deployment.resources
                    .filter((r) => r.type === CONTAINER_TYPE)
                    .forEach(stripIdentityLabels),
        },
        {
            name: "unknown-memory",
            change: (e: Export) =>
                setProp(containerOf(e, "mysql"), "memory", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"),
        },
        ...BREAKS.map((b) => ({
            name: `${b.container}-${b.rule}`,
            change: (e: Export) => {
                const r = containerOf(e, b.container);
                stripIdentityLabels(r);
                b.change(r);
            },
        })),
        {
            name: "inbound-allow",
            change: (e: Export) =>
                e.deployment.resources
                    .filter((r) => r.type === "chom:host:Firewall")
                    .forEach((r) => setProp(r, "defaultInbound", "allow")),
        },
    ];
}
