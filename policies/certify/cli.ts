#!/usr/bin/env node
/**
 * chom-certify: evaluates stacks with the policy pack exactly as `pulumi preview --policy-pack
 * policies` would, offline, and writes the certificate data. Exit 0: no mandatory failure;
 * 1: blocked by at least one; 2: could not evaluate (never a pass).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import type { CodeQualityEvidence, Evaluation } from "../lib/results";
import type { DsseSigner } from "../report/dsse";
import { EvaluationError, EXIT } from "./errors";
import { evaluateStack, StackEvaluation, StackSource } from "./evaluate-stack";
import { runMaterials } from "./materials";
import { PackPool } from "./pack-process";
import { PolicyConfigEntry, readPolicyConfigFile } from "./policy-config";
import { ProgramPool } from "./program-runner";
import { forgetSigningEnv, loadSigningKey } from "./signing-key";
import { readProject, readStackFile } from "./stack-file";

const USAGE = `usage: chom-certify [--stack NAME ...] [--state FILE] [--export-state FILE]
                    [--policy-config FILE] [--evidence FILE] [--out DIR] [--quiet] [--json]
                    [--timeout SECONDS] [--project DIR] [--pack DIR] [--sign-key FILE]
       chom-certify verify --key PUBLIC.pem --envelope FILE [--state FILE] [--pack DIR] [--outputs DIR]

  --project DIR         the Pulumi project (Pulumi.yaml, nodejs runtime; default: the current directory);
                        its program runs as \`pulumi preview\` runs it, TypeScript through the SDK's ts-node
  --stack NAME          certify DIR/Pulumi.NAME.yaml (repeat for a fleet; default landsraad_tst)
  --state FILE          certify a \`pulumi stack export\` file instead of running the program
  --export-state FILE   write the evaluated resources as a \`pulumi stack export\` file (one stack)
  --policy-config FILE  policy pack config in Pulumi's format ({"all": "mandatory", "<policy>": {...}})
  --evidence FILE       Code Quality evidence: {"score": 0-100, "source": "..."}
  --out DIR             output directory (default out/<stack>/)
  --json                print the result model (JSON) on stdout
  --quiet               print nothing but errors
  --timeout SECONDS     per program run and per policy pack call (default 120)
  --pack DIR            the policy pack (default: this package's policies/)
  --sign-key FILE       sign the attestation (attestation.dsse.json, DSSE) with this PEM private key,
                        ECDSA P-256 or Ed25519; or the PEM in $CHOM_SIGN_KEY. An encrypted key's
                        passphrase: $CHOM_SIGN_KEY_PASSPHRASE. Without a key the attestation is unsigned
exit codes: 0 no mandatory failure, 1 blocked by a mandatory failure, 2 could not evaluate
(\`chom-certify verify --help\`: checking a signed attestation)`;

interface CliOptions {
    sources: StackSource[];
    exportState?: string;
    policyConfig: Record<string, PolicyConfigEntry>;
    evidence: CodeQualityEvidence | null;
    out?: string;
    quiet: boolean;
    json: boolean;
    timeoutMs: number;
    packDir: string;
    /** Signs the attestation; null = unsigned. */
    signer: DsseSigner | null;
    /** What every stack's attestation binds besides its resources. */
    materials: ReturnType<typeof runMaterials>;
}

function readEvidence(file: string): CodeQualityEvidence {
    let doc: { score?: unknown; source?: unknown };
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8")) as { score?: unknown; source?: unknown };
    } catch (e) {
        throw new EvaluationError(`--evidence ${file}: cannot read JSON: ${(e as Error).message.split("\n")[0]}`);
    }
    if (typeof doc?.score !== "number" || !(doc.score >= 0 && doc.score <= 100)) throw new EvaluationError(`--evidence ${file}: "score" must be a number from 0 to 100`);
    if (typeof doc.source !== "string" || !doc.source) throw new EvaluationError(`--evidence ${file}: "source" must name where the evidence comes from`);
    return { score: doc.score, source: doc.source };
}

/** Parses and checks every input before anything runs: bad input changes nothing. */
export function parseCli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): CliOptions {
    let values: ReturnType<typeof parse>["values"];
    function parse() {
        return parseArgs({
            args: argv, allowPositionals: false, strict: true,
            options: {
                stack: { type: "string", multiple: true }, state: { type: "string", multiple: true }, "export-state": { type: "string" },
                "policy-config": { type: "string" }, evidence: { type: "string" }, out: { type: "string" }, quiet: { type: "boolean" },
                json: { type: "boolean" }, timeout: { type: "string" }, project: { type: "string" }, pack: { type: "string" }, help: { type: "boolean" },
                "sign-key": { type: "string" },
            },
        });
    }
    try {
        values = parse().values;
    } catch (e) {
        throw new EvaluationError(`${(e as Error).message}\n${USAGE}`);
    }
    if (values.help) throw Object.assign(new EvaluationError(USAGE), { help: true });
    const projectDir = path.resolve(cwd, values.project ?? ".");
    const packDir = path.resolve(values.pack ?? path.join(__dirname, ".."));
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) throw new EvaluationError(`--pack ${packDir}: not a policy pack (no PulumiPolicy.yaml there)`);
    const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
    if (!(timeout > 0 && timeout <= 3600)) throw new EvaluationError(`--timeout ${values.timeout}: give seconds between 1 and 3600`);
    const states = (values.state ?? []).map((f) => path.resolve(cwd, f));
    const stacks = values.stack ?? (states.length ? [] : ["landsraad_tst"]);
    const dup = stacks.find((n, i) => stacks.indexOf(n) !== i);
    if (dup) throw new EvaluationError(`--stack ${dup} is given twice`);
    if (values["export-state"] && stacks.length + states.length !== 1) throw new EvaluationError("--export-state writes one stack: give exactly one --stack or --state");
    // Fail fast on unreadable project, stack and state files, before starting any process; the
    // files read here are the ones evaluated.
    const project = stacks.length ? readProject(projectDir) : undefined;
    const sources: StackSource[] = [
        ...stacks.map((stack) => ({ project: project!, stackFile: readStackFile(projectDir, project!.name, stack) })),
        ...states.map((stateFile) => {
            if (!fs.existsSync(stateFile)) throw new EvaluationError(`--state ${stateFile}: no such file`);
            return { stateFile };
        }),
    ];
    const policyConfigFile = values["policy-config"] ? path.resolve(cwd, values["policy-config"]) : undefined;
    const evidenceFile = values.evidence ? path.resolve(cwd, values.evidence) : undefined;
    const policyConfig = policyConfigFile ? readPolicyConfigFile(policyConfigFile) : {};
    const evidence = evidenceFile ? readEvidence(evidenceFile) : null;
    // The signing key last among the inputs, and still before anything runs: a bad key writes nothing.
    const signer = loadSigningKey(values["sign-key"] === undefined ? undefined : path.resolve(cwd, values["sign-key"]), env);
    return {
        sources,
        exportState: values["export-state"] ? path.resolve(cwd, values["export-state"]) : undefined,
        policyConfig,
        evidence,
        out: values.out ? path.resolve(cwd, values.out) : undefined,
        quiet: values.quiet ?? false,
        json: values.json ?? false,
        timeoutMs: timeout * 1000,
        packDir,
        signer,
        materials: runMaterials(packDir, { policyConfig: policyConfigFile, evidence: evidenceFile, states }),
    };
}

/** Runs `jobs` with at most `limit` at a time, keeping their order in the results. */
async function bounded<T>(jobs: (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
    const results: PromiseSettledResult<T>[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
        while (next < jobs.length) {
            const i = next++;
            try {
                results[i] = { status: "fulfilled", value: await jobs[i]() };
            } catch (reason) {
                results[i] = { status: "rejected", reason };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
    return results;
}

export interface CertifyRun {
    exitCode: number;
    evaluations: Evaluation[];
    errors: string[];
}

export async function certify(options: CliOptions, log: (line: string) => void): Promise<CertifyRun> {
    const lanes = Math.max(1, Math.min(os.availableParallelism(), options.sources.length));
    const pools = { programs: new ProgramPool(lanes), packs: new PackPool(lanes) };
    // Loaded once the program and pack processes are started (below), while they work.
    const later = new Promise<[typeof import("../rules"), typeof import("./to-evaluation"), typeof import("../report/write-outputs"), typeof import("./state-file")]>((resolve) =>
        setImmediate(() => resolve(Promise.all([import("../rules"), import("./to-evaluation"), import("../report/write-outputs"), import("./state-file")]))));
    later.catch(() => undefined); // a failed load is reported by the job that awaits it, never as an unhandled rejection
    const jobs = options.sources.map((source) => async () => {
        const raw: StackEvaluation = await evaluateStack(source, { packDir: options.packDir, policyConfig: options.policyConfig, timeoutMs: options.timeoutMs, pools });
        const [{ RULES }, { toEvaluation }, { writeOutputs }, { writeStateFile }] = await later;
        for (const w of raw.warnings) log(`warning: ${w}`);
        const evaluation = toEvaluation(raw, RULES, options.evidence);
        const outDir = options.sources.length > 1 && options.out ? path.join(options.out, raw.stack) : options.out ?? path.join(process.cwd(), "out", raw.stack);
        fs.mkdirSync(outDir, { recursive: true });
        writeOutputs(outDir, evaluation, { materials: options.materials.forState("stateFile" in source ? source.stateFile : undefined), signer: options.signer ?? undefined });
        if (options.exportState) writeStateFile(options.exportState, raw.resources, `chom-certify ${raw.pack.version}`);
        return { evaluation, outDir, timings: raw.timings, phaseMs: raw.phaseMs };
    });
    let settled: PromiseSettledResult<Awaited<ReturnType<(typeof jobs)[number]>>>[];
    try {
        settled = await bounded(jobs, lanes);
    } finally {
        pools.programs.close();
        await pools.packs.close();
    }
    const evaluations: Evaluation[] = [];
    const errors: string[] = [];
    for (const [i, s] of settled.entries()) {
        const source = options.sources[i];
        const label = "stateFile" in source ? source.stateFile : source.stackFile.stack;
        if (s.status === "rejected") {
            const e = s.reason as Error;
            errors.push(e instanceof EvaluationError ? e.message : `${label}: internal error: ${e.stack ?? e.message}`);
            continue;
        }
        evaluations.push(s.value.evaluation);
        // For benchmarks: where the time went, per stack (stderr, so --json stays clean).
        if (process.env.CHOM_TIMINGS) {
            const t = s.value.timings;
            const phases = Object.entries(s.value.phaseMs).map(([k, v]) => `${k}Ms=${v}`).join(" ");
            process.stderr.write(`timing ${s.value.evaluation.stack} resources=${s.value.evaluation.resourceCount} programMs=${t.programMs.toFixed(1)} readyMs=${t.packReadyMs} ${phases} totalMs=${t.totalMs}\n`);
        }
        if (!options.quiet) log((await import("./summary")).renderSummary(s.value.evaluation, s.value.outDir, options.signer?.algorithm ?? null));
    }
    const { isBlocking } = await import("../lib/results");
    const blocked = evaluations.some((e) => e.results.some(isBlocking));
    const exitCode = errors.length ? EXIT.couldNotEvaluate : blocked ? EXIT.blocked : EXIT.ok;
    return { exitCode, evaluations, errors };
}

async function main(): Promise<number> {
    const argv = process.argv.slice(2);
    if (argv[0] === "verify") return (await import("./verify")).verifyMain(argv.slice(1), process.cwd());
    // The signing key and its passphrase are read from a private copy of the environment and leave
    // the process's own before anything starts, so no program or pack process inherits them.
    const env = { ...process.env };
    forgetSigningEnv(process.env);
    let options: CliOptions;
    try {
        options = parseCli(argv, process.cwd(), env);
    } catch (e) {
        if ((e as { help?: boolean }).help) {
            process.stdout.write(`${(e as Error).message}\n`);
            return EXIT.ok;
        }
        process.stderr.write(`error: ${(e as Error).message}\n`);
        return EXIT.couldNotEvaluate;
    }
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const run = await certify(options, options.json ? log : (line) => process.stdout.write(`${line}\n`));
    for (const e of run.errors) process.stderr.write(`error: ${e}\n`);
    if (options.json) process.stdout.write(`${JSON.stringify(run.evaluations.length === 1 ? run.evaluations[0] : run.evaluations, null, 2)}\n`);
    return run.exitCode;
}

if (require.main === module) {
    main().then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            process.stderr.write(`error: internal error: ${(e as Error).stack ?? String(e)}\n`);
            process.exitCode = EXIT.couldNotEvaluate;
        },
    );
}
