/**
 * `chom-certify --watch`: certifies, then again on every change to a stack file, the program, the
 * pack or another input, with the program worker and the pack kept warm in between (a cold run
 * spends most of its time starting them). Each run is exactly a cold run's code path (`runOnce`),
 * so its results and outputs are a cold run's. A change to the pack restarts the pack and the
 * program worker (the program may load the pack's shared modules). Ctrl-C stops every child.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { CLI_OPTIONS, lanesFor, Pools, runOnce } from "./cli";
import { PackPool } from "./pack-process";
import { ProgramPool } from "./program-runner";
import { readProject } from "./stack-file";

/** Edits arrive as bursts of events (write, rename, chmod): one run per burst. */
const DEBOUNCE_MS = 40;

/** A directory to watch and which of its changes count. */
interface Target {
    dir: string;
    recursive: boolean;
    kind: "inputs" | "program" | "pack";
    counts(file: string): boolean;
}

/** What the command line names: the project, its program, the pack, and the input files. */
function targetsOf(argv: string[], cwd: string): Target[] {
    const { values } = parseArgs({
        args: argv,
        strict: false,
        allowPositionals: true,
        options: CLI_OPTIONS,
    });
    const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
    const projectDir = path.resolve(cwd, str(values.project) ?? ".");
    const packDir = path.resolve(str(values.pack) ?? path.join(__dirname, ".."));
    // Outputs are written beside their folders (hidden staging names) and swapped in: never a
    // change to react to.
    const ours = (file: string) =>
        file.startsWith(".") || file.split(path.sep).includes("out") || file.endsWith(".map");
    const targets: Target[] = [
        {
            dir: projectDir,
            recursive: false,
            kind: "inputs",
            counts: (f) => !ours(f) && /^(Pulumi\..*\.ya?ml|.*\.json)$/.test(f),
        },
        {
            dir: packDir,
            recursive: true,
            kind: "pack",
            counts: (f) =>
                !ours(f) &&
                !f.split(path.sep).includes("node_modules") &&
                /\.(js|json|ya?ml)$/.test(f),
        },
    ];
    try {
        const project = readProject(projectDir);
        const source = project.typescript ? /\.(js|ts|json)$/ : /\.(js|json)$/;
        // Data files a program reads (infra/render/alert-rules.yaml) are the program too; the
        // project's own Pulumi*.yaml are inputs, watched above.
        const data = (f: string) =>
            /\.ya?ml$/.test(f) && !/^Pulumi(\..*)?\.ya?ml$/.test(path.basename(f));
        targets.push({
            dir: project.programDir,
            recursive: true,
            kind: "program",
            counts: (f) =>
                !ours(f) &&
                !f.split(path.sep).includes("node_modules") &&
                (source.test(f) || data(f)),
        });
    } catch {
        // No readable project (a --state run, or a broken Pulumi.yaml): the run itself says why.
    }
    const files = [
        ...((values.state as string[] | undefined) ?? []),
        str(values["policy-config"]),
        str(values.evidence),
    ]
        .filter((f): f is string => !!f)
        .map((f) => path.resolve(cwd, f));
    for (const file of files)
        targets.push({
            dir: path.dirname(file),
            recursive: false,
            kind: "inputs",
            counts: (f) => f === path.basename(file),
        });
    return targets;
}

/** Runs until SIGINT/SIGTERM; returns the exit code of the last run. */
export async function watch(
    argv: string[],
    cwd: string,
    env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
    const lanes = lanesFor(argv.filter((a) => a === "--stack" || a === "--state").length || 1);
    let pools: Pools = { programs: new ProgramPool(lanes), packs: new PackPool(lanes) };
    let lastCode = await runOnce(argv, cwd, pools, env);
    const note = (line: string) => process.stderr.write(`watch: ${line}\n`);

    let pending: { kinds: Set<Target["kind"]>; files: Set<string> } | undefined;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    const runPending = async () => {
        while (pending) {
            const { kinds, files } = pending;
            pending = undefined;
            if (kinds.has("pack")) {
                // The pack's code changed: fresh processes, so nothing runs the old code.
                pools.programs.close();
                await pools.packs.close();
                pools = { programs: new ProgramPool(lanes), packs: new PackPool(lanes) };
            }
            const started = Date.now();
            lastCode = await runOnce(argv, cwd, pools, env);
            note(
                `certified again in ${Date.now() - started} ms (exit ${lastCode}) after a change to ${[...files].slice(0, 3).join(", ")}; watching (Ctrl-C ends)`,
            );
        }
        running = undefined;
    };
    const onChange = (target: Target, file: string | null) => {
        if (!file || !target.counts(file)) return;
        pending ??= { kinds: new Set(), files: new Set() };
        pending.kinds.add(target.kind);
        pending.files.add(path.join(target.dir, file));
        clearTimeout(timer);
        timer = setTimeout(() => (running ??= runPending()), DEBOUNCE_MS);
    };
    const watchers = targetsOf(argv, cwd).map((t) =>
        fs.watch(t.dir, { recursive: t.recursive }, (_event, file) => onChange(t, file)),
    );
    note("watching the stack files, the program and the pack (Ctrl-C ends)");

    return new Promise<number>((resolve) => {
        const stop = async () => {
            for (const w of watchers) w.close();
            clearTimeout(timer);
            await running;
            pools.programs.close();
            await pools.packs.close();
            resolve(lastCode);
        };
        process.once("SIGINT", () => void stop());
        process.once("SIGTERM", () => void stop());
    });
}
