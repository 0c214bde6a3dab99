/**
 * `npm run bench`: the speed targets of certify, measured side by side in one run (this machine
 * is noisy, so ratios of medians taken in alternation, not absolute numbers, are the verdicts).
 *
 * 1. certify of landsraad_tst vs merely running its program under the SDK's mocks (≤ 1.5x).
 * 2. Synthetic fleets of 1, 10 and 50 hosts (stacks): per-resource cost must stay flat, and
 *    program evaluation ≤ 15 ms per resource at 50 hosts.
 * 3. `--state` evaluation of a 1,000-resource export: under 5 s.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";

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
    const [cmd, argv] = gnuTime ? ["/usr/bin/time", ["-f", "maxrss=%M", process.execPath, ...args]] : [process.execPath, args];
    return new Promise((resolve) => {
        const started = process.hrtime.bigint();
        const child = spawn(cmd, argv as string[], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
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
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function tempProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-"));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: chom\nruntime: nodejs\nmain: ${path.join(REPO, "infra", "index.js")}\n`);
    return dir;
}

/** Stack files for `n` synthetic hosts, each a copy of landsraad_tst with its own name and address (198.18.0.0/15). */
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
    const program: number[] = [], certify: number[] = [];
    let rss = { program: 0, certify: 0 };
    for (let i = 0; i < rounds; i++) {
        const p = await run([path.join(REPO, "bench", "program-only.js"), "landsraad_tst"]);
        const c = await run([CLI, "--stack", "landsraad_tst", "--quiet", "--out", out]);
        if (p.code !== 0 || c.code !== 0) throw new Error(`bench run failed: program ${p.code}, certify ${c.code}: ${p.stderr}${c.stderr}`);
        program.push(p.ms);
        certify.push(c.ms);
        rss = { program: Math.max(rss.program, p.maxRssKb ?? 0), certify: Math.max(rss.certify, c.maxRssKb ?? 0) };
    }
    fs.rmSync(out, { recursive: true, force: true });
    const ratio = median(certify) / median(program);
    return [
        `## 1. certify vs the program alone (landsraad_tst, ${rounds} alternating rounds, medians)`,
        "",
        "| run | median wall | runs | peak RSS of the measured process |",
        "|---|---|---|---|",
        `| program under the SDK's mocks (bench/program-only) | ${fmt(median(program))} | ${program.map(fmt).join(", ")} | ${rss.program ? `${Math.round(rss.program / 1024)} MB` : "n/a"} |`,
        `| chom-certify (program + pack over gRPC + outputs) | ${fmt(median(certify))} | ${certify.map(fmt).join(", ")} | ${rss.certify ? `${Math.round(rss.certify / 1024)} MB (CLI only; children not counted)` : "n/a"} |`,
        "",
        `Ratio certify / program: **${ratio.toFixed(2)}x** (target ≤ 1.5x): ${ratio <= 1.5 ? "met" : "NOT met"}.`,
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
        const r = await run([CLI, ...names.slice(0, n).flatMap((s) => ["--stack", s]), "--quiet", "--out", path.join(dir, `out-${n}`)], dir, { CHOM_TIMINGS: "1" });
        if (r.code !== 0) throw new Error(`fleet of ${n} failed (${r.code}): ${r.stderr.slice(-2000)}`);
        const timings = [...r.stderr.matchAll(/resources=(\d+) programMs=([\d.]+)/g)].map((m) => ({ resources: Number(m[1]), programMs: Number(m[2]) }));
        const resources = timings.reduce((a, t) => a + t.resources, 0);
        const programMs = timings.reduce((a, t) => a + t.programMs, 0);
        lines.push(`| ${n} | ${resources} | ${fmt(r.ms)} | ${(r.ms / resources).toFixed(1)} ms | ${(programMs / resources).toFixed(1)} ms |`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    lines.push("", `Stacks run in parallel up to the core count (${os.availableParallelism()} here), in warm processes.`, "");
    return lines;
}

async function stateOf1000(): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-bench-state-"));
    const exported = path.join(dir, "landsraad.json");
    const first = await run([CLI, "--stack", "landsraad_tst", "--quiet", "--out", path.join(dir, "out"), "--export-state", exported]);
    if (first.code !== 0) throw new Error(`export failed: ${first.stderr}`);
    const doc = JSON.parse(fs.readFileSync(exported, "utf8")) as { deployment: { resources: { urn: string; type: string }[] } };
    const base = doc.deployment.resources;
    const containers = base.filter((r) => r.type === "docker:index/container:Container");
    const grown = [...base];
    for (let i = 0; grown.length < 1000; i++) {
        const c = containers[i % containers.length];
        grown.push({ ...c, urn: `${c.urn}-copy-${i}` });
    }
    doc.deployment.resources = grown;
    const big = path.join(dir, "big.json");
    fs.writeFileSync(big, JSON.stringify(doc));
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
        const r = await run([CLI, "--state", big, "--quiet", "--out", path.join(dir, "out-big")]);
        if (r.code !== 0 && r.code !== 1) throw new Error(`--state of 1000 failed (${r.code}): ${r.stderr.slice(-2000)}`);
        times.push(r.ms);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return [
        "## 3. `--state` of a 1,000-resource export (no program run)",
        "",
        `${grown.length} resources: median ${fmt(median(times))} over ${times.map(fmt).join(", ")} (target < 5 s): ${median(times) < 5000 ? "met" : "NOT met"}.`,
        "",
    ];
}

/** The reading of the numbers, from profiles taken while building this (see BENCHMARKS.md). */
const NOTES = `## Where the time goes, and the targets not met

Profiled this session with \`--cpu-prof\` on the pack process and the certify process (not part of
the command above):

- **certify / program = 2.0x (target 1.5x).** A run is three processes on two cores: the program
  worker (about 1.2 s, nearly all of it loading \`@pulumi/pulumi\` and \`@pulumi/docker\`), the policy
  pack started as the language host starts it (\`run-policy-pack\`, about 1.5 s: the SDK again, plus
  the TypeScript compiler that \`run-policy-pack\` registers for every pack), in parallel, then the
  analysis (about 0.7 s for 47 resources: 95 RPCs pipelined, with the pack's code still cold).
  What would close the gap is not in this code: the SDK's load time, or a pack kept warm between
  runs (a daemon), which the design rules out.
- **Fleets are flat.** Warm processes (one program worker and one pack per core, each stack in a
  fresh runtime store) pay the load once per core, so the cost per resource falls as the fleet
  grows; program evaluation is well under 15 ms per resource at 50 hosts.
- **\`--state\` of 1,000 resources = about 10 s (target 5 s).** The pack is the bottleneck: the
  policy SDK deserializes a resource's properties once per policy that applies to it (about 16
  per container) in Analyze, and once per stack policy (13) in AnalyzeStack, so about 29
  protobuf-to-JS conversions per container; with its garbage collection that is about 6 s of the
  pack's CPU. Splitting the analysis over two pack processes was tried and measured slower on
  two cores (the certify process itself needs one for protobuf encoding).
`;

async function main(): Promise<void> {
    const header = [
        "# Benchmarks",
        "",
        `Made by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
        "Each table comes from one run of the command; compare ratios, not absolute numbers, across machines.",
        "",
    ];
    const sections = [...(await programVsCertify(5)), ...(await fleets([1, 10, 50])), ...(await stateOf1000())];
    const text = [...header, ...sections, NOTES].join("\n");
    process.stdout.write(`${text}\n`);
    if (process.argv.includes("--write")) fs.writeFileSync(path.join(REPO, "BENCHMARKS.md"), text);
}

main().catch((e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
});
