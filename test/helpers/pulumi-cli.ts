/**
 * Runs the REAL Pulumi CLI (built from the Go module proxy by scripts/build-pulumi-cli.sh) in
 * throw-away workspaces: own PULUMI_HOME, file backend, passphrase, no network, and the test-only
 * stand-ins (docker provider, and the nodejs language host when the real one is not built) on PATH.
 */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

/** The repository root. */
export const REPO = path.resolve(__dirname, "..", "..");
/** The build script this suite proves. */
export const BUILD_SCRIPT = path.join(REPO, "scripts", "build-pulumi-cli.sh");
/** Folder holding the docker provider stand-in executable. */
export const DOCKER_STANDIN_DIR = path.join(REPO, "test", "standins", "pulumi-resource-docker");
/** Passphrase the tests encrypt their own secrets with (test value, protects nothing). */
export const TEST_PASSPHRASE = "chom-real-cli-test-passphrase";

/** Where the built CLI lives. */
export interface BuiltCli {
    /** The bin dir the script printed (real binaries only). */
    binDir: string;
    /** The stand-in language host's dir, when the real host was not built; else undefined. */
    standinDir: string | undefined;
    /** What the script printed on stderr (build log, timings). */
    log: string;
}

let built: BuiltCli | undefined;

/** Builds the CLI through the script (or reuses the cached build); once per mocha process. */
export function ensureCli(): BuiltCli {
    if (built) return built;
    const run = spawnSync("bash", [BUILD_SCRIPT], {
        encoding: "utf8",
        timeout: 60 * 60 * 1000,
        maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) {
        throw new Error(
            `${BUILD_SCRIPT} exited ${run.status ?? run.signal}:\n${(run.stderr ?? "").slice(-4000)}`,
        );
    }
    const lines = run.stdout.trim().split("\n");
    const binDir = lines[lines.length - 1];
    if (!fs.existsSync(path.join(binDir, "pulumi"))) {
        throw new Error(
            `${BUILD_SCRIPT} printed ${JSON.stringify(binDir)} as its bin dir, which holds no pulumi binary`,
        );
    }
    const standinDir = path.join(path.dirname(binDir), "standin-bin");
    const hasRealHost = fs.existsSync(path.join(binDir, "pulumi-language-nodejs"));
    built = {
        binDir,
        standinDir:
            !hasRealHost && fs.existsSync(path.join(standinDir, "pulumi-language-nodejs"))
                ? standinDir
                : undefined,
        log: run.stderr,
    };
    if (!hasRealHost && !built.standinDir)
        throw new Error(`no nodejs language host next to ${binDir} nor in ${standinDir}`);
    return built;
}

/** Result of one CLI run. */
export interface PulumiRun {
    /** Exit code (null when killed). */
    code: number | null;
    /** Standard output. */
    stdout: string;
    /** Standard error. */
    stderr: string;
}

/** A throw-away Pulumi workspace: project dir, state backend and PULUMI_HOME under one temp dir. */
export class Workspace {
    /** The temp root; removed by `dispose`. */
    readonly root: string;
    /** The project directory (holds Pulumi.yaml). */
    readonly projectDir: string;
    private readonly env: NodeJS.ProcessEnv;

    constructor(
        readonly cli: BuiltCli,
        prefix: string,
    ) {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), `chom-${prefix}-`));
        this.projectDir = path.join(this.root, "project");
        const home = path.join(this.root, "pulumi-home");
        const state = path.join(this.root, "state");
        for (const dir of [this.projectDir, home, state]) fs.mkdirSync(dir, { recursive: true });
        const pathDirs = [
            cli.binDir,
            ...(cli.standinDir ? [cli.standinDir] : []),
            DOCKER_STANDIN_DIR,
            path.dirname(process.execPath),
            "/usr/bin",
            "/bin",
        ];
        this.env = {
            PATH: pathDirs.join(path.delimiter),
            HOME: this.root,
            PULUMI_HOME: home,
            PULUMI_BACKEND_URL: `file://${state}`,
            PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            TMPDIR: os.tmpdir(),
        };
    }

    /** Sets (or, with undefined, removes) a variable of the environment the CLI runs in. */
    setEnv(name: string, value: string | undefined): void {
        if (value === undefined) delete this.env[name];
        else this.env[name] = value;
    }

    /** Links the repository's node_modules into the project so node resolves @pulumi/* from it. */
    linkNodeModules(): void {
        fs.symlinkSync(
            path.join(REPO, "node_modules"),
            path.join(this.projectDir, "node_modules"),
            "dir",
        );
    }

    /** Writes a file under the project directory. */
    write(relative: string, content: string): string {
        const file = path.join(this.projectDir, relative);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        return file;
    }

    /** Runs `pulumi <args>` in the project directory; rejects only when it hangs. */
    pulumi(args: string[], timeoutMs = 300_000): Promise<PulumiRun> {
        return new Promise((resolve, reject) => {
            const child = spawn(path.join(this.cli.binDir, "pulumi"), args, {
                cwd: this.projectDir,
                env: this.env,
                stdio: ["ignore", "pipe", "pipe"],
                detached: true, // own process group, so a hang can be killed with its plugins
            });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            const timer = setTimeout(() => {
                killGroup(child.pid);
                reject(
                    new Error(
                        `pulumi ${args.join(" ")} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`,
                    ),
                );
            }, timeoutMs);
            child.on("error", (err) => {
                clearTimeout(timer);
                reject(err);
            });
            child.on("close", (code) => {
                clearTimeout(timer);
                resolve({ code, stdout, stderr });
            });
        });
    }

    /**
     * Runs `pulumi policy analyze` of the stack export `file` with the policy pack in `packDir`,
     * with `extra` options, non-interactive and without color.
     */
    analyzeExport(file: string, packDir: string, ...extra: string[]): Promise<PulumiRun> {
        return this.pulumi([
            "policy",
            "analyze",
            "--file",
            file,
            "--policy-pack",
            packDir,
            ...extra,
            "--non-interactive",
            "--color",
            "never",
        ]);
    }

    /** Runs `pulumi <args>` and fails with its output unless it exits 0. */
    async pulumiOk(args: string[], timeoutMs?: number): Promise<PulumiRun> {
        const run = await this.pulumi(args, timeoutMs);
        if (run.code !== 0)
            throw new Error(
                `pulumi ${args.join(" ")} exited ${run.code}:\n${run.stdout}\n${run.stderr}`,
            );
        return run;
    }

    /** Removes the temp tree (state, home, project). */
    dispose(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

function killGroup(pid: number | undefined): void {
    if (pid === undefined) return;
    try {
        process.kill(-pid, "SIGKILL");
    } catch {
        // already gone
    }
}

/** One `secure:` value found in a stack file: its `pulumi config set --path` key. */
export interface SecurePath {
    /**
     * Path as `pulumi config set --path` takes it, e.g. `chom:mysqlPassword` or `chom:backup.key`.
     */
    key: string;
}

/**
 * Strips a stack file's encryption salt and every `secure:` value (they are encrypted under a
 * passphrase the tests do not have) and returns the cleaned document and the removed paths.
 */
export function stripSecureValues(doc: Record<string, unknown>): {
    cleaned: Record<string, unknown>;
    secure: SecurePath[];
} {
    const cleaned: Record<string, unknown> = { ...doc };
    delete cleaned.encryptionsalt;
    delete cleaned.secretsprovider;
    delete cleaned.encryptedkey;
    const secure: SecurePath[] = [];
    const config = doc.config;
    if (config === undefined || config === null) return { cleaned, secure };
    if (typeof config !== "object" || Array.isArray(config))
        throw new Error("stack file: `config` must be a mapping");
    const walk = (value: unknown, key: string): unknown => {
        if (isSecure(value)) {
            secure.push({ key });
            return undefined;
        }
        if (Array.isArray(value)) return value.map((v, i) => walk(v, `${key}[${i}]`));
        if (value !== null && typeof value === "object") {
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(value)) {
                const kept = walk(v, `${key}.${k}`);
                if (kept !== undefined) out[k] = kept;
            }
            return out;
        }
        return value;
    };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) {
        const kept = walk(v, k);
        if (kept !== undefined) out[k] = kept;
    }
    cleaned.config = out;
    return { cleaned, secure };
}

function isSecure(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        typeof (value as Record<string, unknown>).secure === "string"
    );
}

/**
 * Copies the project the way a user has it: Pulumi.yaml, package.json, compiled infra/, stack file.
 */
export async function landsraadWorkspace(
    cli: BuiltCli,
    stack = "landsraad_tst",
): Promise<Workspace> {
    const stackFile = path.join(REPO, `Pulumi.${stack}.yaml`);
    const ws = new Workspace(cli, "landsraad");
    try {
        ws.linkNodeModules();
        for (const file of ["Pulumi.yaml", "package.json"])
            fs.copyFileSync(path.join(REPO, file), path.join(ws.projectDir, file));
        // A link, not a copy: infra/ may require the policy pack's shared contracts by relative
        // path.
        fs.symlinkSync(path.join(REPO, "infra"), path.join(ws.projectDir, "infra"), "dir");
        const doc = YAML.parse(fs.readFileSync(stackFile, "utf8")) as Record<string, unknown>;
        const { cleaned, secure } = stripSecureValues(doc);
        assert.ok(
            secure.length > 0,
            `${stackFile} holds no secure value: the secrets must be Pulumi secrets`,
        );
        ws.write(`Pulumi.${stack}.yaml`, YAML.stringify(cleaned));
        await ws.pulumiOk(["stack", "init", stack, "--non-interactive"]);
        for (const { key } of secure) {
            // Fresh random test values; never printed (the CLI reads the value from argv, not a
            // log).
            await ws.pulumiOk([
                "config",
                "set",
                "--stack",
                stack,
                "--path",
                "--secret",
                key,
                randomBytes(24).toString("hex"),
            ]);
        }
        return ws;
    } catch (err) {
        ws.dispose();
        throw err;
    }
}
