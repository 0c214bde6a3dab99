/**
 * One stack, end to end, as `pulumi preview --policy-pack` would see it: the program runs under
 * the recording monitor while the pack process starts (both cost seconds; in parallel they
 * cost one), then the pack is driven over gRPC. With `--state`, the export replaces the program.
 */
import * as path from "path";
import type { Rule } from "../lib/rule";
import type { AnalysisOutcome } from "./analyzer-driver";
import { PackProcess } from "./pack-process";
import type { PolicyConfigEntry } from "./policy-config";
import { runProgram } from "./program-runner";
import type { RecordedResource } from "./recorded";
import { readProjectName, readStackFile } from "./stack-file";
import { readStateFile } from "./state-file";

export interface StackSource {
    /** Run the program of this project directory for this stack... */
    stack?: string;
    projectDir?: string;
    /** ...or read this `pulumi stack export` file. */
    stateFile?: string;
}

export interface EvaluateOptions {
    packDir: string;
    /** The catalogue the pack was built from (default: this package's); loaded after the processes start. */
    rules?: Rule[];
    policyConfig: Record<string, PolicyConfigEntry>;
    timeoutMs: number;
}

export interface StackEvaluation extends AnalysisOutcome {
    stack: string;
    project: string;
    source: "preview" | "state";
    resources: RecordedResource[];
    timings: { programMs: number; totalMs: number };
}

export async function evaluateStack(source: StackSource, options: EvaluateOptions): Promise<StackEvaluation> {
    const started = Date.now();
    let stack: string, project: string, config: Record<string, string> = {}, secretKeys: string[] = [];
    let resourcesPromise: Promise<{ resources: RecordedResource[]; programMs: number }>;
    if (source.stateFile) {
        const state = readStateFile(source.stateFile);
        ({ stack, project } = state);
        resourcesPromise = Promise.resolve({ resources: state.resources, programMs: 0 });
    } else {
        const projectDir = source.projectDir!;
        const proj = readProjectName(projectDir);
        const stackFile = readStackFile(projectDir, proj.name, source.stack!);
        ({ config, secretKeys } = stackFile);
        stack = source.stack!;
        project = proj.name;
        resourcesPromise = runProgram({ programPath: path.resolve(projectDir, proj.main), project, stack, config, secretKeys }, options.timeoutMs);
    }
    const packPromise = PackProcess.start({ packDir: options.packDir, stack, project, config, timeoutMs: options.timeoutMs });
    // Whichever fails first decides; the other is cleaned up.
    const [programResult, packResult] = await Promise.allSettled([resourcesPromise, packPromise]);
    if (packResult.status === "fulfilled" && programResult.status === "rejected") await packResult.value.stop();
    if (programResult.status === "rejected") throw programResult.reason;
    if (packResult.status === "rejected") throw packResult.reason;
    const pack = packResult.value;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { analyzeWithPack } = require("./analyzer-driver") as typeof import("./analyzer-driver");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const rules = options.rules ?? (require("../rules") as typeof import("../rules")).RULES;
        const outcome = await analyzeWithPack(pack, programResult.value.resources, rules, options.policyConfig, {
            stack, project, organization: "organization", config, secretKeys,
        });
        return { ...outcome, stack, project, source: source.stateFile ? "state" : "preview", resources: programResult.value.resources, timings: { programMs: programResult.value.programMs, totalMs: Date.now() - started } };
    } finally {
        await pack.stop();
    }
}
