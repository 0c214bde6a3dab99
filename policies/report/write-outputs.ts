/**
 * Renders every output of one evaluation and writes them together. All five are rendered in
 * memory first (a rendering error writes nothing), then written into a fresh directory beside
 * the target and swapped in whole, so a reader never sees a half-written file or a mix of two runs.
 */
import * as fs from "fs";
import * as path from "path";
import type { Evaluation } from "../lib/results";
import { renderAttestation } from "./attestation";
import { renderCertificateHtml } from "./certificate-html";
import { renderCertificateMarkdown } from "./certificate-md";
import { renderJunit } from "./junit";
import { renderSarif } from "./sarif";
import { foreignEntries, OUTPUT_FILES, removeOutputSet } from "./output-set";
import { scoreEvaluation } from "./scoring";

export { foreignEntries, OUTPUT_FILES, removeOutputSet };

/** The five renderings of one evaluation. */
export interface RenderedOutputs {
    /** attestation.json (in-toto Statement v1). */
    attestation: string;
    /** certificate.md. */
    certificateMd: string;
    /** certificate.html (self-contained). */
    certificateHtml: string;
    /** results.sarif (SARIF 2.1.0). */
    sarif: string;
    /** junit.xml. */
    junit: string;
}

/** Renders all five outputs from one scoring of the evaluation. */
export function renderAll(e: Evaluation): RenderedOutputs {
    const scorecard = scoreEvaluation(e);
    return {
        attestation: renderAttestation(e, scorecard),
        certificateMd: renderCertificateMarkdown(e, scorecard),
        certificateHtml: renderCertificateHtml(e, scorecard),
        sarif: renderSarif(e),
        junit: renderJunit(e),
    };
}

/** Creates the missing parents of `p` one level at a time: Node's recursive mkdir loops forever where mkdir answers ENOENT, as under /proc. */
function makeParents(p: string): void {
    const missing: string[] = [];
    for (let d = path.dirname(p); !fs.existsSync(d); d = path.dirname(d)) {
        missing.unshift(d);
        if (path.dirname(d) === d) break;
    }
    for (const d of missing) fs.mkdirSync(d);
}

/**
 * Writes the five outputs as the directory `dir` and returns their absolute paths. The set is
 * written into a fresh sibling directory, then swapped in for the earlier set by two renames;
 * if the second fails the earlier set is put back, so `dir` always holds one whole set, never a mix.
 */
export function writeOutputs(dir: string, e: Evaluation): Record<keyof RenderedOutputs, string> {
    if (typeof dir !== "string" || dir.trim() === "") throw new Error(`writeOutputs: output directory must be a non-empty path, got ${JSON.stringify(dir)}`);
    const rendered = renderAll(e);
    const target = path.resolve(dir);
    const keys = Object.keys(OUTPUT_FILES) as (keyof RenderedOutputs)[];
    let staging: string | undefined;
    try {
        const existing = fs.lstatSync(target, { throwIfNoEntry: false });
        if (existing && !existing.isDirectory()) throw new Error(`${target} exists and is not a directory`);
        const foreign = existing ? foreignEntries(target) : [];
        if (foreign.length) {
            const entry = path.join(target, foreign[0]);
            const kind = fs.lstatSync(entry).isDirectory() ? "a directory" : "not an output of chom-certify";
            throw new Error(`${entry} is ${kind} (a new output set replaces the whole directory)`);
        }
        makeParents(target);
        staging = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.new-`));
        for (const key of keys) {
            const fd = fs.openSync(path.join(staging, OUTPUT_FILES[key]), "wx", 0o644);
            try {
                fs.writeFileSync(fd, rendered[key], "utf8");
                fs.fsyncSync(fd);
            } finally {
                fs.closeSync(fd);
            }
        }
        const aside = existing ? `${staging}.old` : undefined;
        if (aside) fs.renameSync(target, aside);
        try {
            fs.renameSync(staging, target);
        } catch (err) {
            if (aside) fs.renameSync(aside, target);
            throw err;
        }
        staging = undefined;
        if (aside) fs.rmSync(aside, { recursive: true, force: true });
        return Object.fromEntries(keys.map((key) => [key, path.join(target, OUTPUT_FILES[key])])) as Record<keyof RenderedOutputs, string>;
    } catch (err) {
        if (staging) fs.rmSync(staging, { recursive: true, force: true });
        throw new Error(`writeOutputs: could not write the outputs to ${target}: ${(err as Error).message}`);
    }
}
