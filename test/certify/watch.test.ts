/**
 * `chom-certify --watch` (issue 11): after an edit of the stack file, and after a change to the
 * pack, the outputs are a cold run's, byte for byte apart from timestamps; Ctrl-C (SIGINT) leaves
 * no child process behind.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CLI, cleanup, REPO, runCli, tempDir, tinyProject } from "../helpers/cli";
import { OUTPUT_FILES } from "../../policies/report/output-set";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const docker = require("@pulumi/docker");
const cfg = new pulumi.Config();
// A data file of the program's own, as infra/render/alert-rules.yaml is.
const cpus = require("fs").readFileSync(__dirname + "/limits.yaml", "utf8").match(/^cpus: "(.*)"$/m)[1];
const p = new docker.Provider("host", { host: "ssh://deploy@198.18.0.1" });
new docker.Container("cache", { image: "redis:7.4.1-alpine", memory: cfg.requireNumber("memoryMb"), cpus }, { provider: p });
`;
const limitsYaml = (cpus: string) => `cpus: "${cpus}"\n`;
const stackYaml = (memoryMb: number) => `config:\n  tiny:memoryMb: ${memoryMb}\n`;

/**
 * The outputs of a run with every ISO timestamp blanked: what must equal between a warm and a cold
 * run. The attestation's digests of the other outputs cover their timestamps, so they are blanked
 * too (the files themselves are compared, timestamps aside).
 */
function outputsOf(dir: string): Record<string, string> {
    const blank = (text: string) =>
        text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, "<time>");
    return Object.fromEntries(
        Object.values(OUTPUT_FILES).map((f) => {
            const text = fs.readFileSync(path.join(dir, f), "utf8");
            if (f !== OUTPUT_FILES.attestation) return [f, blank(text)];
            const statement = JSON.parse(text) as {
                predicate: { outputs: { name: string; digest: { sha256: string } }[] };
            };
            statement.predicate.outputs = statement.predicate.outputs.map((o) => ({
                ...o,
                digest: { sha256: "<digest of a file with timestamps>" },
            }));
            return [f, blank(JSON.stringify(statement, null, 2))];
        }),
    );
}

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
    return fs
        .readdirSync("/proc")
        .filter((d) => /^\d+$/.test(d))
        .filter((d) => {
            try {
                return (
                    Number(
                        fs.readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1].split(" ")[1],
                    ) === pid
                );
            } catch {
                return false;
            }
        })
        .map(Number);
}

const alive = (pid: number) => {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
};

describe("chom-certify --watch", function () {
    this.timeout(240_000);
    let dir: string, pack: string, child: ChildProcess;
    let stderr = "";
    /** Makes a change, then waits until watch says it certified again after a change to `file`. */
    const recertifiedAfter = (file: string, change: () => void) =>
        new Promise<void>((resolve, reject) => {
            const from = stderr.length;
            const timer = setTimeout(
                () =>
                    reject(
                        new Error(
                            `no re-certification after a change to ${file} within 90 s:\n${stderr}`,
                        ),
                    ),
                90_000,
            );
            const check = () => {
                const said = stderr
                    .slice(from)
                    .split("\n")
                    .find((l) => /^watch: certified again in \d+ ms/.test(l) && l.includes(file));
                if (!said) return;
                clearTimeout(timer);
                child.stderr!.off("data", check);
                resolve();
            };
            child.stderr!.on("data", check);
            change();
        });

    /** The warm outputs (with `said` in the attestation) equal a cold run's into `out`. */
    const assertWarmAsCold = async (said: RegExp, out: string) => {
        assert.match(fs.readFileSync(path.join(dir, "warm", "attestation.json"), "utf8"), said);
        const cold = await runCli(["--stack", "dev", "--pack", pack, "--out", out, "--quiet"], dir);
        assert.strictEqual(cold.code, 1, cold.stderr);
        assert.deepStrictEqual(outputsOf(path.join(dir, "warm")), outputsOf(path.join(dir, out)));
    };

    before(async () => {
        dir = tinyProject(PROGRAM, stackYaml(64));
        fs.writeFileSync(path.join(dir, "limits.yaml"), limitsYaml("0.5"));
        // A copy of the compiled pack, so the test can change it.
        pack = tempDir("watch-pack");
        fs.cpSync(path.join(REPO, "policies"), pack, {
            recursive: true,
            filter: (src) => !/\.(ts|map)$/.test(src),
        });
        child = spawn(
            process.execPath,
            [CLI, "--stack", "dev", "--pack", pack, "--out", "warm", "--quiet", "--watch"],
            { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
        );
        child.stdout!.on("data", () => undefined);
        child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
        await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
                () => reject(new Error(`watch did not start:\n${stderr}`)),
                60_000,
            );
            const check = () =>
                /^watch: watching/m.test(stderr) && (clearTimeout(timer), resolve());
            child.stderr!.on("data", check);
        });
    });
    after(() => {
        if (child.exitCode === null) child.kill("SIGKILL");
        cleanup(dir);
        cleanup(pack);
    });

    it("after an edit of the stack file, writes a cold run's outputs (timestamps aside)", async () => {
        const stackFile = path.join(dir, "Pulumi.dev.yaml");
        await recertifiedAfter(stackFile, () => fs.writeFileSync(stackFile, stackYaml(128)));
        await assertWarmAsCold(/"memoryMb": 128/, "cold");
    });

    it("after an edit of a data file the program reads, writes a cold run's outputs", async () => {
        const limits = path.join(dir, "limits.yaml");
        await recertifiedAfter(limits, () => fs.writeFileSync(limits, limitsYaml("0.75")));
        await assertWarmAsCold(/"cpus": 0\.75/, "cold-data");
    });

    it("after a change to the pack, runs the new pack (restarted), still equal to a cold run", async () => {
        const manifest = path.join(pack, "package.json");
        await recertifiedAfter(manifest, () =>
            fs.writeFileSync(
                manifest,
                fs
                    .readFileSync(manifest, "utf8")
                    .replace(/"version": "[^"]+"/, '"version": "9.9.9-watch"'),
            ),
        );
        await assertWarmAsCold(/"version": "9\.9\.9-watch"/, "cold2");
    });

    it("on Ctrl-C (SIGINT) ends, leaving no child process behind", async () => {
        const children = childrenOf(child.pid!);
        assert.ok(
            children.length >= 2,
            `the program worker and the pack are running: ${children.join(", ")}`,
        );
        const exited = new Promise<number | null>((resolve) =>
            child.once("exit", (code) => resolve(code)),
        );
        child.kill("SIGINT");
        assert.strictEqual(await exited, 1, "the exit code of the last run (blocked)");
        await new Promise((r) => setTimeout(r, 200));
        assert.deepStrictEqual(children.filter(alive), []);
    });
});
