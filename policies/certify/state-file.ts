/**
 * `pulumi stack export` files (deployment version 3): read one to certify what is deployed
 * (`--state`), write one from an evaluation (`--export-state`). Secrets are never carried in
 * clear: a secret read from a file is redacted, and a secret written is the redaction marker.
 */
import * as fs from "fs";
import * as path from "path";
import { EvaluationError } from "./errors";
import { sha256Of } from "../lib/pack-digest";
import { checkNesting, MAX_STATE_BYTES, readBoundedBytes } from "./input-limits";
import {
    isSecretValue,
    PropertyMap,
    PropertyValue,
    providerUrnOf,
    RecordedResource,
    SECRET_SIG,
    SIG_KEY,
} from "./recorded";
import { REDACTED } from "./stack-file";

interface ExportedResource {
    urn: string;
    custom?: boolean;
    delete?: boolean;
    type: string;
    id?: string;
    inputs?: PropertyMap;
    outputs?: PropertyMap;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    ignoreChanges?: string[];
    additionalSecretOutputs?: string[];
    aliases?: string[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
    deleteBeforeReplace?: boolean;
}

/**
 * Secrets in an export are `{sig, ciphertext}` or `{sig, plaintext}`; both become a redacted
 * secret.
 */
function redactSecrets(v: PropertyValue): PropertyValue {
    if (isSecretValue(v)) return { [SIG_KEY]: SECRET_SIG, value: REDACTED };
    if (Array.isArray(v)) return v.map(redactSecrets);
    if (v && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactSecrets(x)]));
    return v;
}

/** Stack and project from a URN `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function parseUrn(
    urn: string,
): { stack: string; project: string; type: string; name: string } | undefined {
    if (!urn.startsWith("urn:pulumi:")) return undefined;
    const parts = urn.slice("urn:pulumi:".length).split("::");
    if (parts.length < 4) return undefined;
    const [stack, project, qualifiedType, ...name] = parts;
    return { stack, project, type: qualifiedType.split("$").pop()!, name: name.join("::") };
}

/**
 * Stack and project as the first URN in the first 64 KB of an export names them, read without
 * parsing it, so the pack can start while the export is read (exports list each resource's "urn"
 * first). A guess: readStateFile is the authority, and a pack started for other names is replaced.
 */
export function peekStackNames(file: string): { stack: string; project: string } | undefined {
    let head: string;
    try {
        // Regular files only: reading ahead of a pipe (`--state <(pulumi stack export)`) would
        // take bytes the real read needs, and opening one could block.
        if (!fs.statSync(file).isFile()) return undefined;
        const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
        try {
            if (!fs.fstatSync(fd).isFile()) return undefined;
            const buf = Buffer.alloc(64 * 1024);
            head = buf.toString("utf8", 0, fs.readSync(fd, buf, 0, buf.length, 0));
        } finally {
            fs.closeSync(fd);
        }
    } catch {
        return undefined; // readStateFile reports it
    }
    const m = /"urn"\s*:\s*"urn:pulumi:([A-Za-z0-9_.-]+)::([^":\\]+)::/.exec(head);
    return m ? { stack: m[1], project: m[2] } : undefined;
}

/** Control characters have no place in a URN or type; they would reach terminals and documents. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A `pulumi stack export` file, read and checked. */
export interface StateFile {
    stack: string;
    project: string;
    resources: RecordedResource[];
    /**
     * sha256 (hex) of the bytes parsed: what the attestation binds, from the one read that was
     * evaluated.
     */
    sha256: string;
}

export function readStateFile(file: string): StateFile {
    let doc: unknown;
    let sha256: string;
    try {
        const bytes = readBoundedBytes(file, MAX_STATE_BYTES, `--state ${file}`);
        sha256 = sha256Of(bytes);
        doc = JSON.parse(bytes.toString("utf8"));
    } catch (e) {
        if (e instanceof EvaluationError) throw e;
        throw new EvaluationError(
            `--state ${file}: cannot read a stack export: ${(e as Error).message.split("\n")[0]}`,
        );
    }
    checkNesting(doc, `--state ${file}`);
    const d = doc as {
        version?: unknown;
        deployment?: { resources?: unknown };
        resources?: unknown;
    };
    const deployment = d?.deployment ?? d;
    if (
        d?.version !== undefined &&
        (typeof d.version !== "number" || d.version < 1 || d.version > 3)
    ) {
        throw new EvaluationError(
            `--state ${file}: deployment version ${JSON.stringify(d.version)} is not supported (1 to 3 are)`,
        );
    }
    const list = (deployment as { resources?: unknown })?.resources;
    if (!Array.isArray(list))
        throw new EvaluationError(
            `--state ${file}: "deployment.resources" is missing: is this a \`pulumi stack export\` file?`,
        );
    const resources: RecordedResource[] = [];
    const seen = new Set<string>();
    let stack = "",
        project = "";
    list.forEach((raw: ExportedResource, i: number) => {
        const where = `--state ${file}: deployment.resources[${i}]`;
        if (typeof raw?.urn !== "string" || typeof raw?.type !== "string")
            throw new EvaluationError(`${where}: "urn" and "type" must be strings`);
        if (CONTROL.test(raw.urn) || CONTROL.test(raw.type))
            throw new EvaluationError(
                `${where}: the URN or type holds a control character: ${JSON.stringify(raw.urn)}`,
            );
        const parsed = parseUrn(raw.urn);
        if (!parsed)
            throw new EvaluationError(`${where}: ${JSON.stringify(raw.urn)} is not a Pulumi URN`);
        if (raw.delete) return;
        if (seen.has(raw.urn))
            throw new EvaluationError(
                `${where}: URN ${raw.urn} appears twice (a URN names one live resource)`,
            );
        seen.add(raw.urn);
        stack ||= parsed.stack;
        project ||= parsed.project;
        const inputs = redactSecrets(raw.inputs ?? {}) as PropertyMap;
        resources.push({
            urn: raw.urn,
            type: raw.type,
            name: parsed.name,
            custom: raw.custom ?? false,
            parent: raw.parent ?? "",
            provider: raw.provider ?? "",
            inputs,
            outputs: raw.outputs ? (redactSecrets(raw.outputs) as PropertyMap) : inputs,
            dependencies: raw.dependencies ?? [],
            propertyDependencies: raw.propertyDependencies ?? {},
            options: {
                protect: raw.protect ?? false,
                ignoreChanges: raw.ignoreChanges ?? [],
                additionalSecretOutputs: raw.additionalSecretOutputs ?? [],
                aliases: raw.aliases ?? [],
                ...(raw.deleteBeforeReplace !== undefined
                    ? { deleteBeforeReplace: raw.deleteBeforeReplace }
                    : {}),
                ...(raw.customTimeouts
                    ? {
                          customTimeouts: {
                              create: raw.customTimeouts.create ?? 0,
                              update: raw.customTimeouts.update ?? 0,
                              delete: raw.customTimeouts.delete ?? 0,
                          },
                      }
                    : {}),
            },
        });
    });
    if (resources.length === 0)
        throw new EvaluationError(`--state ${file}: the export holds no resources`);
    // The stack names the output folder: it must be a name, never a path.
    if (!/^[A-Za-z0-9_.-]+$/.test(stack) || /^\.+$/.test(stack))
        throw new EvaluationError(
            `--state ${file}: the URNs name stack ${JSON.stringify(stack)}; a stack name has only letters, digits, '_', '.', '-'`,
        );
    return { stack, project, resources, sha256 };
}

/**
 * Secrets as an export carries them in clear (`plaintext` is JSON text): here only the redaction
 * marker.
 */
function exportSecrets(v: PropertyValue): PropertyValue {
    if (isSecretValue(v)) return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(REDACTED) };
    if (Array.isArray(v)) return v.map(exportSecrets);
    if (v && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, exportSecrets(x)]));
    return v;
}

/** Providers have no ID before they exist; an export needs one, the same in every reference. */
const PROVIDER_ID = "00000000-0000-4000-8000-000000000000";

export function stateExport(resources: RecordedResource[], cliVersion: string): object {
    const providerRef = (ref: string) => `${providerUrnOf(ref)}::${PROVIDER_ID}`;
    return {
        version: 3,
        deployment: {
            manifest: { time: new Date().toISOString(), magic: "", version: cliVersion },
            resources: resources.map((r) => ({
                urn: r.urn,
                custom: r.custom,
                type: r.type,
                ...(r.custom && r.type.startsWith("pulumi:providers:") ? { id: PROVIDER_ID } : {}),
                inputs: exportSecrets(r.inputs),
                outputs: exportSecrets(r.outputs),
                ...(r.parent ? { parent: r.parent } : {}),
                ...(r.provider ? { provider: providerRef(r.provider) } : {}),
                ...(r.options.protect ? { protect: true } : {}),
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
                ...(r.options.additionalSecretOutputs.length
                    ? { additionalSecretOutputs: r.options.additionalSecretOutputs }
                    : {}),
                ...(r.options.aliases.length ? { aliases: r.options.aliases } : {}),
            })),
        },
    };
}

/**
 * Writes an export by a rename from a fresh private directory beside `file`: no predictable
 * temporary name another user could plant a symlink at, and a reader sees the old or the new file.
 */
export function writeStateFile(
    file: string,
    resources: RecordedResource[],
    cliVersion: string,
): void {
    const staging = fs.mkdtempSync(path.join(path.dirname(file), ".chom-export-"));
    try {
        const tmp = path.join(staging, "export.json");
        fs.writeFileSync(tmp, JSON.stringify(stateExport(resources, cliVersion), null, 2) + "\n", {
            flag: "wx",
            mode: 0o644,
        });
        fs.renameSync(tmp, file);
    } finally {
        fs.rmSync(staging, { recursive: true, force: true });
    }
}
