/**
 * The certificate template as the project was given it, kept verbatim in
 * docs/production-confidence-certificate.md, for tests that hold the embedded copies against it.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./cli";

const SEED = path.join(REPO, "docs", "production-confidence-certificate.md");

/** The template's text (a missing file fails the test that asks, naming the path). */
export function certificateSeed(): string {
    return fs.readFileSync(SEED, "utf8");
}

/** The lines of the `## heading` part of the template, up to the next `## ` heading. */
export function seedPart(heading: string): string[] {
    const lines = certificateSeed().split("\n");
    const start = lines.indexOf(`## ${heading}`);
    if (start < 0) throw new Error(`the certificate template has no "## ${heading}"`);
    const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
    return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Splits a part into its `### ` subsections: heading text and the lines under it. */
export function seedSubsections(part: string[]): { heading: string; lines: string[] }[] {
    const out: { heading: string; lines: string[] }[] = [];
    for (const line of part) {
        if (line.startsWith("### ")) out.push({ heading: line.slice(4), lines: [] });
        else out.at(-1)?.lines.push(line);
    }
    return out;
}

/** The text of the checkbox lines (`- [x] text`, `- [ ] text`) among `lines`. */
export function checkboxes(lines: string[]): string[] {
    return lines.flatMap((l) => /^- \[[x ]\] (.+)$/.exec(l)?.slice(1) ?? []);
}
