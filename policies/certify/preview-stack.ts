/**
 * One stack, end to end, as `pulumi preview --policy-pack` would see it: the program runs under
 * the recording monitor while the pack process starts (both cost seconds; in parallel they
 * cost one), then the pack is driven over gRPC. With `--state`, the export replaces the program.
 */
import type { Rule } from "../lib/rule";
import type { AnalysisOutcome, StackContext } from "./analyzer-driver";
import { PackPool } from "./pack-process";
import type { PolicyConfigEntry } from "./policy-config";
import { ProgramPool } from "./program-runner";
import type { WorkerRequest } from "./program-worker";
import type { RecordedResource } from "./recorded";
import type { ProjectFile, StackConfig } from "./stack-file";
import type { StateFile } from "./state-file";

/**
 * Run the program of a project for a stack, or take a `pulumi stack export` file (files as the
 * command line read them).
 */
export type StackSource =
    { project: ProjectFile; stackFile: StackConfig } | { stateFile: string; state: StateFile };

/** What the program runner is asked to run: the project's program for the stack's config. */
export function programRequest(source: {
    project: ProjectFile;
    stackFile: StackConfig;
}): Omit<WorkerRequest, "fullStackTraces"> {
    const { stack, config, secretKeys } = source.stackFile;
    const {
        name: project,
        program: programPath,
        programDir,
        typescript,
        tsconfig,
    } = source.project;
    return {
        programPath,
        programDir,
        typescript: typescript ? { tsconfig } : null,
        project,
        stack,
        config,
        secretKeys,
    };
}

export interface PreviewOptions {
    packDir: string;
    /**
     * The catalogue the pack was built from (default: this package's); loaded after the processes
     * start.
     */
    rules?: Rule[];
    policyConfig: Record<string, PolicyConfigEntry>;
    timeoutMs: number;
    /** Warm processes shared by the stacks of a run; a single stack gets its own, closed after. */
    pools?: { programs: ProgramPool; packs: PackPool };
}

export interface StackPreview extends AnalysisOutcome {
    stack: string;
    project: string;
    source: "preview" | "state";
    resources: RecordedResource[];
    timings: {
        programMs: number;
        packReadyMs: number;
        /** When the pack was configured, in ms since this process started (CHOM_TIMINGS). */
        readyAtMs: number;
        totalMs: number;
    };
}

export async function previewStack(
    source: StackSource,
    options: PreviewOptions,
): Promise<StackPreview> {
    if (!options.pools) {
        const pools = { programs: new ProgramPool(1), packs: new PackPool(1) };
        try {
            return await previewStack(source, { ...options, pools });
        } finally {
            pools.programs.close();
            await pools.packs.close();
        }
    }
    const { programs, packs } = options.pools;
    const started = Date.now();
    let stack: string,
        project: string,
        config: Record<string, string> = {},
        secretKeys: string[] = [];
    let resourcesPromise: Promise<{ resources: RecordedResource[]; programMs: number }>;
    const fromState = "stateFile" in source;
    if (fromState) {
        const { state } = source;
        ({ stack, project } = state);
        resourcesPromise = Promise.resolve({ resources: state.resources, programMs: 0 });
    } else {
        const request = programRequest(source);
        ({ stack, project, config, secretKeys } = request);
        resourcesPromise = programs.run(request, options.timeoutMs);
    }
    // The pack starts (or is taken warm) and is configured while the program runs, as the engine
    // loads policy packs before resources arrive: both cost seconds cold. The requests are
    // encoded as soon as the resources are known.
    const ctx: StackContext = {
        stack,
        project,
        organization: "organization",
        config,
        secretKeys,
        applyRemediations: !fromState,
    };
    const packPromise = packs.acquire({
        packDir: options.packDir,
        stack,
        project,
        config,
        timeoutMs: options.timeoutMs,
    });
    // With both processes started, this process loads what it needs next while they work.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const driver = require("./analyzer-driver") as typeof import("./analyzer-driver");
    const rules = options.rules ?? (require("../rules") as typeof import("../rules")).RULES;
    const sessionPromise = packPromise.then(async (pack) => {
        try {
            return await driver.openSession(pack, options.policyConfig, ctx);
        } catch (e) {
            await packs.release(pack, false);
            throw e;
        }
    });
    let stopDigesting = () => {};
    const preparedPromise = resourcesPromise.then(({ resources, programMs }) => {
        const prepared = driver.prepareRequests(resources);
        stopDigesting = driver.digestWhileWaiting(prepared);
        return { prepared, programMs };
    });
    /* eslint-enable @typescript-eslint/no-require-imports */
    const [programResult, sessionResult] = await Promise.allSettled([
        preparedPromise,
        sessionPromise,
    ]);
    // The rest, if any, is made during Analyze.
    stopDigesting();
    const packReadyMs = Date.now() - started;
    const packReadyAt = performance.now();
    if (sessionResult.status === "fulfilled" && programResult.status === "rejected")
        await packs.release(sessionResult.value.pack, true);
    if (programResult.status === "rejected") throw programResult.reason;
    if (sessionResult.status === "rejected") throw sessionResult.reason;
    const session = sessionResult.value;
    let healthy = false;
    try {
        const { prepared, programMs } = programResult.value;
        const outcome = await driver.analyzeWithPack(session, prepared, rules, ctx);
        healthy = true;
        return {
            ...outcome,
            stack,
            project,
            source: fromState ? "state" : "preview",
            resources: prepared.resources,
            timings: {
                programMs,
                packReadyMs,
                readyAtMs: Math.round(packReadyAt),
                totalMs: Date.now() - started,
            },
        };
    } finally {
        await packs.release(session.pack, healthy);
    }
}
