/**
 * Memory size strings as PHP and Redis write them ("256M", "256mb", "1g"), to bytes.
 *
 * The two programs disagree on what a one-letter unit means, so the caller says whose
 * string it is:
 * - `php` (`memory_limit`): K, M, G are powers of 1024, case-insensitive; a bare number is
 *   bytes; `-1` means unlimited.
 * - `redis` (`maxmemory`, redis.conf "units"): k, m, g are powers of 1000; kb, mb, gb are
 *   powers of 1024; b is bytes; case-insensitive; a bare number is bytes.
 */

/** Whose spelling a size string follows. */
export type SizeDialect = "php" | "redis";

/**
 * The outcome of `parseMemorySize`: bytes (Infinity for PHP's `-1`), or an error naming the input.
 */
export type SizeParse = { ok: true; bytes: number } | { ok: false; error: string };

const KIB = 1024;

const PHP_UNITS: Record<string, number> = { "": 1, k: KIB, m: KIB ** 2, g: KIB ** 3 };
const REDIS_UNITS: Record<string, number> = {
    "": 1,
    b: 1,
    k: 1e3,
    kb: KIB,
    m: 1e6,
    mb: KIB ** 2,
    g: 1e9,
    gb: KIB ** 3,
};

/** Parses a memory size in the given dialect. Never throws. */
export function parseMemorySize(text: string, dialect: SizeDialect): SizeParse {
    if (typeof text !== "string")
        return {
            ok: false,
            error: `memory size must be a string, got ${text === null ? "null" : typeof text}`,
        };
    const trimmed = text.trim();
    const shown = JSON.stringify(trimmed.length > 40 ? `${trimmed.slice(0, 37)}...` : trimmed);
    if (dialect === "php" && trimmed === "-1") return { ok: true, bytes: Infinity };
    // Both programs parse the amount as an integer: "1.5g" is an error there, so it is one here.
    const m = /^(\d+)\s*([a-z]*)$/i.exec(trimmed);
    const units = dialect === "php" ? PHP_UNITS : REDIS_UNITS;
    const spelled =
        dialect === "php"
            ? "a whole number with an optional K, M or G suffix (or -1)"
            : "a whole number with an optional b, k, kb, m, mb, g or gb suffix";
    if (!m) return { ok: false, error: `${dialect} memory size ${shown} is not ${spelled}` };
    const [, amount, unit] = m as unknown as [string, string, string];
    const factor = units[unit.toLowerCase()];
    if (factor === undefined)
        return {
            ok: false,
            error: `${dialect} memory size ${shown} has unknown unit "${unit}" (expected ${spelled})`,
        };
    return { ok: true, bytes: Number(amount) * factor };
}

/** Bytes to MiB, the unit of docker's `memory` input (which the docker provider calls MB). */
export function bytesToMb(bytes: number): number {
    return bytes / KIB ** 2;
}

/** A number of MB for messages: whole numbers as is, otherwise one decimal. */
export function formatMb(mb: number): string {
    if (!Number.isFinite(mb)) return "unlimited";
    return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}
