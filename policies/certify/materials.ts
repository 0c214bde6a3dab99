/**
 * What a chom-certify run binds into its attestation besides the resources: the tool's name and
 * version, the digest of the pack's files, and the input files by digest. Taken before anything
 * runs, from the files as they are then.
 */
import * as fs from "fs";
import * as path from "path";
import { packFilesDigest } from "../lib/pack-digest";
import type { RunMaterials } from "../report/attestation";

/** The command's name and version (the package that ships the `chom-certify` bin). */
export function toolVersion(): { name: string; version: string } {
    for (const file of [
        path.join(__dirname, "..", "..", "package.json"),
        path.join(__dirname, "..", "package.json"),
    ]) {
        try {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown };
            if (typeof pkg.version === "string")
                return { name: "chom-certify", version: pkg.version };
        } catch {
            // next candidate
        }
    }
    return { name: "chom-certify", version: "unknown" };
}

/** An input file and the digest of the bytes that were parsed (not of a second read). */
export interface ReadFile {
    file: string;
    sha256: string;
}

/** The input files a run read, by role. */
export interface InputFiles {
    policyConfig?: ReadFile;
    evidence?: ReadFile;
    /** Every `--state` file (state-file.ts). */
    states: ReadFile[];
}

/**
 * Materials of the run; `forState` gives a stack's, with its own `--state` file when it has one.
 */
export function runMaterials(
    packDir: string,
    inputs: InputFiles,
): { forState(stateFile?: string): RunMaterials } {
    const pack = packFilesDigest(packDir);
    const shared: RunMaterials["inputs"] = [];
    if (inputs.policyConfig)
        shared.push({
            role: "policy-config",
            name: path.basename(inputs.policyConfig.file),
            digest: { sha256: inputs.policyConfig.sha256 },
        });
    if (inputs.evidence)
        shared.push({
            role: "evidence",
            name: path.basename(inputs.evidence.file),
            digest: { sha256: inputs.evidence.sha256 },
        });
    const tool = toolVersion();
    const states = new Map(inputs.states.map((s) => [s.file, s.sha256]));
    return {
        forState(stateFile?: string): RunMaterials {
            const own: RunMaterials["inputs"] = [];
            const digest = stateFile ? states.get(stateFile) : undefined;
            if (stateFile && digest)
                own.push({
                    role: "state",
                    name: path.basename(stateFile),
                    digest: { sha256: digest },
                });
            return {
                tool,
                packFiles: { sha256: pack.sha256, count: pack.files.length },
                inputs: [...shared, ...own],
            };
        },
    };
}
