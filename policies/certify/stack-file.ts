/**
 * Reads `Pulumi.<stack>.yaml` into the config the language host would hand the program
 * (PULUMI_CONFIG: full key -> string, structured values as JSON). `secure:` values are never
 * decrypted: each becomes a set secret with a redacted value, and its key is a secret key.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { EvaluationError } from "./errors";

/** What a program sees in place of a secret's plaintext. */
export const REDACTED = "[secret]";

export interface StackConfig {
    stack: string;
    file: string;
    /** Full key (`chom:host`) -> value as the language host passes it (JSON text for objects). */
    config: Record<string, string>;
    /** Keys whose value is (or contains) a secret. */
    secretKeys: string[];
}

function isSecure(v: unknown): v is { secure: string } {
    return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
}

/** Replaces every `secure:` leaf with the redaction marker; returns whether any was found. */
function redact(v: unknown): { value: unknown; secret: boolean } {
    if (isSecure(v)) return { value: REDACTED, secret: true };
    if (Array.isArray(v)) {
        const items = v.map(redact);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (typeof v === "object" && v !== null) {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(v)) {
            const r = redact(item);
            out[k] = r.value;
            secret ||= r.secret;
        }
        return { value: out, secret };
    }
    return { value: v, secret: false };
}

export function stackFilePath(projectDir: string, stack: string): string {
    return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

export function readStackFile(projectDir: string, project: string, stack: string): StackConfig {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new EvaluationError(`--stack ${JSON.stringify(stack)}: a stack name has only letters, digits, '_', '.', '-'`);
    const file = stackFilePath(projectDir, stack);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new EvaluationError(`${file}: cannot read the stack file of stack "${stack}" (does Pulumi.${stack}.yaml exist?)`);
    }
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        throw new EvaluationError(`${file}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    const raw = (doc as { config?: unknown } | null)?.config ?? {};
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new EvaluationError(`${file}: "config" must be a map of keys to values`);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
        // Keys without a namespace belong to the project, as in the CLI.
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        const { value: redacted, secret } = redact(value);
        config[fullKey] = typeof redacted === "string" ? redacted : JSON.stringify(redacted);
        if (secret) secretKeys.push(fullKey);
    }
    return { stack, file, config, secretKeys };
}

/** Reads the project name from Pulumi.yaml. */
export function readProjectName(projectDir: string): { name: string; main: string } {
    const file = path.join(projectDir, "Pulumi.yaml");
    let doc: { name?: unknown; main?: unknown };
    try {
        doc = parse(fs.readFileSync(file, "utf8")) as { name?: unknown; main?: unknown };
    } catch (e) {
        throw new EvaluationError(`${file}: cannot read the project file: ${(e as Error).message.split("\n")[0]}`);
    }
    if (typeof doc?.name !== "string") throw new EvaluationError(`${file}: "name" is missing`);
    return { name: doc.name, main: typeof doc.main === "string" ? doc.main : "." };
}
