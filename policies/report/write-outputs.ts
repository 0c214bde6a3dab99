/**
 * Renders every output of one evaluation and writes them together: the five files, plus
 * attestation.dsse.json when the run signs. All are rendered in memory first (a rendering error
 * writes nothing), then written into a fresh directory beside the target and swapped in whole, so
 * a reader never sees a half-written file or a mix of two runs.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Evaluation } from "../lib/results";
import { AttestedFile, renderAttestation, RunMaterials } from "./attestation";
import { renderCertificateHtml } from "./certificate-html";
import { renderCertificateMarkdown } from "./certificate-md";
import { DsseSigner, IN_TOTO_PAYLOAD_TYPE, renderEnvelope, signEnvelope } from "./dsse";
import { renderJunit } from "./junit";
import { renderSarif } from "./sarif";
import {
    ENVELOPE_FILE,
    foreignEntries,
    OUTPUT_FILES,
    OutputKey,
    removeOutputSet,
} from "./output-set";
import { scoreEvaluation } from "./scoring";

export { ENVELOPE_FILE, foreignEntries, OUTPUT_FILES, removeOutputSet };
export type { OutputKey };

/** The five renderings of one evaluation, and the signed envelope when a signer is given. */
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
    /**
     * attestation.dsse.json: a DSSE envelope whose payload is attestation.json byte for byte;
     * absent when unsigned.
     */
    envelope?: string;
}

/** What a run binds into its attestation and how it signs it. */
export interface RenderOptions {
    /**
     * Tool, pack files and input files by digest (chom-certify knows them; the in-preview policy
     * does not).
     */
    materials?: RunMaterials | null;
    /** Signs the attestation into `envelope`; absent = unsigned. */
    signer?: DsseSigner;
}

/**
 * Renders all outputs from one scoring of the evaluation. The attestation comes last, so that it
 * can carry the digests of the other four; the envelope signs the attestation's exact bytes.
 */
export function renderAll(e: Evaluation, options: RenderOptions = {}): RenderedOutputs {
    const scorecard = scoreEvaluation(e);
    const others = {
        certificateMd: renderCertificateMarkdown(e, scorecard),
        certificateHtml: renderCertificateHtml(e, scorecard),
        sarif: renderSarif(e),
        junit: renderJunit(e),
    };
    const outputs: AttestedFile[] = (Object.keys(others) as (keyof typeof others)[]).map((key) => ({
        name: OUTPUT_FILES[key],
        digest: { sha256: createHash("sha256").update(others[key], "utf8").digest("hex") },
    }));
    const attestation = renderAttestation(e, scorecard, {
        materials: options.materials ?? null,
        outputs,
    });
    const rendered: RenderedOutputs = { attestation, ...others };
    if (options.signer)
        rendered.envelope = renderEnvelope(
            signEnvelope(Buffer.from(attestation, "utf8"), IN_TOTO_PAYLOAD_TYPE, options.signer),
        );
    return rendered;
}

/**
 * Creates the missing parents of `p` one level at a time: Node's recursive mkdir loops forever
 * where mkdir answers ENOENT, as under /proc.
 */
function makeParents(p: string): void {
    const missing: string[] = [];
    for (let d = path.dirname(p); !fs.existsSync(d); d = path.dirname(d)) {
        missing.unshift(d);
        if (path.dirname(d) === d) break;
    }
    for (const d of missing) fs.mkdirSync(d);
}

/**
 * Writes the outputs as the directory `dir` and returns their absolute paths. The set is
 * written into a fresh sibling directory, then swapped in for the earlier set by two renames;
 * if the second fails the earlier set is put back, so `dir` always holds one whole set, never a
 * mix.
 */
export function writeOutputs(
    dir: string,
    e: Evaluation,
    options: RenderOptions = {},
): Record<OutputKey, string> & { envelope?: string } {
    if (typeof dir !== "string" || dir.trim() === "")
        throw new Error(
            `writeOutputs: output directory must be a non-empty path, got ${JSON.stringify(dir)}`,
        );
    const rendered = renderAll(e, options);
    const target = path.resolve(dir);
    const names: Record<OutputKey, string> & { envelope?: string } = {
        ...OUTPUT_FILES,
        ...(rendered.envelope !== undefined ? { envelope: ENVELOPE_FILE } : {}),
    };
    const keys = Object.keys(names) as (keyof RenderedOutputs)[];
    let staging: string | undefined;
    try {
        const existing = fs.lstatSync(target, { throwIfNoEntry: false });
        if (existing && !existing.isDirectory())
            throw new Error(`${target} exists and is not a directory`);
        const foreign = existing ? foreignEntries(target) : [];
        if (foreign.length) {
            const entry = path.join(target, foreign[0]);
            const kind = fs.lstatSync(entry).isDirectory()
                ? "a directory"
                : "not an output of chom-certify";
            throw new Error(`${entry} is ${kind} (a new output set replaces the whole directory)`);
        }
        makeParents(target);
        staging = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.new-`));
        for (const key of keys) {
            const fd = fs.openSync(path.join(staging, names[key] as string), "wx", 0o644);
            try {
                fs.writeFileSync(fd, rendered[key] as string, "utf8");
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
        return Object.fromEntries(
            keys.map((key) => [key, path.join(target, names[key] as string)]),
        ) as Record<OutputKey, string> & { envelope?: string };
    } catch (err) {
        if (staging) fs.rmSync(staging, { recursive: true, force: true });
        throw new Error(
            `writeOutputs: could not write the outputs to ${target}: ${(err as Error).message}`,
            { cause: err },
        );
    }
}
