/**
 * Reads `Pulumi.<stack>.yaml` into the config the language host would hand the program
 * (PULUMI_CONFIG: full key -> string, structured values as JSON). `secure:` values are never
 * decrypted: each becomes a set secret with a redacted value, and its key is a secret key.
 */
import * as fs from "fs";
import * as path from "path";
import { sortedKeysJson } from "../lib/canonical-json";
import { EvaluationError } from "./errors";
import { checkNesting, MAX_CONFIG_BYTES, MAX_STACK_FILE_BYTES, readBounded } from "./input-limits";

/**
 * YAML's parser, loaded on first use (about 30 ms): a `--state` run never reads YAML, and its pack
 * starts that much sooner.
 */
function parse(text: string): unknown {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("yaml") as typeof import("yaml")).parse(text);
}

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
    return (
        typeof v === "object" &&
        v !== null &&
        !Array.isArray(v) &&
        Object.keys(v).length === 1 &&
        typeof (v as { secure?: unknown }).secure === "string"
    );
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const bytesOf = (b64: string) => (BASE64.test(b64) ? Buffer.from(b64, "base64").length : -1);

/**
 * Whether `ciphertext` has a form a secrets provider writes: the passphrase provider's
 * `v1:<12-byte nonce>:<AES-GCM ciphertext and 16-byte tag>`, or (service and cloud KMS
 * providers) base64 of at least a tag's length. A plaintext like `Hunter2` or "" is no secret.
 */
export function isCiphertext(ciphertext: string): boolean {
    const v1 = /^v1:([^:]*):([^:]*)$/.exec(ciphertext);
    return v1 ? bytesOf(v1[1]) === 12 && bytesOf(v1[2]) >= 16 : bytesOf(ciphertext) >= 16;
}

/**
 * A structured config value as the engine hands it to the program and the pack: JSON marshalled
 * from a Go map, so every object's keys in sorted order, whatever order the stack file has (a
 * program that iterates an object's keys renders what the real preview renders).
 */
export function engineJson(value: unknown): string {
    return sortedKeysJson(value, byUtf8);
}

/** Go's string order: by UTF-8 bytes (JavaScript's default sort compares UTF-16 units). */
function byUtf8(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * Replaces every `secure:` leaf with the redaction marker; returns whether any was found. Never
 * echoes a value.
 */
function redact(v: unknown, at: string): { value: unknown; secret: boolean } {
    if (isSecure(v)) {
        if (!isCiphertext(v.secure)) {
            throw new EvaluationError(
                `config ${at}: the "secure" value is not a Pulumi ciphertext (v1:<nonce>:<ciphertext> or base64, as \`pulumi config set --secret\` writes); a plaintext or empty value is not a secret`,
            );
        }
        return { value: REDACTED, secret: true };
    }
    if (Array.isArray(v)) {
        const items = v.map((x, i) => redact(x, `${at}[${i}]`));
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (typeof v === "object" && v !== null) {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(v)) {
            const r = redact(item, `${at}.${k}`);
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
    if (!/^[A-Za-z0-9_.-]+$/.test(stack))
        throw new EvaluationError(
            `--stack ${JSON.stringify(stack)}: a stack name has only letters, digits, '_', '.', '-'`,
        );
    const file = stackFilePath(projectDir, stack);
    let text: string;
    try {
        text = readBounded(file, MAX_STACK_FILE_BYTES, `${file}: the stack file`);
    } catch (e) {
        if (e instanceof EvaluationError) throw e;
        throw new EvaluationError(
            `${file}: cannot read the stack file of stack "${stack}" (does Pulumi.${stack}.yaml exist?)`,
        );
    }
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        throw new EvaluationError(
            `${file}: not valid YAML: ${(e as Error).message.split("\n")[0]}`,
        );
    }
    checkNesting(doc, file);
    // ESC values are resolved by the Pulumi service at run time: offline they are simply absent,
    // and a program that reads them would be certified on defaults.
    const environment = (doc as { environment?: unknown } | null)?.environment;
    if (environment !== undefined && environment !== null) {
        const names = Array.isArray(environment) ? ` (${environment.map(String).join(", ")})` : "";
        throw new EvaluationError(
            `${file}: stack "${stack}" imports Pulumi ESC environments${names} under "environment:"; ESC environments are not supported offline ` +
                `(their values come from Pulumi Cloud). Copy the values the program needs into the stack file with \`pulumi config set\` ` +
                `(--secret for secrets) and remove "environment:", or certify what is deployed with --state <a \`pulumi stack export\` file>`,
        );
    }
    const raw = (doc as { config?: unknown } | null)?.config ?? {};
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
        throw new EvaluationError(`${file}: "config" must be a map of keys to values`);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
        // Keys without a namespace belong to the project, as in the CLI.
        const fullKey = key.includes(":") ? key : `${project}:${key}`;
        let redacted: unknown, secret: boolean;
        try {
            ({ value: redacted, secret } = redact(value, fullKey));
        } catch (e) {
            throw new EvaluationError(`${file}: ${(e as Error).message}`);
        }
        config[fullKey] = typeof redacted === "string" ? redacted : engineJson(redacted);
        if (secret) secretKeys.push(fullKey);
    }
    const size = Buffer.byteLength(JSON.stringify(config));
    if (size > MAX_CONFIG_BYTES) {
        throw new EvaluationError(
            `${file}: the stack config is ${(size / 1024).toFixed(0)} KiB; Pulumi passes it to the program and the policy pack in one environment variable (PULUMI_CONFIG), which Linux limits to 128 KiB`,
        );
    }
    return { stack, file, config, secretKeys };
}

/** A Pulumi.yaml resolved the way the CLI and the nodejs language host resolve it. */
export interface ProjectFile {
    file: string;
    name: string;
    /**
     * The program's working directory (the language host's `--pwd`): `main` if a directory, else
     * its directory.
     */
    programDir: string;
    /** The module the language host `require`s. */
    program: string;
    /** `runtime.options.typescript` (default true): ts-node is registered for .ts modules. */
    typescript: boolean;
    /** `runtime.options.tsconfig`, relative to `programDir` (default tsconfig.json). */
    tsconfig: string;
}

type ProjectDoc = { name?: unknown; main?: unknown; runtime?: unknown };

function exists(p: string): "file" | "dir" | undefined {
    try {
        return fs.statSync(p).isDirectory() ? "dir" : "file";
    } catch {
        return undefined;
    }
}

/** The nearest package.json at or above `dir`, as cmd/run finds the package root. */
function packageRoot(
    dir: string,
): { root: string; manifest: { main?: unknown; exports?: unknown; type?: unknown } } | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        const file = path.join(d, "package.json");
        if (fs.existsSync(file)) {
            try {
                return {
                    root: d,
                    manifest: JSON.parse(fs.readFileSync(file, "utf8")) as {
                        main?: unknown;
                        exports?: unknown;
                        type?: unknown;
                    },
                };
            } catch {
                return { root: d, manifest: {} }; // cmd/run reads it best-effort too
            }
        }
        if (path.dirname(d) === d) return undefined;
    }
}

/**
 * Like cmd/run with entry point ".": package.json `exports` or `main` when that file exists, else
 * the directory.
 */
function packageEntry(dir: string): string | undefined {
    const pkg = packageRoot(dir);
    if (!pkg) return undefined;
    const { exports: ex, main } = pkg.manifest;
    let entry: unknown = main;
    if (typeof ex === "string") entry = ex;
    else if (typeof ex === "object" && ex !== null) {
        const dot = (ex as Record<string, unknown>)["."];
        entry =
            typeof dot === "string"
                ? dot
                : typeof dot === "object" && dot !== null
                  ? ((dot as Record<string, unknown>).default ??
                    (dot as Record<string, unknown>).require ??
                    (dot as Record<string, unknown>).import)
                  : undefined;
    }
    if (typeof entry !== "string") return undefined;
    const p = path.join(pkg.root, entry);
    return exists(p) ? p : undefined;
}

/**
 * Node's `require(dir)` fallback (a package.json there is covered by packageEntry), with .ts when
 * ts-node is on.
 */
function directoryIndex(dir: string, typescript: boolean): string | undefined {
    return [
        "index.js",
        "index.json",
        "index.node",
        ...(typescript ? ["index.ts", "index.tsx"] : []),
    ]
        .map((f) => path.join(dir, f))
        .find((f) => exists(f) === "file");
}

/**
 * Reads Pulumi.yaml and finds the program as `pulumi preview` would run it. Only the nodejs
 * runtime is supported: the offline engine runs the program under the Node SDK's mock runtime.
 */
export function readProject(projectDir: string): ProjectFile {
    const file = path.join(projectDir, "Pulumi.yaml");
    let doc: ProjectDoc;
    try {
        doc = parse(fs.readFileSync(file, "utf8")) as ProjectDoc;
    } catch (e) {
        throw new EvaluationError(
            `${file}: cannot read the project file: ${(e as Error).message.split("\n")[0]}`,
        );
    }
    if (typeof doc?.name !== "string") throw new EvaluationError(`${file}: "name" is missing`);
    const runtime = doc.runtime;
    const runtimeName =
        typeof runtime === "string"
            ? runtime
            : typeof runtime === "object" && runtime !== null
              ? (runtime as { name?: unknown }).name
              : undefined;
    if (runtimeName === undefined)
        throw new EvaluationError(
            `${file}: "runtime" is missing (chom-certify runs nodejs programs)`,
        );
    if (runtimeName !== "nodejs") {
        throw new EvaluationError(
            `${file}: project "${doc.name}" has runtime ${JSON.stringify(runtimeName)}; chom-certify runs only nodejs (TypeScript or JavaScript) programs offline. For another language, certify what it deploys with --state <a \`pulumi stack export\` file>`,
        );
    }
    const options =
        (typeof runtime === "object" && runtime !== null
            ? (runtime as { options?: unknown }).options
            : undefined) ?? {};
    if (typeof options !== "object" || Array.isArray(options))
        throw new EvaluationError(`${file}: "runtime.options" must be a map`);
    const { typescript = true, tsconfig = "tsconfig.json" } = options as {
        typescript?: unknown;
        tsconfig?: unknown;
    };
    // The language host's own checks of these options.
    if (typeof typescript !== "boolean")
        throw new EvaluationError(`${file}: runtime.options.typescript must be a boolean`);
    if (typeof tsconfig !== "string")
        throw new EvaluationError(`${file}: runtime.options.tsconfig must be a string`);

    const main = doc.main === undefined ? "." : doc.main;
    if (typeof main !== "string") throw new EvaluationError(`${file}: "main" must be a path`);
    const mainPath = path.resolve(projectDir, main);
    const kind = exists(mainPath);
    if (!kind)
        throw new EvaluationError(
            `${file}: the program of project "${doc.name}" does not exist: main ${JSON.stringify(main)} (${mainPath})`,
        );
    const programDir = kind === "dir" ? mainPath : path.dirname(mainPath);
    const program =
        kind === "file"
            ? mainPath
            : (packageEntry(mainPath) ?? directoryIndex(mainPath, typescript));
    if (!program) {
        const tried = typescript
            ? "index.js or index.ts"
            : "index.js (runtime.options.typescript is false, so no index.ts)";
        throw new EvaluationError(
            `${file}: no program in ${mainPath} for project "${doc.name}": expected ${tried}, or "main" naming the program file`,
        );
    }
    if (/\.tsx?$/.test(program) && !typescript)
        throw new EvaluationError(
            `${file}: the program ${program} is TypeScript but runtime.options.typescript is false: compile it and point "main" at the JS, or drop that option`,
        );
    // cmd/run refuses an explicit tsconfig that is not there; the default one is optional.
    const tsconfigGiven = (options as { tsconfig?: unknown }).tsconfig !== undefined;
    if (typescript && tsconfigGiven && !fs.existsSync(path.resolve(programDir, tsconfig)))
        throw new EvaluationError(
            `${file}: runtime.options.tsconfig is ${tsconfig} but ${path.resolve(programDir, tsconfig)} does not exist`,
        );
    if (packageRoot(programDir)?.manifest.type === "module")
        throw new EvaluationError(
            `${file}: project "${doc.name}" is an ES module package ("type": "module"); chom-certify runs CommonJS programs only`,
        );
    return { file, name: doc.name, programDir, program, typescript, tsconfig };
}
