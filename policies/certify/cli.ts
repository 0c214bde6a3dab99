#!/usr/bin/env node
/**
 * chom-certify: evaluates stacks with the policy pack exactly as `pulumi preview --policy-pack
 * policies` would, offline, and writes the certificate data. Exit 0: no mandatory failure;
 * 1: blocked by at least one; 2: could not evaluate (never a pass).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { InvalidValueError } from "../lib/invalid-value-error";
import { mapLimited } from "../lib/map-limited";
import { sha256Of } from "../lib/pack-digest";
import type { CodeQualityEvidence, Evaluation } from "../lib/results";
import { visible } from "../lib/visible-text";
import type { DsseSigner } from "../report/dsse";
import { COMMON_OPTIONS, parseOptions } from "./common-options";
import { EvaluationError, EXIT } from "./errors";
import { previewStack, StackPreview, StackSource } from "./preview-stack";
import { runMaterials } from "./materials";
import { removeOutputSet } from "../report/output-set";
import { checkOutputDir, checkOutputFile, isInside, sameFile } from "./output-paths";
import { PackPool, PackProcessOptions } from "./pack-process";
import { PolicyConfigEntry, readPolicyConfigFile } from "./policy-config";
import { ProgramPool } from "./program-runner";
import { forgetSigningEnv, loadSigningKey } from "./signing-key";
import { readProject, readStackFile } from "./stack-file";
import { peekStackNames, readStateFile } from "./state-file";

const USAGE = `usage: chom-certify [--stack NAME ...] [--state FILE] [--export-state FILE]
                    [--policy-config FILE] [--evidence FILE] [--out DIR] [--quiet] [--json]
                    [--timeout SECONDS] [--project DIR] [--pack DIR] [--watch] [--sign-key FILE]
                    [--live | --live-only] [--live-config FILE]
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
  --watch               stay running: certify again when a stack file, the program or the pack changes
                        (processes kept warm; a change to the pack restarts it); Ctrl-C ends it
  --live                also check each stack's host over SSH (its chom:live block): observed results join the outputs
  --live-only           only the live checks, against the declared resources (the pack is not run)
  --live-config FILE    the chom:live block for the one stack or state export given (YAML or JSON)
  --sign-key FILE       sign the attestation (attestation.dsse.json, DSSE) with this PEM private key,
                        ECDSA P-256 or Ed25519; or the PEM in $CHOM_SIGN_KEY. An encrypted key's
                        passphrase: $CHOM_SIGN_KEY_PASSPHRASE. Without a key the attestation is unsigned
exit codes: 0 no mandatory failure, 1 blocked by a mandatory failure, 2 could not evaluate
(\`chom-certify verify --help\`: checking a signed attestation)`;

interface CliOptions {
    sources: StackSource[];
    /** Where each source's outputs go (same order as `sources`), checked before the run. */
    outDirs: string[];
    exportState?: string;
    policyConfig: Record<string, PolicyConfigEntry>;
    evidence: CodeQualityEvidence | null;
    out?: string;
    quiet: boolean;
    json: boolean;
    timeoutMs: number;
    packDir: string;
    /** Live checks: the host of each source, in order (`--live`, `--live-only`). */
    live?: { only: boolean; targets: import("../../checks/live-config").LiveTarget[] };
    /** Signs the attestation; null = unsigned. */
    signer: DsseSigner | null;
    /** What every stack's attestation binds besides its resources. */
    materials: ReturnType<typeof runMaterials>;
}

/** The evidence, and the digest of the very bytes parsed (what the attestation binds). */
function readEvidence(file: string): { evidence: CodeQualityEvidence; sha256: string } {
    let doc: { score?: unknown; source?: unknown };
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(file);
        doc = JSON.parse(bytes.toString("utf8")) as { score?: unknown; source?: unknown };
    } catch (e) {
        throw new EvaluationError(
            `--evidence ${file}: cannot read JSON: ${(e as Error).message.split("\n")[0]}`,
        );
    }
    if (typeof doc?.score !== "number" || !(doc.score >= 0 && doc.score <= 100))
        throw new EvaluationError(`--evidence ${file}: "score" must be a number from 0 to 100`);
    if (typeof doc.source !== "string" || !doc.source)
        throw new EvaluationError(
            `--evidence ${file}: "source" must name where the evidence comes from`,
        );
    return { evidence: { score: doc.score, source: doc.source }, sha256: sha256Of(bytes) };
}

/** The command's options (`--watch` reads the same table to know what to watch). */
export const CLI_OPTIONS = {
    ...COMMON_OPTIONS,
    stack: { type: "string", multiple: true },
    state: { type: "string", multiple: true },
    "export-state": { type: "string" },
    out: { type: "string" },
    quiet: { type: "boolean" },
    json: { type: "boolean" },
    timeout: { type: "string" },
    project: { type: "string" },
    live: { type: "boolean" },
    "live-only": { type: "boolean" },
    "live-config": { type: "string" },
    "sign-key": { type: "string" },
} as const;

/**
 * Parses and checks every input before anything runs: bad input changes nothing. `startPack`, for
 * one `--state` export or one stack, gets the pack's options as soon as they are known (before the
 * export is read, or once the stack file is): its start-up then overlaps the rest of the parse (the
 * caller stops it if this throws).
 */
export function parseCli(
    argv: string[],
    cwd: string,
    env: NodeJS.ProcessEnv = process.env,
    startPack?: (options: PackProcessOptions) => void,
): CliOptions {
    const values = parseOptions(argv, CLI_OPTIONS, USAGE);
    const projectDir = path.resolve(cwd, values.project ?? ".");
    const packDir = path.resolve(values.pack ?? path.join(__dirname, ".."));
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml")))
        throw new EvaluationError(
            `--pack ${packDir}: not a policy pack (no PulumiPolicy.yaml there)`,
        );
    // Whole seconds, written plainly: "0x10", "1e3" and "0.001" are typos, not timeouts.
    const timeout =
        values.timeout === undefined
            ? 120
            : /^[0-9]{1,4}$/.test(values.timeout)
              ? Number(values.timeout)
              : NaN;
    if (!(timeout >= 1 && timeout <= 3600))
        throw new EvaluationError(`--timeout ${values.timeout}: give whole seconds from 1 to 3600`);
    const states = (values.state ?? []).map((f) => path.resolve(cwd, f));
    const stacks = values.stack ?? (states.length ? [] : ["landsraad_tst"]);
    const dup = stacks.find((n, i) => stacks.indexOf(n) !== i);
    if (dup) throw new EvaluationError(`--stack ${dup} is given twice`);
    if (values["export-state"] && stacks.length + states.length !== 1)
        throw new EvaluationError(
            "--export-state writes one stack: give exactly one --stack or --state",
        );
    const out = values.out ? path.resolve(cwd, values.out) : undefined;
    const count = stacks.length + states.length;
    const known = stacks.map((stack) => outputDirOf(stack, count, out, cwd));
    if (startPack && states.length === 1 && stacks.length === 0 && !values["live-only"]) {
        const names = peekStackNames(states[0]);
        if (names) startPack({ packDir, ...names, config: {}, timeoutMs: timeout * 1000 });
    }
    try {
        // Fail fast on unreadable project, stack and state files, before starting any process;
        // the files read here are the ones evaluated.
        const project = stacks.length ? readProject(projectDir) : undefined;
        const sources: StackSource[] = [
            ...stacks.map((stack) => ({
                project: project!,
                stackFile: readStackFile(projectDir, project!.name, stack),
            })),
            ...states.map((stateFile) => {
                if (!fs.existsSync(stateFile))
                    throw new EvaluationError(`--state ${stateFile}: no such file`);
                return { stateFile, state: readStateFile(stateFile) };
            }),
        ];
        // One stack: its pack starts as soon as the stack file is read, while the rest is checked
        // (the pack's start-up is the critical path of a cold run).
        const [only] = sources;
        if (startPack && count === 1 && "stackFile" in only && !values["live-only"])
            startPack({
                packDir,
                stack: only.stackFile.stack,
                project: only.project.name,
                config: only.stackFile.config,
                timeoutMs: timeout * 1000,
            });
        const outDirs = planOutputDirs(sources, out, cwd);
        known.push(...outDirs);
        const exportState = values["export-state"]
            ? checkExportState(path.resolve(cwd, values["export-state"]), sources, outDirs)
            : undefined;
        const policyConfigFile = values["policy-config"]
            ? path.resolve(cwd, values["policy-config"])
            : undefined;
        const evidenceFile = values.evidence ? path.resolve(cwd, values.evidence) : undefined;
        const policyConfigRead = policyConfigFile ? readPolicyConfigFile(policyConfigFile) : null;
        const policyConfig = policyConfigRead?.config ?? {};
        const evidenceRead = evidenceFile ? readEvidence(evidenceFile) : null;
        const evidence = evidenceRead?.evidence ?? null;
        if (values["live-config"] && !values.live && !values["live-only"])
            throw new EvaluationError("--live-config needs --live or --live-only");
        const wantsLive = values.live || values["live-only"];
        // Loaded only for a live run: node-ssh and its crypto are not on the static path.
        const liveTargets = (): typeof import("../../checks/certify-live").liveTargets =>
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            (require("../../checks/certify-live") as typeof import("../../checks/certify-live"))
                .liveTargets;
        const live = wantsLive
            ? {
                  only: values["live-only"] ?? false,
                  targets: liveTargets()(
                      sources,
                      values["live-config"] ? path.resolve(cwd, values["live-config"]) : undefined,
                      projectDir,
                      project?.name ??
                          (fs.existsSync(path.join(projectDir, "Pulumi.yaml"))
                              ? readProject(projectDir).name
                              : undefined),
                  ),
              }
            : undefined;
        // The signing key last among the inputs, and still before anything runs: a bad key writes
        // nothing.
        const signer = loadSigningKey(
            values["sign-key"] === undefined ? undefined : path.resolve(cwd, values["sign-key"]),
            env,
        );
        return {
            live,
            sources,
            outDirs,
            exportState,
            policyConfig,
            evidence,
            out,
            quiet: values.quiet ?? false,
            json: values.json ?? false,
            timeoutMs: timeout * 1000,
            packDir,
            signer,
            materials: runMaterials(packDir, {
                policyConfig:
                    policyConfigFile && policyConfigRead
                        ? { file: policyConfigFile, sha256: policyConfigRead.sha256 }
                        : undefined,
                evidence:
                    evidenceFile && evidenceRead
                        ? { file: evidenceFile, sha256: evidenceRead.sha256 }
                        : undefined,
                states: sources.flatMap((s) =>
                    "stateFile" in s ? [{ file: s.stateFile, sha256: s.state.sha256 }] : [],
                ),
            }),
        };
    } catch (e) {
        // The folders this run would have written: an earlier set there must not look current.
        if (e instanceof EvaluationError) e.staleOutputDirs = [...new Set(known)];
        throw e;
    }
}

function outputDirOf(stack: string, count: number, out: string | undefined, cwd: string): string {
    return count === 1 && out ? out : path.join(out ?? path.join(cwd, "out"), stack);
}

const stackOf = (source: StackSource) =>
    "stateFile" in source ? source.state.stack : source.stackFile.stack;
const labelOf = (source: StackSource) =>
    "stateFile" in source ? `--state ${source.stateFile}` : `--stack ${source.stackFile.stack}`;

/**
 * One output folder per stack (`--out`, or `out/<stack>`, or `<out>/<stack>` in a fleet), each
 * checked before the run. Two inputs of one stack would write one folder: refused, since the
 * last writer would win and a READY set could stand for a NOT READY stack.
 */
function planOutputDirs(sources: StackSource[], out: string | undefined, cwd: string): string[] {
    const dirs = sources.map((s) => outputDirOf(stackOf(s), sources.length, out, cwd));
    dirs.forEach((dir, i) => {
        const j = dirs.indexOf(dir);
        if (j !== i)
            throw new EvaluationError(
                `${labelOf(sources[j])} and ${labelOf(sources[i])} are both stack "${stackOf(sources[i])}": their outputs would share ${dir}; certify them in separate runs`,
            );
    });
    return dirs.map((dir) =>
        checkOutputDir(
            dir,
            sources.length === 1 && out
                ? "--out"
                : `output directory of stack ${stackOf(sources[dirs.indexOf(dir)])}`,
        ),
    );
}

/** `--export-state` must not replace an input of the run nor a file of an output set. */
function checkExportState(file: string, sources: StackSource[], outDirs: string[]): string {
    const inside = outDirs.find((dir) => isInside(file, dir));
    if (inside)
        throw new EvaluationError(
            `--export-state ${file}: inside the output directory ${inside}, which a new output set replaces whole; write the export elsewhere`,
        );
    const target = checkOutputFile(file, "--export-state");
    for (const source of sources) {
        const input = "stateFile" in source ? source.stateFile : source.stackFile.file;
        if (sameFile(target, input))
            throw new EvaluationError(
                `--export-state ${target}: that is the input ${input}; write the export elsewhere`,
            );
    }
    return target;
}

/** Runs `jobs` with at most `limit` at a time; each job's outcome, in the order of `jobs`. */
function bounded<T>(jobs: (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
    return mapLimited(jobs, limit, (job) =>
        // A job that throws before its promise exists is settled like one that rejects.
        Promise.resolve()
            .then(job)
            .then(
                (value): PromiseSettledResult<T> => ({ status: "fulfilled", value }),
                (reason: unknown): PromiseSettledResult<T> => ({ status: "rejected", reason }),
            ),
    );
}

export interface CertifyRun {
    exitCode: number;
    evaluations: Evaluation[];
    errors: string[];
}

/** Warm program workers and packs; `--watch` keeps one set across runs. */
export interface Pools {
    programs: ProgramPool;
    packs: PackPool;
}

/** One worker and one pack per core, at most one per stack. */
export function lanesFor(sources: number): number {
    return Math.max(1, Math.min(os.availableParallelism(), sources));
}

/**
 * Certifies every source; `warm` pools are used and left open, else the run's own are closed after
 * (`started`: a pack pool parseCli already started a pack in, owned by the run likewise).
 */
export async function certify(
    options: CliOptions,
    log: (line: string) => void,
    warm?: Pools,
    started?: PackPool,
): Promise<CertifyRun> {
    const lanes = lanesFor(options.sources.length);
    const pools = warm ?? {
        programs: new ProgramPool(lanes),
        packs: started ?? new PackPool(lanes),
    };
    // Loaded once the program and pack processes are started (below), while they work.
    const later = new Promise<
        [
            typeof import("../rules"),
            typeof import("./to-evaluation"),
            typeof import("../report/write-outputs"),
            typeof import("./state-file"),
        ]
    >((resolve) =>
        setImmediate(() =>
            resolve(
                Promise.all([
                    import("../rules"),
                    import("./to-evaluation"),
                    import("../report/write-outputs"),
                    import("./state-file"),
                ]),
            ),
        ),
    );
    // A failed load is reported by the job that awaits it, never as an unhandled rejection.
    later.catch(() => undefined);
    const jobs = options.sources.map((source, i) => async () => {
        const renderOptions = {
            materials: options.materials.forState(
                "stateFile" in source ? source.stateFile : undefined,
            ),
            signer: options.signer ?? undefined,
        };
        if (options.live?.only) {
            // --live-only: the declared resources, no pack; the host's observations are the
            // results.
            const live = await import("../../checks/certify-live");
            const raw = await live.resourcesOnly(source, pools.programs, options.timeoutMs);
            const evaluation = await live.addLiveChecks(
                live.liveOnlyEvaluation(raw, options.policyConfig, options.evidence),
                raw.resources,
                options.live.targets[i],
                options.policyConfig,
            );
            const { writeOutputs } = (await later)[2];
            const outDir = options.outDirs[i];
            writeOutputs(outDir, evaluation, renderOptions);
            return {
                evaluation,
                outDir,
                timings: { programMs: 0, packReadyMs: 0, readyAtMs: 0, totalMs: 0 },
                phaseMs: {},
            };
        }
        const raw: StackPreview = await previewStack(source, {
            packDir: options.packDir,
            policyConfig: options.policyConfig,
            timeoutMs: options.timeoutMs,
            pools,
        });
        const [{ RULES }, { toEvaluation }, { writeOutputs }, { writeStateFile }] = await later;
        for (const w of raw.warnings) log(`warning: ${w}`);
        const declaredEvaluation = toEvaluation(raw, RULES, options.evidence);
        // --live: the host's observations join the pack's results (the declared expectations are
        // the evaluated resources).
        const evaluation = options.live
            ? await (
                  await import("../../checks/certify-live")
              ).addLiveChecks(
                  declaredEvaluation,
                  raw.resources,
                  options.live.targets[i],
                  options.policyConfig,
              )
            : declaredEvaluation;
        const outDir = options.outDirs[i];
        writeOutputs(outDir, evaluation, renderOptions);
        if (options.exportState) {
            try {
                writeStateFile(
                    options.exportState,
                    raw.resources,
                    `chom-certify ${raw.pack.version}`,
                );
            } catch (e) {
                removeOutputSet(outDir); // a run that exits 2 leaves no outputs
                throw new EvaluationError(
                    `--export-state ${options.exportState}: cannot write: ${(e as Error).message}`,
                );
            }
        }
        return { evaluation, outDir, timings: raw.timings, phaseMs: raw.phaseMs };
    });
    let settled: PromiseSettledResult<Awaited<ReturnType<(typeof jobs)[number]>>>[];
    try {
        // Live checks mostly wait on hosts: up to 8 stacks in flight then (the pools still bound
        // the processes to the cores).
        settled = await bounded(
            jobs,
            options.live ? Math.max(lanes, Math.min(8, options.sources.length)) : lanes,
        );
    } finally {
        if (!warm) {
            pools.programs.close();
            await pools.packs.close();
        }
    }
    const evaluations: Evaluation[] = [];
    const errors: string[] = [];
    for (const [i, s] of settled.entries()) {
        const source = options.sources[i];
        const label = labelOf(source);
        if (s.status === "rejected") {
            const e = s.reason as Error;
            errors.push(
                e instanceof EvaluationError
                    ? e.message
                    : e instanceof InvalidValueError
                      ? `${label}: ${e.message}`
                      : `${label}: internal error: ${e.stack ?? e.message}`,
            );
            if (removeOutputSet(options.outDirs[i]))
                log(
                    `note: removed the outputs of an earlier run from ${options.outDirs[i]}: they do not describe this run`,
                );
            continue;
        }
        evaluations.push(s.value.evaluation);
        // For benchmarks: where the time went, per stack (stderr, so --json stays clean).
        if (process.env.CHOM_TIMINGS) {
            const t = s.value.timings;
            const phases = Object.entries(s.value.phaseMs)
                .map(([k, v]) => `${k}Ms=${v}`)
                .join(" ");
            process.stderr.write(
                `timing ${s.value.evaluation.stack} resources=${s.value.evaluation.resourceCount} programMs=${t.programMs.toFixed(1)} readyMs=${t.packReadyMs} readyAtMs=${t.readyAtMs} ${phases} totalMs=${t.totalMs} cliPeakRssMb=${Math.round(process.resourceUsage().maxRSS / 1024)}\n`,
            );
        }
        if (!options.quiet)
            log(
                (await import("./summary")).renderSummary(
                    s.value.evaluation,
                    s.value.outDir,
                    options.signer?.algorithm ?? null,
                ),
            );
    }
    const { isBlocking } = await import("../lib/results");
    const blocked = evaluations.some((e) => e.results.some(isBlocking));
    const exitCode = errors.length ? EXIT.couldNotEvaluate : blocked ? EXIT.blocked : EXIT.ok;
    return { exitCode, evaluations, errors };
}

/**
 * Lines as a terminal may show them: a program's or a stack's text cannot send escape sequences.
 */
function shown(text: string): string {
    return text.split("\n").map(visible).join("\n");
}

/**
 * One run as the command line makes it: parse and check everything, certify, print. Returns the
 * exit code; `warm` pools come from `--watch`, which calls this once per change. `env` holds the
 * signing key variables, which main() removed from process.env.
 */
export async function runOnce(
    argv: string[],
    cwd: string,
    warm?: Pools,
    env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
    let options: CliOptions;
    // One --state export or one stack outside --watch: its pack starts while the input is read.
    let started: PackPool | undefined;
    try {
        options = parseCli(
            argv,
            cwd,
            env,
            warm
                ? undefined
                : (pack) => {
                      started = new PackPool(1);
                      started.prestart(pack);
                  },
        );
    } catch (e) {
        // Bad input leaves no process behind.
        await started?.close();
        if ((e as { help?: boolean }).help) {
            process.stdout.write(`${(e as Error).message}\n`);
            return EXIT.ok;
        }
        process.stderr.write(`error: ${shown((e as Error).message)}\n`);
        for (const dir of (e as EvaluationError).staleOutputDirs ?? []) {
            if (removeOutputSet(dir))
                process.stderr.write(
                    `note: removed the outputs of an earlier run from ${dir}: they do not describe this run\n`,
                );
        }
        return EXIT.couldNotEvaluate;
    }
    const log = (line: string) => process.stderr.write(`${shown(line)}\n`);
    const run = await certify(
        options,
        options.json ? log : (line) => process.stdout.write(`${shown(line)}\n`),
        warm,
        started,
    );
    for (const e of run.errors) process.stderr.write(`error: ${shown(e)}\n`);
    if (options.json)
        process.stdout.write(
            `${JSON.stringify(run.evaluations.length === 1 ? run.evaluations[0] : run.evaluations, null, 2)}\n`,
        );
    return run.exitCode;
}

async function main(): Promise<number> {
    const argv = process.argv.slice(2);
    if (argv[0] === "verify")
        return (await import("./verify")).verifyMain(argv.slice(1), process.cwd());
    // The signing key and its passphrase are read from a private copy of the environment and leave
    // the process's own before anything starts, so no program or pack process inherits them.
    const env = { ...process.env };
    forgetSigningEnv(process.env);
    if (!argv.includes("--watch")) return runOnce(argv, process.cwd(), undefined, env);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("./watch") as typeof import("./watch")).watch(
        argv.filter((a) => a !== "--watch"),
        process.cwd(),
        env,
    );
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
