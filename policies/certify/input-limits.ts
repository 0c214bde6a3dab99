/**
 * Limits on what chom-certify reads, each checked before the expensive step it protects and
 * named in the message: a user learns the limit, not a stack trace or an out-of-memory kill.
 */
import * as fs from "fs";
import { EvaluationError } from "./errors";

/** A stack file larger than this cannot hold a config the language host can pass (below). */
export const MAX_STACK_FILE_BYTES = 1024 * 1024;
/**
 * The language host hands a program (and the engine a policy pack) the whole stack config in
 * one environment variable, PULUMI_CONFIG; Linux caps one such string at 128 KiB
 * (MAX_ARG_STRLEN), where spawn fails with E2BIG. `pulumi preview` fails there too.
 */
export const MAX_CONFIG_BYTES = 128 * 1024 - 1;
/** The largest `pulumi stack export` file read (README: supported up to 20,000 resources). */
export const MAX_STATE_BYTES = 256 * 1024 * 1024;
/**
 * Nesting deeper than this in a stack file or an export is refused (real property values nest a few
 * levels).
 */
export const MAX_NESTING = 100;

const MiB = (n: number) => `${Number((n / 1024 / 1024).toFixed(1))} MiB`;

/** Reads a file's bytes after checking its size, so a huge input is refused before it is parsed. */
export function readBoundedBytes(file: string, maxBytes: number, what: string): Buffer {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st && st.isFile() && st.size > maxBytes)
        throw new EvaluationError(`${what}: ${MiB(st.size)} is over the limit of ${MiB(maxBytes)}`);
    return fs.readFileSync(file);
}

/** `readBoundedBytes` as UTF-8 text. */
export function readBounded(file: string, maxBytes: number, what: string): string {
    return readBoundedBytes(file, maxBytes, what).toString("utf8");
}

/**
 * The path of the first place nested deeper than `MAX_NESTING` in `value`, or undefined.
 * Depth-first with an explicit stack (a recursive walk would itself overflow the stack it
 * guards); the path is kept as a list of keys and joined only when it is reported.
 */
export function tooDeep(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null) return undefined;
    const frames: { keys: string[]; of: Record<string, unknown>; next: number }[] = [];
    const path: string[] = [];
    const enter = (v: object): string | undefined => {
        if (frames.length >= MAX_NESTING)
            return (
                path.map((k, i) => (Array.isArray(frames[i].of) ? `[${k}]` : `.${k}`)).join("") ||
                "(top)"
            );
        frames.push({ keys: Object.keys(v), of: v as Record<string, unknown>, next: 0 });
        return undefined;
    };
    const deep = enter(value);
    if (deep) return deep;
    while (frames.length) {
        const top = frames[frames.length - 1];
        if (top.next === top.keys.length) {
            frames.pop();
            path.pop();
            continue;
        }
        const key = top.keys[top.next++];
        const child = top.of[key];
        if (typeof child !== "object" || child === null) continue;
        path[frames.length - 1] = key;
        path.length = frames.length;
        const found = enter(child);
        if (found) return found;
    }
    return undefined;
}

/** Throws when `value` nests deeper than `MAX_NESTING`, naming where. */
export function checkNesting(value: unknown, what: string): void {
    const at = tooDeep(value);
    if (at)
        throw new EvaluationError(
            `${what}: nested more than ${MAX_NESTING} levels deep at ${at.length > 120 ? `${at.slice(0, 120)}…` : at}`,
        );
}
