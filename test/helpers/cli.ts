/** Runs chom-certify as a user would (a separate process) and temp projects/packs for it. */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..", "..");
export const CLI = path.join(REPO, "policies", "certify", "cli.js");

/** The files a run writes to its output directory, in the order writeOutputs lists them. */
export const OUTPUT_NAMES = [
    "attestation.json",
    "certificate.md",
    "certificate.html",
    "results.sarif",
    "junit.xml",
];

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
    ms: number;
}

/** `env`: the child's whole environment (default: this process's). */
export function runCli(
    args: string[],
    cwd = REPO,
    timeoutMs = 120_000,
    env: NodeJS.ProcessEnv = process.env,
): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const child = spawn(process.execPath, [CLI, ...args], {
            cwd,
            env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "",
            stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(
                new Error(`chom-certify ${args.join(" ")} did not finish within ${timeoutMs} ms`),
            );
        }, timeoutMs);
        child.on("exit", (code) => {
            clearTimeout(timer);
            resolve({ code, stdout, stderr, ms: Date.now() - started });
        });
    });
}

/**
 * Certifies landsraad_tst's program (this repository's) with `extra` options: outputs to
 * `<work>/out`, the state export to `<work>/export.json`.
 */
export function certifyLandsraad(work: string, ...extra: string[]): Promise<CliRun> {
    return runCli([
        "--stack",
        "landsraad_tst",
        "--out",
        path.join(work, "out"),
        "--export-state",
        path.join(work, "export.json"),
        ...extra,
    ]);
}

/** Certifies the state export `exportFile` (`--state`), outputs to `out`, with `extra` options. */
export function certifyState(exportFile: string, out: string, ...extra: string[]): Promise<CliRun> {
    return runCli(["--state", exportFile, "--out", out, ...extra]);
}

/** A throw-away directory that can `require` the repo's node_modules. Removed by `cleanup`. */
export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `chom-${prefix}-`));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

export function cleanup(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}

/** A list whose directories are removed after the suite it is made in (call in a `describe`). */
export function removedAfterSuite(): string[] {
    const dirs: string[] = [];
    after(() => dirs.forEach(cleanup));
    return dirs;
}

/** A project whose program is `programJs` and whose stack `dev` has `stackYaml`. */
export function tinyProject(programJs: string, stackYaml = "config: {}\n"): string {
    const dir = tempDir("project");
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        "name: tiny\nruntime: nodejs\nmain: index.js\n",
    );
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackYaml);
    fs.writeFileSync(path.join(dir, "index.js"), programJs);
    return dir;
}

/**
 * A policy pack whose one resource policy runs `validateBody` (JS) on every resource; `fields` are
 * the policy's other fields.
 */
export function tinyPack(
    validateBody: string,
    top = "",
    fields = 'enforcementLevel: "mandatory"',
): string {
    const dir = tempDir("pack");
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "tiny-pack", version: "0.0.1", main: "index.js" }),
    );
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `${top}
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("tiny-pack", { policies: [{ name: "tiny", description: "tiny", ${fields},
  validateResource: (args, report) => { ${validateBody} } }] });
`,
    );
    return dir;
}
