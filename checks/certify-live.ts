/**
 * `chom-certify --live` / `--live-only`: where each stack's host is (its `chom:live` block, or
 * `--live-config FILE`), and the live half of a certify job: the declared expectations come from
 * the evaluated resources (the program's, or the export's with `--state`), the observations join
 * the one result model. Everything here is checked before any process starts.
 */
import * as fs from "fs";
import { parse as parseYaml } from "yaml";
import type { RecordedResource } from "../policies/certify/recorded";
import { EvaluationError } from "../policies/certify/errors";
import { withholdFromChildren } from "../policies/certify/child-env";
import { programRequest } from "../policies/certify/preview-stack";
import type { StackSource } from "../policies/certify/preview-stack";
import type { PolicyConfigEntry } from "../policies/certify/policy-config";
import type { ProgramPool } from "../policies/certify/program-runner";
import { stackFilePath, readStackFile } from "../policies/certify/stack-file";
import type { Evaluation } from "../policies/lib/results";
import { withDefaults } from "../policies/lib/rule";
import { declaredFrom } from "./declared";
import { LiveTarget, parseLiveConfig, toTarget } from "./live-config";
import { checkHost } from "./run-live";
import { withLiveResults } from "./to-results";

/** Reads a `--live-config` file: YAML or JSON holding `chom:live: {...}` (or the block itself). */
function readLiveConfigFile(file: string): unknown {
    let doc: unknown;
    try {
        doc = parseYaml(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new EvaluationError(
            `--live-config ${file}: cannot read YAML or JSON: ${(e as Error).message.split("\n")[0]}`,
        );
    }
    if (doc && typeof doc === "object" && "chom:live" in doc)
        return (doc as Record<string, unknown>)["chom:live"];
    const config = (doc as { config?: Record<string, unknown> } | null)?.config;
    return config && "chom:live" in config ? config["chom:live"] : doc;
}

/**
 * Checks a config and what it points at (key readable, passphrase variable set); messages name
 * settings, never the key path.
 */
function validTarget(stack: string, raw: unknown, where: string): LiveTarget {
    const parsed = parseLiveConfig(raw);
    if (!parsed.ok) throw new EvaluationError(`${where}: ${parsed.message}`);
    try {
        fs.accessSync(parsed.config.privateKeyPath, fs.constants.R_OK);
    } catch {
        throw new EvaluationError(`${where}: chom:live.privateKeyPath cannot be read`);
    }
    if (parsed.config.tls?.caFile) {
        try {
            fs.accessSync(parsed.config.tls.caFile, fs.constants.R_OK);
        } catch {
            throw new EvaluationError(`${where}: chom:live.tls.caFile cannot be read`);
        }
    }
    if (parsed.config.passphraseEnv && process.env[parsed.config.passphraseEnv] === undefined) {
        throw new EvaluationError(
            `${where}: chom:live.passphraseEnv names ${parsed.config.passphraseEnv}, which is not set in the environment`,
        );
    }
    if (parsed.config.passphraseEnv) withholdFromChildren(parsed.config.passphraseEnv);
    return toTarget(stack, parsed.config);
}

/**
 * The host of each source, in order. With `--live-config`, that file (one source only); else the
 * stack's own file.
 */
export function liveTargets(
    sources: StackSource[],
    liveConfigFile: string | undefined,
    projectDir: string,
    projectName: string | undefined,
): LiveTarget[] {
    if (liveConfigFile && sources.length !== 1)
        throw new EvaluationError(
            "--live-config describes one host: give exactly one --stack or --state",
        );
    return sources.map((source) => {
        const stack = "stateFile" in source ? source.state.stack : source.stackFile.stack;
        if (liveConfigFile) {
            if (!fs.existsSync(liveConfigFile))
                throw new EvaluationError(`--live-config ${liveConfigFile}: no such file`);
            return validTarget(
                stack,
                readLiveConfigFile(liveConfigFile),
                `--live-config ${liveConfigFile}`,
            );
        }
        const stackFile =
            "stateFile" in source
                ? fs.existsSync(stackFilePath(projectDir, stack)) && projectName
                    ? readStackFile(projectDir, projectName, stack)
                    : undefined
                : source.stackFile;
        if (!stackFile)
            throw new EvaluationError(
                `--live: ${stackFilePath(projectDir, stack)} (the stack of ${"stateFile" in source ? source.stateFile : stack}) does not exist: give --live-config FILE`,
            );
        const text = stackFile.config["chom:live"];
        if (text === undefined)
            throw new EvaluationError(
                `--live: ${stackFile.file} has no chom:live block (address, sshPort, user, privateKeyPath, hostKey): see README.md, "Live checks"`,
            );
        if (stackFile.secretKeys.includes("chom:live"))
            throw new EvaluationError(
                `--live: ${stackFile.file}: chom:live must not hold a secure value (the passphrase comes from chom:live.passphraseEnv)`,
            );
        let raw: unknown;
        try {
            raw = JSON.parse(text);
        } catch {
            raw = text;
        }
        return validTarget(stack, raw, stackFile.file);
    });
}

/**
 * The pack rules whose thresholds probes reuse, with the run's policy config over their defaults.
 */
function ruleConfigOf(policyConfig: Record<string, PolicyConfigEntry>) {
    // Loaded when a host is checked (the catalogue costs time to require).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RULES } = require("../policies/rules") as typeof import("../policies/rules");
    return (ruleId: string): Record<string, unknown> => {
        const rule = RULES.find((r) => r.id === ruleId);
        return rule ? withDefaults(rule, policyConfig[rule.policyName]?.properties ?? {}) : {};
    };
}

/** Live checks of one stack's host, added to its evaluation. */
export async function addLiveChecks(
    e: Evaluation,
    resources: RecordedResource[],
    target: LiveTarget,
    policyConfig: Record<string, PolicyConfigEntry>,
): Promise<Evaluation> {
    const passphrase = target.config.passphraseEnv
        ? process.env[target.config.passphraseEnv]
        : undefined;
    const report = await checkHost(target, declaredFrom(resources), {
        ruleConfig: ruleConfigOf(policyConfig),
        knownSecrets: [target.config.privateKeyPath, ...(passphrase ? [passphrase] : [])],
    });
    return withLiveResults(e, [report]);
}

/**
 * `--live-only`: the resources without the pack (the program under the recording monitor, or the
 * export).
 */
export async function resourcesOnly(
    source: StackSource,
    programs: ProgramPool,
    timeoutMs: number,
): Promise<{
    stack: string;
    project: string;
    source: "preview" | "state";
    resources: RecordedResource[];
}> {
    if ("stateFile" in source) {
        // Read and checked by the command line already: the file evaluated is the file it read.
        const { state } = source;
        return {
            stack: state.stack,
            project: state.project,
            source: "state",
            resources: state.resources,
        };
    }
    const request = programRequest(source);
    const { resources } = await programs.run(request, timeoutMs);
    return { stack: request.stack, project: request.project, source: "preview", resources };
}

/**
 * `--live-only`: an evaluation of the declaration with no pack result (the catalogue is kept, so
 * every output lists every rule).
 */
export function liveOnlyEvaluation(
    raw: Awaited<ReturnType<typeof resourcesOnly>>,
    policyConfig: Record<string, PolicyConfigEntry>,
    evidence: Evaluation["codeQuality"],
): Evaluation {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { RULES } = require("../policies/rules") as typeof import("../policies/rules");
    const { buildEvaluation, ruleSummaries } =
        require("../policies/report/build-evaluation") as typeof import("../policies/report/build-evaluation");
    const { unknownCheckingProxy } =
        require("../policies/lib/preview-proxy") as typeof import("../policies/lib/preview-proxy");
    const { PACK } =
        require("../policies/lib/pack-info") as typeof import("../policies/lib/pack-info");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const packConfig = Object.fromEntries(
        Object.entries(policyConfig).map(([name, c]) => [
            name,
            {
                ...(c.properties ?? {}),
                ...(c.enforcementLevel
                    ? {
                          enforcementLevel:
                              c.enforcementLevel === "remediate"
                                  ? ("mandatory" as const)
                                  : c.enforcementLevel,
                      }
                    : {}),
            },
        ]),
    );
    const e = buildEvaluation({
        stack: raw.stack,
        project: raw.project,
        pack: PACK,
        source: raw.source,
        results: [],
        codeQuality: evidence,
        rules: ruleSummaries(RULES, packConfig),
        resources: raw.resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: unknownCheckingProxy(r.inputs),
        })),
    });
    return { ...e, liveOnly: true };
}
