/**
 * The certificate template as the project was given it (seed/production-confidence-certificate.md
 * in ../shared, beside the project), for tests that hold the embedded copies against it.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./cli";

const SEED = path.join("shared", "seed", "production-confidence-certificate.md");

/** ../shared beside the project; from a git worktree, beside the main checkout. */
function seedPath(): string {
    const beside = path.join(REPO, "..", SEED);
    if (fs.existsSync(beside)) return beside;
    const gitDir = execFileSync(
        "git",
        ["rev-parse", "--path-format=absolute", "--git-common-dir"],
        { cwd: REPO, encoding: "utf8" },
    ).trim();
    return path.join(path.dirname(gitDir), "..", SEED);
}

/** The template's text (a missing file fails the test that asks, naming the path). */
export function certificateSeed(): string {
    return fs.readFileSync(seedPath(), "utf8");
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
