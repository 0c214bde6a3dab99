/**
 * The files of one output set (the five, and the envelope of a signed run), and what else a
 * directory holding a set may hold: nothing. Kept apart from the renderers so the command line can
 * check output paths before loading them.
 */
import * as fs from "fs";
import * as path from "path";

/** The outputs of one evaluation. */
export type OutputKey = "attestation" | "certificateMd" | "certificateHtml" | "sarif" | "junit";

/** File name of each output. */
export const OUTPUT_FILES: Readonly<Record<OutputKey, string>> = {
    attestation: "attestation.json",
    certificateMd: "certificate.md",
    certificateHtml: "certificate.html",
    sarif: "results.sarif",
    junit: "junit.xml",
};

/**
 * The signed envelope's file name, beside attestation.json (what cosign's `--signature` takes);
 * only in a signed set.
 */
export const ENVELOPE_FILE = "attestation.dsse.json";

/**
 * Entries in `dir` that an output set does not have: anything but a regular file with an
 * output's name. A set replaces its directory whole, so such a directory is not replaceable.
 */
export function foreignEntries(dir: string): string[] {
    const names = [...Object.values(OUTPUT_FILES), ENVELOPE_FILE];
    return fs
        .readdirSync(dir)
        .filter((n) => !names.includes(n) || !fs.lstatSync(path.join(dir, n)).isFile());
}

/** Removes an earlier output set (a directory holding nothing else); true when one was there. */
export function removeOutputSet(dir: string): boolean {
    const target = path.resolve(dir);
    if (
        !fs.lstatSync(target, { throwIfNoEntry: false })?.isDirectory() ||
        foreignEntries(target).length
    )
        return false;
    const had = fs.readdirSync(target).length > 0;
    fs.rmSync(target, { recursive: true, force: true });
    return had;
}
