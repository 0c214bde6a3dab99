/**
 * `npm run bench`: the speed targets of certify, measured side by side in one run (this machine
 * is noisy, so ratios of medians taken in alternation, not absolute numbers, are the verdicts).
 *
 * 1. certify of landsraad_tst vs merely running its program under the SDK's mocks, and the real
 *    pack against its no-op twin (≤ 1.1x; issue 11 replaced the certify issue's 1.5x of the
 *    program, which lay below the policy runner's own floor here).
 * 2. Synthetic fleets of 1, 10 and 50 hosts (stacks): per-resource cost must stay flat, and
 *    program evaluation ≤ 15 ms per resource at 50 hosts.
 * 3. `--state` of a 1,000-resource export: the real pack against its no-op twin (≤ 1.1x; replaced
 *    the certify issue's 5 s).
 * 4. `--state` as the export grows to 20,000 resources: time and memory per resource linear.
 * 5. Live checks over SSH against test hosts in network namespaces.
 * 6. `npm run certify` (incremental build + engine) against the engine alone (≤ 1.2x, ≤ 2x).
 * 7. Against the real Pulumi CLI, when it is built (≤ 0.4x, ≤ 0.75x, ≤ 0.15x).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { ensureCli, landsraadWorkspace, Workspace } from "../test/helpers/pulumi-cli";

const REPO = path.resolve(__dirname, "..");
const CLI = path.join(REPO, "policies", "certify", "cli.js");

interface Run {
    ms: number;
    code: number | null;
    stderr: string;
    maxRssKb: number | null;
}

/** Runs a node script; wall time, and peak RSS when GNU time is there to measure it. */
function run(args: string[], cwd = REPO, env: NodeJS.ProcessEnv = {}): Promise<Run> {
    const gnuTime = fs.existsSync("/usr/bin/time");
    const [cmd, argv] = gnuTime
        ? ["/usr/bin/time", ["-f", "maxrss=%M", process.execPath, ...args]]
        : [process.execPath, args];
    return new Promise((resolve) => {
        const started = process.hrtime.bigint();
        const child = spawn(cmd, argv as string[], {
            cwd,
            env: { ...process.env, ...env },
            stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("exit", (code) => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const rss = /maxrss=(\d+)/.exec(stderr);
            resolve({ ms, code, stderr, maxRssKb: rss ? Number(rss[1]) : null });
        });
    });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The real pack against its no-op twin, the same run otherwise: the rules' own cost. */
function againstFloor(real: number[], floor: number[]): string {
    const r = median(real) / median(floor);
    return `The real pack against its floor: **${r.toFixed(2)}x** (target ≤ 1.1x): ${r <= 1.1 ? "met" : "NOT met"}.`;
}
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function tempProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-"));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        `name: chom\nruntime: nodejs\nmain: ${path.join(REPO, "infra", "index.js")}\n`,
    );
    return dir;
}

/**
 * Stack files for `n` synthetic hosts, each a copy of landsraad_tst with its own name and address
 * (198.18.0.0/15).
 */
function writeFleet(dir: string, n: number): string[] {
    const text = fs.readFileSync(path.join(REPO, "Pulumi.landsraad_tst.yaml"), "utf8");
    const names: string[] = [];
    for (let i = 1; i <= n; i++) {
        const name = `fleet-${String(i).padStart(3, "0")}`;
        const address = `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;
        const swapped = text.replaceAll("landsraad_tst", name).replaceAll("10.10.100.20", address);
        fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), parseDocument(swapped).toString());
        names.push(name);
    }
    return names;
}

async function programVsCertify(rounds: number): Promise<string[]> {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-out-"));
    const floorPack = noOpPack(out);
    const program: number[] = [],
        certify: number[] = [],
        floor: number[] = [],
        together: number[] = [];
    let rss = { program: 0, certify: 0 };
    for (let i = 0; i < rounds; i++) {
        const p = await run([path.join(REPO, "bench", "program-only.js"), "landsraad_tst"]);
        const c = await run([
            CLI,
            "--stack",
            "landsraad_tst",
            "--quiet",
            "--out",
            path.join(out, "out"),
        ]);
        const f = await run([
            CLI,
            "--stack",
            "landsraad_tst",
            "--quiet",
            "--pack",
            floorPack,
            "--out",
            path.join(out, "out-floor"),
        ]);
        if (p.code !== 0 || c.code !== 0 || f.code !== 0)
            throw new Error(
                `bench run failed: program ${p.code}, certify ${c.code}, no-op pack ${f.code}: ${p.stderr}${c.stderr}${f.stderr}`,
            );
        program.push(p.ms);
        certify.push(c.ms);
        floor.push(f.ms);
        together.push(
            Math.max(
                ...(await Promise.all([
                    run([path.join(REPO, "bench", "program-only.js"), "landsraad_tst"]).then(
                        (r) => r.ms,
                    ),
                    packStartAlone(),
                ])),
            ),
        );
        rss = {
            program: Math.max(rss.program, p.maxRssKb ?? 0),
            certify: Math.max(rss.certify, c.maxRssKb ?? 0),
        };
    }
    fs.rmSync(out, { recursive: true, force: true });
    const ratio = median(certify) / median(program);
    const x = (xs: number[]) => `${(median(xs) / median(program)).toFixed(2)}x`;
    return [
        `## 1. certify vs the program alone (landsraad_tst, ${rounds} alternating rounds, medians)`,
        "",
        "| run | median wall | vs program | runs | peak RSS of the measured process |",
        "|---|---|---|---|---|",
        `| program under the SDK's mocks (bench/program-only) | ${fmt(median(program))} | 1.00x | ${program.map(fmt).join(", ")} | ${rss.program ? `${Math.round(rss.program / 1024)} MB` : "n/a"} |`,
        `| chom-certify (program + pack over gRPC + outputs) | ${fmt(median(certify))} | ${x(certify)} | ${certify.map(fmt).join(", ")} | ${rss.certify ? `${Math.round(rss.certify / 1024)} MB (CLI only; children not counted)` : "n/a"} |`,
        `| chom-certify with a no-op twin of the pack (same policies, checks that do nothing) | ${fmt(median(floor))} | ${x(floor)} | ${floor.map(fmt).join(", ")} | |`,
        `| the program and the pack merely started side by side (until both are done / serving) | ${fmt(median(together))} | ${x(together)} | ${together.map(fmt).join(", ")} | |`,
        "",
        `Ratio certify / program: ${ratio.toFixed(2)}x (no target since issue 11: its 1.5x lay below the floor of the policy runner, which the twin row measures). ${againstFloor(certify, floor)}`,
        "",
    ];
}

async function fleets(sizes: number[]): Promise<string[]> {
    const lines = [
        "## 2. Synthetic fleets (one stack per host, copies of landsraad_tst; one certify run each)",
        "",
        "| hosts | resources | wall | wall per resource | program evaluation per resource (sum over stacks) |",
        "|---|---|---|---|---|",
    ];
    const dir = tempProject();
    const names = writeFleet(dir, Math.max(...sizes));
    for (const n of sizes) {
        const r = await run(
            [
                CLI,
                ...names.slice(0, n).flatMap((s) => ["--stack", s]),
                "--quiet",
                "--out",
                path.join(dir, `out-${n}`),
            ],
            dir,
            { CHOM_TIMINGS: "1" },
        );
        if (r.code !== 0)
            throw new Error(`fleet of ${n} failed (${r.code}): ${r.stderr.slice(-2000)}`);
        const timings = [...r.stderr.matchAll(/resources=(\d+) programMs=([\d.]+)/g)].map((m) => ({
            resources: Number(m[1]),
            programMs: Number(m[2]),
        }));
        const resources = timings.reduce((a, t) => a + t.resources, 0);
        const programMs = timings.reduce((a, t) => a + t.programMs, 0);
        lines.push(
            `| ${n} | ${resources} | ${fmt(r.ms)} | ${(r.ms / resources).toFixed(1)} ms | ${(programMs / resources).toFixed(1)} ms |`,
        );
    }
    fs.rmSync(dir, { recursive: true, force: true });
    lines.push(
        "",
        `Stacks run in parallel up to the core count (${os.availableParallelism()} here), in warm processes.`,
        "",
    );
    return lines;
}

/** landsraad_tst's own export, written once per directory by `--export-state`. */
async function landsraadExport(dir: string): Promise<string> {
    const exported = path.join(dir, "landsraad.json");
    if (fs.existsSync(exported)) return exported;
    const first = await run([
        CLI,
        "--stack",
        "landsraad_tst",
        "--quiet",
        "--out",
        path.join(dir, "out"),
        "--export-state",
        exported,
    ]);
    if (first.code !== 0) throw new Error(`export failed: ${first.stderr}`);
    return exported;
}

/**
 * An export of `n` resources: landsraad_tst's own, grown with copies of its containers (the
 * heaviest resources for the pack).
 */
async function grownExport(dir: string, n: number): Promise<string> {
    const doc = JSON.parse(fs.readFileSync(await landsraadExport(dir), "utf8")) as {
        deployment: { resources: { urn: string; type: string }[] };
    };
    const base = doc.deployment.resources;
    const containers = base.filter((r) => r.type === "docker:index/container:Container");
    const grown = [...base];
    for (let i = 0; grown.length < n; i++) {
        const c = containers[i % containers.length];
        grown.push({ ...c, urn: `${c.urn}-copy-${i}` });
    }
    doc.deployment.resources = grown;
    const big = path.join(dir, `grown-${n}.json`);
    fs.writeFileSync(big, JSON.stringify(doc));
    return big;
}

/**
 * A pack with the same policies (names, types, schemas) whose checks do nothing: what the policy
 * SDK and the protocol cost by themselves, the floor under any rule code.
 */
function noOpPack(dir: string): string {
    const pack = path.join(dir, "noop-pack");
    fs.mkdirSync(pack);
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(pack, "node_modules"));
    fs.writeFileSync(
        path.join(pack, "PulumiPolicy.yaml"),
        "description: no-op twin of the CHOM pack (benchmark floor)\nruntime: nodejs\n",
    );
    fs.writeFileSync(
        path.join(pack, "package.json"),
        JSON.stringify({ name: "chom-production-readiness", version: "1.0.0", main: "index.js" }),
    );
    fs.writeFileSync(
        path.join(pack, "index.js"),
        `const { PolicyPack } = require("@pulumi/policy");
const { RULES } = require(${JSON.stringify(path.join(REPO, "policies", "rules"))});
const { toPolicy } = require(${JSON.stringify(path.join(REPO, "policies", "lib", "crossguard"))});
const { attestationPolicy } = require(${JSON.stringify(path.join(REPO, "policies", "attestation-policy"))});
const { setUpRunner } = require(${JSON.stringify(path.join(REPO, "policies", "lib", "runner-setup"))});
// As the real pack does (policies/index.ts): the floor is the SDK as this pack runs it.
setUpRunner();
// A resource rule's stack phase (its answer when the stack lacks its subjects) is skipped by the
// real pack on a stack that has them all, as the benchmarked stacks do: the twin leaves it out.
const noop = (p) => {
    if (!p.validateResource) return { ...p, validateStack: () => undefined };
    const validateResource = () => undefined;
    if (p.validateResource.__pulumiType) validateResource.__pulumiType = p.validateResource.__pulumiType;
    const { validateStack, ...resourceOnly } = p;
    return { ...resourceOnly, validateResource };
};
new PolicyPack("chom-production-readiness", { policies: [...RULES.map(toPolicy), attestationPolicy].map(noop) });
`,
    );
    return pack;
}

/**
 * Time from spawning the pack as the language host does to its port line: its fixed cost, alone on
 * the machine.
 */
function packStartAlone(): Promise<number> {
    return new Promise((resolve, reject) => {
        const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
        const started = process.hrtime.bigint();
        const child = spawn(
            process.execPath,
            [
                path.join(pulumiDir, "cmd", "run-policy-pack"),
                "127.0.0.1:0",
                path.join(REPO, "policies"),
            ],
            {
                cwd: path.join(REPO, "policies"),
                env: {
                    ...process.env,
                    PULUMI_NODEJS_STACK: "landsraad_tst",
                    PULUMI_NODEJS_PROJECT: "chom",
                },
                stdio: ["ignore", "pipe", "ignore"],
            },
        );
        child.stdout.once("data", () => {
            resolve(Number(process.hrtime.bigint() - started) / 1e6);
            child.kill("SIGKILL");
        });
        child.once("error", reject);
    });
}

async function stateOf1000(): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-state-"));
    const big = await grownExport(dir, 1000);
    const floorPack = noOpPack(dir);
    const times: number[] = [],
        floor: number[] = [],
        packStart: number[] = [];
    // Seven alternating pairs: on a shared 2-core machine three left the ratio's median some 0.1
    // apart from one run to the next.
    for (let i = 0; i < 7; i++) {
        const r = await run([CLI, "--state", big, "--quiet", "--out", path.join(dir, "out-big")]);
        if (r.code !== 0 && r.code !== 1)
            throw new Error(`--state of 1000 failed (${r.code}): ${r.stderr.slice(-2000)}`);
        times.push(r.ms);
        const f = await run([
            CLI,
            "--state",
            big,
            "--quiet",
            "--pack",
            floorPack,
            "--out",
            path.join(dir, "out-floor"),
        ]);
        if (f.code !== 0)
            throw new Error(
                `--state of 1000 with the no-op pack failed (${f.code}): ${f.stderr.slice(-2000)}`,
            );
        floor.push(f.ms);
        packStart.push(await packStartAlone());
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return [
        "## 3. `--state` of a 1,000-resource export (no program run)",
        "",
        "| run | median wall | runs |",
        "|---|---|---|",
        `| chom-certify --state (1,000 resources, 970 of them containers) | ${fmt(median(times))} | ${times.map(fmt).join(", ")} |`,
        `| the same with a no-op twin of the pack (same policies, checks that do nothing) | ${fmt(median(floor))} | ${floor.map(fmt).join(", ")} |`,
        `| the pack alone, from spawn to serving (run-policy-pack) | ${fmt(median(packStart))} | ${packStart.map(fmt).join(", ")} |`,
        "",
        `The no-op twin is the floor of the policy SDK and the protocol on this machine, under any rule code (it replaced the certify issue's 5 s, which lay below that floor on slower machines: issue 11). ${againstFloor(times, floor)}`,
        "",
    ];
}

/**
 * `--state` as exports grow: wall time and the peak memory of each process (this one, and the
 * pack: CHOM_TIMINGS prints both), which must grow linearly with resources.
 */
/** Cost per resource at the largest size over the middle size's that still counts as linear. */
const LINEAR_TOLERANCE = 1.25;

async function stateScale(sizes: number[]): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-scale-"));
    const lines = [
        "## 4. `--state` as the export grows (linear time and memory)",
        "",
        "| resources | export size | wall | wall per 1,000 resources | of which the pack's AnalyzeStack | peak RSS, chom-certify | peak RSS, policy pack | pack MB per 1,000 resources |",
        "|---|---|---|---|---|---|---|---|",
    ];
    const perThousand: { n: number; wall: number; cli: number; pack: number }[] = [];
    for (const n of sizes) {
        const file = await grownExport(dir, n);
        const r = await run(
            [
                CLI,
                "--state",
                file,
                "--quiet",
                "--timeout",
                "900",
                "--out",
                path.join(dir, `out-${n}`),
            ],
            REPO,
            { CHOM_TIMINGS: "1" },
        );
        if (r.code !== 0 && r.code !== 1)
            throw new Error(`--state of ${n} failed (${r.code}): ${r.stderr.slice(-2000)}`);
        const cli = Number(/cliPeakRssMb=(\d+)/.exec(r.stderr)?.[1]);
        const pack = Number(/timing pack peakRssMb=(\d+)/.exec(r.stderr)?.[1]);
        const stackMs = Number(/analyzeStackMs=(\d+)/.exec(r.stderr)?.[1]);
        const mb = (fs.statSync(file).size / 2 ** 20).toFixed(0);
        lines.push(
            `| ${n.toLocaleString("en")} | ${mb} MB | ${fmt(r.ms)} | ${fmt((r.ms * 1000) / n)} | ${fmt(stackMs)} | ${cli} MB | ${pack} MB | ${((pack * 1000) / n).toFixed(0)} |`,
        );
        perThousand.push({ n, wall: r.ms / n, cli: cli / n, pack: pack / n });
        fs.rmSync(file);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    // Linear past the fixed start-up cost: the largest export's cost per resource against the
    // middle one's (the smallest is mostly start-up).
    const [mid, top] = perThousand.slice(-2);
    const growth = (what: string, a: number, b: number) =>
        `${what} ${(b / a).toFixed(2)}x (${b / a <= LINEAR_TOLERANCE ? "linear" : "NOT linear"})`;
    lines.push(
        "",
        `The supported size is 20,000 resources (a state file up to 256 MiB is read). Per resource, ${top.n.toLocaleString("en")} against ${mid.n.toLocaleString("en")} resources: ${[
            growth("wall", mid.wall, top.wall),
            growth("chom-certify's memory", mid.cli, top.cli),
            growth("the pack's memory", mid.pack, top.pack),
        ].join(", ")}; linear means at most ${LINEAR_TOLERANCE}x.`,
        "",
    );
    return lines;
}

/** Runs a shell command line in the repo (for `npm run`), timed like `run`. */
function runShell(line: string): Promise<Run> {
    return run([
        "-e",
        `process.exitCode = require("child_process").spawnSync(${JSON.stringify(line)}, { shell: true, stdio: "ignore" }).status`,
    ]);
}

/**
 * What users type (issue 11, target 1): `npm run certify` (incremental build, then the engine)
 * against the engine alone, with nothing changed and after one edited rule or program file.
 */
async function whatUsersType(rounds: number): Promise<string[]> {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-npm-"));
    const engine: number[] = [],
        unchanged: number[] = [],
        ruleEdit: number[] = [],
        programEdit: number[] = [];
    const edited = async (file: string): Promise<number> => {
        const before = fs.readFileSync(file, "utf8");
        fs.writeFileSync(file, `${before}// bench edit ${Date.now()}\n`);
        try {
            return (await runShell(`npm run -s certify -- --quiet --out ${out}/e`)).ms;
        } finally {
            fs.writeFileSync(file, before);
            await runShell("node scripts/build.js");
        }
    };
    await runShell("node scripts/build.js");
    for (let i = 0; i < rounds; i++) {
        engine.push((await runShell(`node policies/certify/cli.js --quiet --out ${out}/a`)).ms);
        unchanged.push((await runShell(`npm run -s certify -- --quiet --out ${out}/b`)).ms);
        ruleEdit.push(
            await edited(
                path.join(REPO, "policies", "rules", "firewall", "ssh-admin-only-rate-limited.ts"),
            ),
        );
        programEdit.push(await edited(path.join(REPO, "infra", "containers.ts")));
    }
    fs.rmSync(out, { recursive: true, force: true });
    const x = (xs: number[]) => `${(median(xs) / median(engine)).toFixed(2)}x`;
    return [
        "## 6. What users type: `npm run certify` (incremental build + engine) against the engine alone",
        "",
        "| run | median wall | / engine alone | target | runs |",
        "|---|---|---|---|---|",
        `| engine alone (\`node policies/certify/cli.js\`) | ${fmt(median(engine))} | 1.00x | | ${engine.map(fmt).join(", ")} |`,
        `| \`npm run certify\`, nothing changed since the last build | ${fmt(median(unchanged))} | ${x(unchanged)} | 1.2x | ${unchanged.map(fmt).join(", ")} |`,
        `| \`npm run certify\` after one edited rule file | ${fmt(median(ruleEdit))} | ${x(ruleEdit)} | 2x | ${ruleEdit.map(fmt).join(", ")} |`,
        `| \`npm run certify\` after one edited program file | ${fmt(median(programEdit))} | ${x(programEdit)} | 2x | ${programEdit.map(fmt).join(", ")} |`,
        "",
    ];
}

/**
 * Milliseconds from an edit of landsraad_tst's stack file to `--watch` saying it certified again.
 */
async function watchRecertify(rounds: number): Promise<number[]> {
    const stackFile = path.join(REPO, "Pulumi.landsraad_tst.yaml");
    const original = fs.readFileSync(stackFile, "utf8");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-watch-"));
    const child = spawn(
        process.execPath,
        [CLI, "--quiet", "--out", path.join(out, "o"), "--watch"],
        { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    const said = (pattern: RegExp, from: number) =>
        new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
                () => reject(new Error(`watch did not say ${pattern} in 120 s:\n${stderr}`)),
                120_000,
            );
            const check = () =>
                pattern.test(stderr.slice(from)) &&
                (clearTimeout(timer), child.stderr.off("data", check), resolve());
            child.stderr.on("data", check);
            check();
        });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const times: number[] = [];
    try {
        await said(/^watch: watching/m, 0);
        for (let i = 0; i < rounds; i++) {
            const from = stderr.length;
            const started = process.hrtime.bigint();
            // One value changed, as a user edits it: the app's memory, 1536 MB and back.
            fs.writeFileSync(
                stackFile,
                i % 2 === 0 ? original.replace("memoryMb: 1536", "memoryMb: 1535") : original,
            );
            await said(/^watch: certified again/m, from);
            times.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
    } finally {
        fs.writeFileSync(stackFile, original);
        child.kill("SIGINT");
        await new Promise((r) => child.once("exit", r));
        fs.rmSync(out, { recursive: true, force: true });
    }
    return times;
}

/**
 * Against the real Pulumi CLI (issue 11, target 3), when `scripts/build-pulumi-cli.sh` has built it
 * into the cache: a cold certify against `pulumi preview --policy-pack policies`, `--state` of the
 * 1,000-resource export against `pulumi policy analyze --file`, and a warm `--watch` re-certify
 * against the preview.
 */
async function againstRealCli(rounds: number): Promise<string[]> {
    const title =
        "## 7. Against the real Pulumi CLI (v3.274.0 built from the Go module proxy, test stand-ins for the docker provider and language host)";
    const cached = path.join(os.homedir(), ".cache", "chom", "pulumi-3.274.0", "bin", "pulumi");
    if (!fs.existsSync(cached))
        return [
            title,
            "",
            `Skipped: no built CLI at ${cached} (run \`bash scripts/build-pulumi-cli.sh\`).`,
            "",
        ];
    const cli = ensureCli();
    const ws: Workspace = await landsraadWorkspace(cli);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-real-"));
    try {
        const big = await grownExport(dir, 1000);
        const preview: number[] = [],
            certify: number[] = [],
            analyze: number[] = [],
            state: number[] = [];
        const timed = async (
            f: () => Promise<{ code: number | null }>,
            ok: (code: number | null) => boolean,
            what: string,
        ) => {
            const started = process.hrtime.bigint();
            const r = await f();
            if (!ok(r.code)) throw new Error(`${what} exited ${r.code}`);
            return Number(process.hrtime.bigint() - started) / 1e6;
        };
        for (let i = 0; i < rounds; i++) {
            preview.push(
                await timed(
                    () =>
                        ws.pulumi([
                            "preview",
                            "--stack",
                            "landsraad_tst",
                            "--non-interactive",
                            "--color",
                            "never",
                            "--policy-pack",
                            path.join(REPO, "policies"),
                        ]),
                    (c) => c === 0,
                    "pulumi preview",
                ),
            );
            certify.push((await run([CLI, "--quiet", "--out", path.join(dir, "c")])).ms);
            analyze.push(
                await timed(
                    () =>
                        ws.pulumi([
                            "policy",
                            "analyze",
                            "--file",
                            big,
                            "--policy-pack",
                            path.join(REPO, "policies"),
                            "--non-interactive",
                            "--color",
                            "never",
                        ]),
                    (c) => c !== null,
                    "pulumi policy analyze",
                ),
            );
            state.push(
                (await run([CLI, "--state", big, "--quiet", "--out", path.join(dir, "s")])).ms,
            );
        }
        const warm = await watchRecertify(2 * rounds);
        const ratio = (a: number[], b: number[]) => median(a) / median(b);
        const row = (what: string, ours: number[], theirs: number[], target: number) =>
            `| ${what} | ${fmt(median(ours))} | ${fmt(median(theirs))} | ${ratio(ours, theirs).toFixed(2)}x | ${target}x | ${ratio(ours, theirs) <= target ? "met" : "NOT met"} |`;
        return [
            title,
            "",
            "| chom-certify | median | the real CLI's median | ratio | target | |",
            "|---|---|---|---|---|---|",
            row(
                "cold certify of landsraad_tst vs `pulumi preview --policy-pack policies`",
                certify,
                preview,
                0.4,
            ),
            row(
                "`--state` of the 1,000-resource export vs `pulumi policy analyze --file`",
                state,
                analyze,
                0.75,
            ),
            row(
                "warm `--watch` re-certify after one stack-file edit (edit to outputs written) vs the preview",
                warm,
                preview,
                0.15,
            ),
            "",
            `Runs: preview ${preview.map(fmt).join(", ")}; certify ${certify.map(fmt).join(", ")}; analyze ${analyze.map(fmt).join(", ")}; --state ${state.map(fmt).join(", ")}; --watch ${warm.map(fmt).join(", ")}.`,
            "",
        ];
    } finally {
        ws.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The reading of the numbers, from profiles taken while building this (see BENCHMARKS.md). */
const NOTES = `## Where the time goes, and the targets not met

Profiled with \`--cpu-prof\` on the pack process and the certify process, and timed phase by phase
(\`CHOM_TIMINGS=1\`); not part of the command above. The no-op rows above are the floors.

- **Noise.** On the shared 2-core machine of 2026-12-01 the runs of one command spread 10-15%, the
  machine's speed drifted by a quarter between full runs (the engine alone, section 6: 2.05 s in
  one, 2.64 s in the table above), and a ratio moved by up to 0.2 between runs of the same code.
  Full runs that day: section 3 (seven pairs each) 1.06x, 1.11x, 0.98x (a real pack "faster" than
  its twin), 1.19x, 1.13x and, in the table above, 1.10x; section 1: 0.96x, 1.21x, 0.97x, 0.93x;
  section 6's unchanged row 1.37x, 1.13x, 1.15x, 1.15x, 1.16x; section 7's \`--state\` row 0.74x
  (the pack before that day's changes), 0.78x, 0.80x, 0.77x, 0.80x, then 0.70x with certify's
  calls over Node's http2 (see the \`--state\` note), and its cold row 0.45x (before), 0.36x,
  0.42x, 0.40x, 0.45x, 0.40x. Sections 3, 6 and 7 take 7, 5 and 5 rounds since. A ratio within
  about 0.1 of its target is at the limit here, whichever side one run put it on; the profiles and
  CPU counts in these notes are what a change was judged by.
- **certify / program (the certify issue's 1.5x, replaced in issue 11 by the floor ratio)**
  (1.52x on the machine of 2026-11-30; 1.32x, 1.58x, 1.72x, 1.32x in four full runs of 2026-12-01).
  A run is three processes on two cores: the program worker (loading \`@pulumi/pulumi\`,
  \`@pulumi/docker\`, then the program), the policy pack started as the language host starts it
  (\`run-policy-pack\`: the SDK again, plus the TypeScript compiler it registers for every pack,
  about 1.2 s alone) and this process. Merely starting the program and
  the pack side by side already costs about 1.2x the program. The rest is the protocol run after
  the program (Handshake, GetAnalyzerInfo, Configure overlap the program now; 47 x Remediate and
  Analyze plus AnalyzeStack against a pack whose code is still cold, about 0.3 s) and the outputs.
  The no-op twin of the pack costs about the same as the real one here (47 resources).
  Done to get from 2.0x to 1.7-1.8x (runs vary that much here): requests encoded once, while the
  pack starts; the pack configured while the program runs (the engine loads packs first, too);
  config validators compiled at build time; the gRPC client, rules and report modules loaded while
  the processes start. Tried without gain: forking the program worker before the input is checked
  (the pack's start-up is then the critical path).
- **The real pack against its floor (sections 1 and 3, target 1.1x).** The no-op twin did not
  share deserialization as the real pack does (policies/index.ts), so it deserialized a request
  once per policy and its floor stood too high: the real pack looked as fast as its twin. With the
  twin fixed, 47 resources stay near the floor, and at 1,000 the rules cost 1.19x the floor. Cut
  since: the rules read a view of each request's properties (known values raw, unknown ones
  through the SDK's proxy, which throws as before; a sweep test judges every rule both ways), made
  once per request; the service identity and the image index are made once per request, not per
  policy; today's date once per day. Measured: the rule callbacks replayed in one process, first
  pass 212 -> 120 ms (medians of 7); the pack's CPU 4.38 -> 3.96 s against the twin's 3.36 s
  (medians of 3); section 3 from 1.19x to 1.12-1.16x over four runs (1.16x in the table above).
  What is left, by A/B runs of the pack (7 each): the rules' checks in the per-resource phase
  about 0.35 s of CPU, the stack rules about 0.1 s,
  reporting the 6,781 not-applicable answers about 0.06 s. In the pack the same callbacks take
  about three times what they take replayed alone (0.29-0.33 s against 0.11 s for 21,404 calls,
  timed call by call; median call 6.7-7.5 us against 2.3 us). The cause is the CPU cache: replayed
  with 1 MB of memory touched before each call, as the SDK's gRPC and protobuf work does between
  the pack's calls, the median call takes 6.8 us; pinning the pack to a core of its own changes
  nothing, and running all of a resource's rules back to back (one burst per resource) costs the
  same (207 against 208 ms replayed). What is left is the rules' own code, fetched anew per call.
  Tried without gain (A/B, reverted): not-applicable thrown without building an Error; views built to share one
  object shape; each rule's config with defaults remembered; 8 or 128 calls in flight instead of
  32. (Not reporting not-applicable at all would save the 0.06 s, and change the results: measured
  only.) Since, on a machine about twice as slow: the debugger the policy runner turns on is off
  in the pack, and in the twin, which runs the SDK as the pack does (policies/lib/runner-debugger:
  with it on, every throw searches the stack for a catcher, and each not-applicable or unknown
  answer is a throw; profiled in the pack, the SDK's throwNotApplicable took 138 ms of CPU for
  6,730 answers with it on, 16 ms off); the service identity tells an unknown image without a
  throw; the stack policies of a request share its subjects; credential patterns are compiled
  once. The rule callbacks, inclusive, 824 -> 582 ms in one profile each. Wall time could not
  resolve it: 16 alternating pairs of the pack alone, faster in 9, median paired CPU -0.07 s, with
  runs of one pack spread about 15%. Section 3 therefore runs seven pairs, not three (its runs:
  see Noise above). Later that day, the pack's own CPU over six alternating pairs of the same code
  (\`--state\` of 1,000): real 4.74-7.53 s, twin 5.12-6.94 s, paired differences -0.38 to +1.46 s,
  median +0.65 s (about 1.11x). Time inside the rule callbacks, timed call by call in the pack:
  345-466 ms for 21,404 calls (three runs); replayed in one process without the SDK, about 100 ms
  a pass (medians of 20). Tried without gain: judging all of a resource's rules at its first
  policy call and keeping the answers for the others (391-459 ms in the callbacks).
- **Cold certify against the real preview (section 7, target 0.4x): at the limit.** Both sides
  run the same pack, so a pack saving moves both; what moves the ratio is this command's own share.
  The pack's start-up (\`run-policy-pack\` loading the SDK, TypeScript and npm's arborist, then the
  rules: about 0.66 s alone, section 3) is a cold run's critical path; the program worker loads
  \`@pulumi/pulumi\`'s TypeScript and arborist only on first use (certify/deferred-modules.ts) and
  runs 10 nice levels down, so the pack gets the CPU first. Since: the pack starts as soon as the
  stack file is read (six alternating runs: median 1.26 s against 1.28 s), and Handshake,
  GetAnalyzerInfo and ConfigureStack go out back to back (configure phase 128 ms against 136 ms,
  five alternating runs). Timed across both processes, from the pack's port line to Configure
  answered takes about 145 ms, of which the pack works about 30: the rest is this process decoding
  the pack's info (about 30 ms, google-protobuf's decoder still cold) and reconciling the config
  (about 20 ms) while the program's requests are encoded. Runs of this row gave 0.36x to 0.45x
  (see Noise).
- **Fleets are flat.** Warm processes (one program worker and one pack per core, each stack in a
  fresh runtime store) pay the load once per core, so the cost per resource falls as the fleet
  grows; program evaluation is well under 15 ms per resource at 50 hosts.
- **\`--state\` of 1,000 resources against \`pulumi policy analyze --file\` (section 7, target
  0.75x): met on the machine of 2026-11-30 once the requests were the engine's (0.67x-0.71x); not
  on the slower machine of 2026-12-01 (0.77x-0.80x in four full runs with that day's pack), until
  certify's calls went over Node's http2 (0.70x in the table above; see below).** The
  engine's lead over certify stayed about the same (3.71 s against 5.45 s then; 6.16 s against
  8.01 s and 6.77 s against 8.50 s here) while both runs grew by 2.5-3 s, in the work they
  share (the pack). A preload that records what the pack process
  receives (test/helpers/analyzer-request-recorder.ts) showed certify's AnalyzeStack request 8%
  larger than the engine's: it sent an empty dependency list for every property, which the engine
  leaves out (analyzer_plugin.go), and every stack policy's SDK loop turned each into an empty list.
  The pack's AnalyzeStack handler took 500-600 ms under certify against 280-350 ms under the engine
  (three runs each). Now every Remediate, Analyze and AnalyzeStack request is byte for byte the
  engine's (a real-CLI test records both sides), the handler takes 260-275 ms, and paired runs gave
  3.71 s against 5.45 s, 3.76 s against 5.58 s, 3.67 s against 5.50 s (0.67x-0.68x). Also since the
  last full run: the subject digest's entries are made while waiting for the pack to start (the
  Analyze phase went from about 2.06 s to 1.93 s, five alternating runs). What is left of this
  process's share: about 0.25 s before the pack is ready (reading and hashing the export, encoding
  the requests, on the core the pack's start-up would otherwise have alone) and about 0.2 s of
  outputs at the end. The pack itself is CPU-bound in the policy SDK (protobuf, deserialization,
  scavenges), a floor both runners pay; earlier attempts without gain: 2-8 gRPC channels or 4-256
  calls in flight (the pack's idle time fell, its GC grew as much), Analyze sent without waiting
  for Remediate's answer, V8's compile cache for the pack, larger semi-spaces. Later (2026-12-01,
  CPU profiles in 1 s steps): in the per-resource phase the pack waits for requests 17-19% of the
  time while this process is idle about 60%: answers and requests cross in batches. A larger HTTP/2
  window in the pack (4 MiB a stream, 32 MiB the connection) raised the pack's waiting to 23-25%;
  not kept. Nor were the lanes started in two groups 6 ms apart, so that a second batch would wait
  in the pack's socket while it works on the first (its waiting stayed at 18-21%, against 20%), or
  scavenges on the pack's main thread only (V8's parallel scavenge off: five alternating pairs,
  median 7.33 s against 6.43 s). What the pack waits for is this process's turn-around. This process
  now makes its calls over Node's own \`http2\` with the gRPC framing (certify/grpc-unary.ts; the
  pack's server is grpc-js as before, the results the same), not through grpc-js's client and its
  resolver, load balancer, retries, interceptors and metadata: this process's CPU 3.36 s against
  4.42 s (medians of four alternating pairs, 2,000 calls); six alternating pairs, per-resource
  phase 3.71 s against 4.50 s and wall 7.77 s against 8.61 s (medians, a slow spell of the
  machine), faster in every pair; cold certify of landsraad_tst 2.82 s against 2.97 s (five
  pairs). The pack alone starts in 1.16-1.69 s; beside this process, which
  spends about 1.5 s of CPU in that window (its own start-up included), 1.86-1.99 s from spawn to
  its port. After AnalyzeStack this process takes about 0.4 s: results 0.11 s, outputs 0.28 s
  (9.0 MB of attestation.json and 3.7 MB of JUnit for 1,000 resources).
- **\`--state\` as it grows (section 4).** The summary of SARIF results grouped each rule's results
  by copying the list once per result: quadratic, 1.35 s of a 10,000-resource run's output time
  (CPU profile), and the main reason 20,000 resources took 114 s in the run before (5.72 s per
  1,000 against 2.98 s at 5,000). Results are now grouped in one pass (lib/group-by.ts): 61 s in the
  first full run after. The pack's AnalyzeStack still grows faster than the export (4.0 s at 5,000,
  22.9 s at 20,000 in that run): its minor GCs are the cost (at 5,000 and 10,000 resources, 501 and
  991 scavenges of 5.7 ms and 6.5 ms on average, the request's decoded messages live throughout),
  and the no-op twin of the pack grew the same way (AnalyzeStack 5.3 s at 5,000, 12.8 s at 10,000),
  so it is the policy SDK's, which \`pulumi policy analyze\` runs too. A single gRPC call is
  bounded by \`--timeout\` (default 120 s); the row gives 900 s, and a user certifying that many
  resources on a slow machine should too.
- **\`npm run certify\` after an edited file (section 6, target 2x): met with the native
  compiler.** tsc 5.9's incremental build re-created its program on every run: after a one-line
  edit \`--extendedDiagnostics\` gave 881 files (100,014 lines of declarations, @types/node the
  largest), Parse 0.95 s, Bind 0.54 s, Check 0.08 s, Emit 0.07 s, 2.2 s in all. Splitting into
  project references would not remove @types/node or @pulumi/pulumi from the projects an edit
  rebuilds (estimated, not built). \`scripts/build.js\` now runs TypeScript 7's native port
  (\`tsgo -b tsconfig.tsgo.json\`, @typescript/native-preview 7.0.0-dev.20260707.2): 0.6-0.7 s
  after an edit, 0.18 s with nothing changed (tsc 0.40 s; medians of five, load 7), 4-5 s from
  nothing (tsc 21 s). \`npm run -s build\` after a one-line edit (three per file, load 6): 1.0-1.4 s
  against 3.2-9.0 s with tsc 5.9; nothing changed 0.3-0.4 s against 0.4-1.1 s. Against the
  engine alone, paired (3 rounds, load 7-9): after a rule edit 1.07x (tsc 5.9: 3.44x), after a
  program edit 1.56x (2.77x); section 6 alone (load 6): 0.86x nothing changed, 1.05x and 1.09x
  after an edit. At such loads the engine alone varied twofold within a run: the build times
  above are the steadier measure. It is a dev preview:
  it dropped the parentheses of \`new (require(..) as T).default(..)\` (a call without \`new\`),
  so test/build holds every emitted file to tsc 5.9's transpile, comments and layout aside;
  \`CHOM_BUILD=tsc\` (or a platform without the package) builds with tsc 5.9, and
  \`npm run typecheck\` checks with it. Both compilers' \`-b\` trust timestamps: an output
  deleted, or a source edited with an older time, is not rebuilt (one removes the other's build
  info, so switching is a full build, never a stale one); \`scripts/build.js\` removes compiled
  output whose source is gone (a renamed \`.ts\` left a \`.js\` that \`require\` still found).
- **Live checks, 10 hosts / one host (target 1.5x): not met here.** The ten test hosts are network
  namespaces of this machine: their sshd, shells, docker CLI, nft, ss and curl, and the one Docker
  engine all ten ask, run on the same 2 cores as the checker (and as whatever else runs on the
  machine). What one host's check costs the host is in the table's note, from sshd's own accounting:
  ten of those, with the engine's share and the checker's, are more CPU than two cores give in one
  host's wall time, so here the ratio has a floor well above the target. Cut so far, every
  observation the same: the batch calls the docker CLI once, not three times (curl GETs the engine's
  container list, then one inspect of the containers and their images), one curl makes every
  monitoring GET, and the shell reads \`/proc\` and \`/sys\` itself; the SSH connection sets TCP_NODELAY
  (each turn of the handshake waited out a delayed ACK); and the test hosts are what a host is:
  root's home a fresh Debian one (this machine's own \`.bashrc\` ran a Python version manager's
  set-up, dozens of processes, before every command sshd ran) and the containers' health checks at
  the declared 30 s (at 1 s, sixteen of them kept the engine busy through every measurement). The
  one engine the ten namespaces share does per host what each host's own engine would; ten engines
  would add only their background. On real hosts, whose commands run on their own CPUs, the fan-out
  costs about one host's wall time. One host (target 2 s) and the ratio against one \`ssh\` process
  per command (target 5x) are met: see the table.
`;

/**
 * Sections of BENCHMARKS.md other commands write (`npm run mutation`'s scores), kept across bench
 * runs.
 */
function keptSections(): string {
    const file = path.join(REPO, "BENCHMARKS.md");
    const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    const at = old.indexOf("\n## Mutation testing");
    return at < 0 ? "" : old.slice(at);
}

async function main(): Promise<void> {
    const header = [
        "# Benchmarks",
        "",
        `Made by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
        "Each table comes from one run of the command; compare ratios, not absolute numbers, across machines.",
        "",
    ];
    // `--only=state` (or ratio, fleets, scale, live, npm, realcli) runs one section, to look at it;
    // BENCHMARKS.md is only written from a full run.
    const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
    const sections: string[] = [];
    if (!only || only === "ratio") sections.push(...(await programVsCertify(5)));
    if (!only || only === "fleets") sections.push(...(await fleets([1, 10, 50])));
    if (!only || only === "state") sections.push(...(await stateOf1000()));
    if (!only || only === "scale") sections.push(...(await stateScale([1000, 5000, 20000])));
    // Needs root and the test host's Debian packages (scripts/setup-test-env.sh).
    if (!only || only === "live") sections.push(...(await (await import("./live")).liveSection()));
    if (!only || only === "npm") sections.push(...(await whatUsersType(5)));
    if (!only || only === "realcli") sections.push(...(await againstRealCli(5)));
    const text = [...header, ...sections, NOTES].join("\n");
    process.stdout.write(`${text}\n`);
    if (process.argv.includes("--write") && !only)
        fs.writeFileSync(path.join(REPO, "BENCHMARKS.md"), `${text}${keptSections()}`);
}

if (require.main === module)
    main().catch((e: unknown) => {
        process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
        process.exitCode = 1;
    });
