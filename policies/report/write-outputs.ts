/**
 * Renders every output of one evaluation and writes them together. All five are rendered in
 * memory first (a rendering error writes nothing), then written to temporary names in the
 * target directory, then renamed into place; on any error the temporaries are removed, so a
 * reader never sees a half-written file or a mix of old and new outputs from a failed run.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Evaluation } from "../lib/results";
import { renderAttestation } from "./attestation";
import { renderCertificateHtml } from "./certificate-html";
import { renderCertificateMarkdown } from "./certificate-md";
import { renderJunit } from "./junit";
import { renderSarif } from "./sarif";
import { scoreEvaluation } from "./scoring";

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

/** File name of each output. */
export const OUTPUT_FILES: Readonly<Record<keyof RenderedOutputs, string>> = {
    attestation: "attestation.json",
    certificateMd: "certificate.md",
    certificateHtml: "certificate.html",
    sarif: "results.sarif",
    junit: "junit.xml",
};

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

/** Writes the five outputs into `dir` (created if missing) and returns their absolute paths. */
export function writeOutputs(dir: string, e: Evaluation): Record<keyof RenderedOutputs, string> {
    if (typeof dir !== "string" || dir.trim() === "") throw new Error(`writeOutputs: output directory must be a non-empty path, got ${JSON.stringify(dir)}`);
    const rendered = renderAll(e);
    const target = path.resolve(dir);
    fs.mkdirSync(target, { recursive: true });
    const keys = Object.keys(OUTPUT_FILES) as (keyof RenderedOutputs)[];
    const tag = `${process.pid}.${randomBytes(4).toString("hex")}`;
    const temps = new Map<keyof RenderedOutputs, string>();
    try {
        for (const key of keys) {
            const temp = path.join(target, `.${OUTPUT_FILES[key]}.${tag}.tmp`);
            temps.set(key, temp);
            const fd = fs.openSync(temp, "wx", 0o644);
            try {
                fs.writeFileSync(fd, rendered[key], "utf8");
                fs.fsyncSync(fd);
            } finally {
                fs.closeSync(fd);
            }
        }
        const out = {} as Record<keyof RenderedOutputs, string>;
        // Checked before the first rename: a target that cannot be replaced must not leave the set half-updated.
        for (const key of keys) {
            const final = path.join(target, OUTPUT_FILES[key]);
            if (fs.lstatSync(final, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${final} is a directory`);
        }
        for (const key of keys) {
            out[key] = path.join(target, OUTPUT_FILES[key]);
            fs.renameSync(temps.get(key) as string, out[key]);
            temps.delete(key);
        }
        return out;
    } catch (err) {
        for (const temp of temps.values()) fs.rmSync(temp, { force: true });
        throw new Error(`writeOutputs: could not write the outputs to ${target}: ${(err as Error).message}`);
    }
}
