/**
 * The files of one output set, and what else a directory holding a set may hold: nothing. Kept
 * apart from the renderers so the command line can check output paths before loading them.
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
 * Entries in `dir` that an output set does not have: anything but a regular file with an
 * output's name. A set replaces its directory whole, so such a directory is not replaceable.
 */
export function foreignEntries(dir: string): string[] {
    const names = Object.values(OUTPUT_FILES);
    return fs.readdirSync(dir).filter((n) => !names.includes(n) || !fs.lstatSync(path.join(dir, n)).isFile());
}

/** Removes an earlier output set (a directory holding nothing else); true when one was there. */
export function removeOutputSet(dir: string): boolean {
    const target = path.resolve(dir);
    if (!fs.lstatSync(target, { throwIfNoEntry: false })?.isDirectory() || foreignEntries(target).length) return false;
    const had = fs.readdirSync(target).length > 0;
    fs.rmSync(target, { recursive: true, force: true });
    return had;
}
