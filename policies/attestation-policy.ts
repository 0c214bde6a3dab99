/**
 * `chom-attestation`: the stack policy that, under a real `pulumi preview --policy-pack policies`,
 * evaluates every rule in-process over the stack's resources and writes the attestation,
 * certificate, SARIF and JUnit outputs. Policies cannot see each other's results over the
 * Analyzer protocol, hence the in-process run (lib/run-rules.ts). It never reports a violation
 * of its own: the rules' own policies do that.
 *
 * Limitation (documented for users): the policy SDK (@pulumi/policy 1.21) gives a policy only
 * its OWN config (`args.getConfig`, without the enforcement level); the pack config of the other
 * policies stays private to the SDK. So the in-process run uses, for every rule, the config
 * each rule recorded when it ran (lib/seen-config.ts: its properties, via `args.getConfig`), and
 * the rule's default enforcement level unless an `all` entry was recorded. Thresholds, exceptions
 * or enforcement set in `--policy-pack-config` for other policies are NOT seen by this attestation;
 * the offline certify path, which reads the config file itself, has them.
 */
import * as fs from "fs";
import * as path from "path";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { toSubjects } from "./lib/crossguard";
import { runRules } from "./lib/run-rules";
import { packConfigSeen, recordPolicyConfig } from "./lib/seen-config";
import { PACK } from "./lib/pack-info";
import type { CodeQualityEvidence } from "./lib/results";
import type { Subject } from "./lib/rule";
import { buildEvaluation, ruleSummaries } from "./report/build-evaluation";
import { writeOutputs } from "./report/write-outputs";
import { RULES } from "./rules";

/** Policy name of the attestation policy. */
export const ATTESTATION_POLICY_NAME = "chom-attestation";

/** The attestation policy's own config. */
export interface AttestationConfig {
    /**
     * Directory the five outputs are written to; empty = write nothing. Relative paths are from the
     * pack directory.
     */
    outDir: string;
    /**
     * Code Quality evidence: inline JSON `{"score": 0-100, "source": "..."}` or a path to such a
     * file; empty = none.
     */
    codeQualityEvidence: string;
}

const CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        outDir: {
            type: "string",
            default: "",
            description:
                "Directory to write attestation.json, certificate.md/.html, results.sarif and junit.xml to; empty writes nothing.",
        },
        codeQualityEvidence: {
            type: "string",
            default: "",
            description:
                'Code Quality evidence: inline JSON {"score": 0-100, "source": "..."} or a path to a JSON file with it; empty means Code Quality is not assessed.',
        },
    },
};

/**
 * Module-level copy of the policy configs this process has seen, by policy name (see the limitation
 * above).
 */
/** Parses the `codeQualityEvidence` setting; null when empty. */
export function readCodeQualityEvidence(
    setting: string,
    baseDir: string,
): CodeQualityEvidence | null {
    const text = setting.trim();
    if (text === "") return null;
    const where = text.startsWith("{")
        ? `${ATTESTATION_POLICY_NAME}.codeQualityEvidence`
        : path.resolve(baseDir, text);
    let raw: string;
    try {
        raw = text.startsWith("{") ? text : fs.readFileSync(where, "utf8");
    } catch (e) {
        throw new Error(
            `${ATTESTATION_POLICY_NAME}: cannot read code quality evidence file ${where}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
            { cause: e },
        );
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch (e) {
        throw new Error(
            `${ATTESTATION_POLICY_NAME}: code quality evidence in ${where} is not JSON: ${(e as Error).message}`,
            { cause: e },
        );
    }
    const ev = parsed as Partial<CodeQualityEvidence> | null;
    if (
        !ev ||
        typeof ev !== "object" ||
        typeof ev.score !== "number" ||
        !Number.isFinite(ev.score) ||
        ev.score < 0 ||
        ev.score > 100
    ) {
        throw new Error(
            `${ATTESTATION_POLICY_NAME}: code quality evidence in ${where} needs "score", a number from 0 to 100`,
        );
    }
    if (typeof ev.source !== "string" || ev.source.trim() === "")
        throw new Error(
            `${ATTESTATION_POLICY_NAME}: code quality evidence in ${where} needs "source", a non-empty string`,
        );
    return { score: ev.score, source: ev.source };
}

/** Stack and project as the nodejs policy runner passes them, else from @pulumi/pulumi. */
function stackAndProject(): { stack: string; project: string } {
    let stack = process.env.PULUMI_NODEJS_STACK ?? "";
    let project = process.env.PULUMI_NODEJS_PROJECT ?? "";
    if (!stack || !project) {
        // Loaded only when the environment lacks them: @pulumi/policy has already paid for it in
        // the runner.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        stack ||= pulumi.getStack();
        project ||= pulumi.getProject();
    }
    if (!stack || !project)
        throw new Error(
            `${ATTESTATION_POLICY_NAME}: stack and project are unknown (PULUMI_NODEJS_STACK / PULUMI_NODEJS_PROJECT unset)`,
        );
    return { stack, project };
}

/** Last output paths written in this process (for tests and logs). */
export let lastWritten: Record<string, string> | null = null;

/** The policy the pack lists after the rules' own policies (so it runs last in AnalyzeStack). */
export const attestationPolicy: StackValidationPolicy = {
    name: ATTESTATION_POLICY_NAME,
    description:
        "Evaluates every rule in-process and writes attestation.json, certificate.md/.html, results.sarif and junit.xml (never reports violations itself).",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["attestation"],
    configSchema: CONFIG_SCHEMA,
    validateStack: (args) => {
        const config = {
            outDir: "",
            codeQualityEvidence: "",
            ...args.getConfig<Partial<AttestationConfig>>(),
        };
        recordPolicyConfig(ATTESTATION_POLICY_NAME, { ...config });
        if (config.outDir === "") return;
        const resources: Subject[] = toSubjects(args.resources);
        const packConfig = packConfigSeen();
        const { stack, project } = stackAndProject();
        const evaluation = buildEvaluation({
            stack,
            project,
            pack: PACK,
            source: "preview",
            resources,
            results: runRules(RULES, resources, packConfig),
            rules: ruleSummaries(RULES, packConfig),
            codeQuality: readCodeQualityEvidence(config.codeQualityEvidence, process.cwd()),
        });
        lastWritten = writeOutputs(path.resolve(process.cwd(), config.outDir), evaluation);
    },
};
