/**
 * Where a run may write, decided before anything runs. An output directory belongs to
 * chom-certify: it must not exist yet, or hold nothing but an earlier output set, because a
 * new set replaces it whole (written beside it, then swapped in). The paths of one run must
 * not meet: two stacks in one folder, an export over its own input or inside an output set.
 */
import * as fs from "fs";
import * as path from "path";
import { foreignEntries } from "../report/output-set";
import { EvaluationError } from "./errors";

/** The entry at `p`, or undefined when there is none (also when a part of `p` is a file). */
function entryAt(p: string, follow: boolean): fs.Stats | undefined {
    try {
        return follow ? fs.statSync(p) : fs.lstatSync(p);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") return undefined;
        throw e;
    }
}

/** The nearest ancestor of `p` that exists (itself if it does), with its entry; none: the root. */
function firstExisting(p: string): { dir: string; entry?: fs.Stats } {
    let d = p;
    for (let entry = entryAt(d, true); ; entry = entryAt(d, true)) {
        if (entry || path.dirname(d) === d) return { dir: d, entry };
        d = path.dirname(d);
    }
}

/**
 * The nearest existing ancestor of `p` (itself if it exists). Every existing part must be a
 * directory; Node's recursive mkdir loops forever under /proc, so nothing here recurses blindly.
 */
function nearestExisting(p: string, what: string): string {
    const { dir, entry } = firstExisting(p);
    if (!entry) throw new EvaluationError(`${what}: no part of ${p} exists`);
    if (!entry.isDirectory()) throw new EvaluationError(`${what}: ${dir} is not a directory`);
    return dir;
}

/**
 * Proves `dir` accepts new entries by making and removing an empty directory there (access(2) lies
 * under /proc and for root).
 */
function probeWritable(dir: string, what: string): void {
    let probe: string;
    try {
        probe = fs.mkdtempSync(path.join(dir, ".chom-probe-"));
    } catch (e) {
        throw new EvaluationError(
            `${what}: cannot write in ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
    }
    fs.rmdirSync(probe);
}

/**
 * Checks an output directory before the run: absent (its nearest existing ancestor writable),
 * or a directory holding only an earlier output set. Returns the absolute path.
 */
export function checkOutputDir(dir: string, what: string): string {
    const target = path.resolve(dir);
    const st = entryAt(target, false);
    if (st) {
        if (st.isSymbolicLink())
            throw new EvaluationError(
                `${what}: ${target} is a symbolic link; give the directory itself`,
            );
        if (!st.isDirectory())
            throw new EvaluationError(`${what}: ${target} exists and is not a directory`);
        const foreign = foreignEntries(target);
        if (foreign.length) {
            throw new EvaluationError(
                `${what}: ${target} holds files that are not chom-certify outputs (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}); a new output set replaces the whole directory, so give an empty or new one`,
            );
        }
    }
    const parent = path.dirname(target);
    probeWritable(nearestExisting(parent, what), what);
    return target;
}

/**
 * Checks a file the run will write (`--export-state`): its directory exists and is writable, and it
 * is no directory.
 */
export function checkOutputFile(file: string, what: string): string {
    const target = path.resolve(file);
    if (entryAt(target, false)?.isDirectory())
        throw new EvaluationError(`${what}: ${target} is a directory`);
    const dir = path.dirname(target);
    const dirSt = entryAt(dir, true);
    if (!dirSt) throw new EvaluationError(`${what}: the directory ${dir} does not exist`);
    if (!dirSt.isDirectory()) throw new EvaluationError(`${what}: ${dir} is not a directory`);
    probeWritable(dir, what);
    return target;
}

/** Same file, through any symlink or hard link, or the same path when it does not exist yet. */
export function sameFile(a: string, b: string): boolean {
    if (path.resolve(a) === path.resolve(b)) return true;
    const sa = entryAt(a, true);
    const sb = entryAt(b, true);
    return !!sa && !!sb && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Whether `p` is `dir` or lies under it (after resolving symlinks of the existing part). */
export function isInside(p: string, dir: string): boolean {
    const real = (x: string) => {
        const existing = firstExisting(path.resolve(x)).dir;
        return path.join(fs.realpathSync(existing), path.relative(existing, path.resolve(x)));
    };
    const rel = path.relative(real(dir), real(p));
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
