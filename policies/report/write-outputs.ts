/**
 * Renders every output of one evaluation and writes them together: the five files, plus
 * attestation.dsse.json when the run signs. All are rendered in memory first (a rendering error writes nothing), then written to temporary names in the
 * target directory, then renamed into place; on any error the temporaries are removed, so a
 * reader never sees a half-written file or a mix of old and new outputs from a failed run.
 */
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Evaluation } from "../lib/results";
import { AttestedFile, renderAttestation, RunMaterials } from "./attestation";
import { renderCertificateHtml } from "./certificate-html";
import { renderCertificateMarkdown } from "./certificate-md";
import { DsseSigner, IN_TOTO_PAYLOAD_TYPE, renderEnvelope, signEnvelope } from "./dsse";
import { renderJunit } from "./junit";
import { renderSarif } from "./sarif";
import { scoreEvaluation } from "./scoring";

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
    /** attestation.dsse.json: a DSSE envelope whose payload is attestation.json byte for byte; absent when unsigned. */
    envelope?: string;
}

/** The five outputs every run writes. */
export type OutputKey = Exclude<keyof RenderedOutputs, "envelope">;

/** File name of each output. */
export const OUTPUT_FILES: Readonly<Record<OutputKey, string>> = {
    attestation: "attestation.json",
    certificateMd: "certificate.md",
    certificateHtml: "certificate.html",
    sarif: "results.sarif",
    junit: "junit.xml",
};

/** The signed envelope's file name, beside attestation.json (what cosign's `--signature` takes). */
export const ENVELOPE_FILE = "attestation.dsse.json";

/** What a run binds into its attestation and how it signs it. */
export interface RenderOptions {
    /** Tool, pack files and input files by digest (chom-certify knows them; the in-preview policy does not). */
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
        name: OUTPUT_FILES[key], digest: { sha256: createHash("sha256").update(others[key], "utf8").digest("hex") },
    }));
    const attestation = renderAttestation(e, scorecard, { materials: options.materials ?? null, outputs });
    const rendered: RenderedOutputs = { attestation, ...others };
    if (options.signer) rendered.envelope = renderEnvelope(signEnvelope(Buffer.from(attestation, "utf8"), IN_TOTO_PAYLOAD_TYPE, options.signer));
    return rendered;
}

/** Writes the outputs into `dir` (created if missing) and returns their absolute paths. */
export function writeOutputs(dir: string, e: Evaluation, options: RenderOptions = {}): Record<OutputKey, string> & { envelope?: string } {
    if (typeof dir !== "string" || dir.trim() === "") throw new Error(`writeOutputs: output directory must be a non-empty path, got ${JSON.stringify(dir)}`);
    const rendered = renderAll(e, options);
    const target = path.resolve(dir);
    fs.mkdirSync(target, { recursive: true });
    const names: Record<OutputKey, string> & { envelope?: string } = { ...OUTPUT_FILES, ...(rendered.envelope !== undefined ? { envelope: ENVELOPE_FILE } : {}) };
    const keys = Object.keys(names) as (keyof RenderedOutputs)[];
    const tag = `${process.pid}.${randomBytes(4).toString("hex")}`;
    const temps = new Map<keyof RenderedOutputs, string>();
    try {
        for (const key of keys) {
            const temp = path.join(target, `.${names[key] as string}.${tag}.tmp`);
            temps.set(key, temp);
            const fd = fs.openSync(temp, "wx", 0o644);
            try {
                fs.writeFileSync(fd, rendered[key] as string, "utf8");
                fs.fsyncSync(fd);
            } finally {
                fs.closeSync(fd);
            }
        }
        const out = {} as Record<OutputKey, string> & { envelope?: string };
        // Checked before the first rename: a target that cannot be replaced must not leave the set half-updated.
        for (const key of keys) {
            const final = path.join(target, names[key] as string);
            if (fs.lstatSync(final, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${final} is a directory`);
        }
        for (const key of keys) {
            out[key] = path.join(target, names[key] as string);
            fs.renameSync(temps.get(key) as string, out[key]);
            temps.delete(key);
        }
        // An unsigned run leaves no envelope of an earlier signed run beside its attestation.
        if (rendered.envelope === undefined) fs.rmSync(path.join(target, ENVELOPE_FILE), { force: true });
        return out;
    } catch (err) {
        for (const temp of temps.values()) fs.rmSync(temp, { force: true });
        throw new Error(`writeOutputs: could not write the outputs to ${target}: ${(err as Error).message}`);
    }
}
