import * as assert from "assert";
import * as fc from "fast-check";
import { bytesToMb, formatMb, parseMemorySize } from "../../../policies/lib/sizes";

const MIB = 1024 * 1024;

describe("memory sizes", () => {
    it("reads PHP memory_limit values (K, M, G are powers of 1024)", () => {
        assert.deepStrictEqual(parseMemorySize("128M", "php"), { ok: true, bytes: 128 * MIB });
        assert.deepStrictEqual(parseMemorySize("256m", "php"), { ok: true, bytes: 256 * MIB });
        assert.deepStrictEqual(parseMemorySize("1G", "php"), { ok: true, bytes: 1024 * MIB });
        assert.deepStrictEqual(parseMemorySize("512K", "php"), { ok: true, bytes: 512 * 1024 });
        assert.deepStrictEqual(parseMemorySize("1048576", "php"), { ok: true, bytes: MIB });
        assert.deepStrictEqual(parseMemorySize(" 64M ", "php"), { ok: true, bytes: 64 * MIB });
    });
    it("reads PHP's -1 as unlimited", () => {
        assert.deepStrictEqual(parseMemorySize("-1", "php"), { ok: true, bytes: Infinity });
    });
    it("reads Redis sizes (k/m/g decimal, kb/mb/gb binary)", () => {
        assert.deepStrictEqual(parseMemorySize("256mb", "redis"), { ok: true, bytes: 256 * MIB });
        assert.deepStrictEqual(parseMemorySize("256MB", "redis"), { ok: true, bytes: 256 * MIB });
        assert.deepStrictEqual(parseMemorySize("256m", "redis"), { ok: true, bytes: 256_000_000 });
        assert.deepStrictEqual(parseMemorySize("1g", "redis"), { ok: true, bytes: 1e9 });
        assert.deepStrictEqual(parseMemorySize("1gb", "redis"), { ok: true, bytes: 1024 * MIB });
        assert.deepStrictEqual(parseMemorySize("100", "redis"), { ok: true, bytes: 100 });
        assert.deepStrictEqual(parseMemorySize("100b", "redis"), { ok: true, bytes: 100 });
    });
    it("rejects malformed sizes with a message naming the input", () => {
        for (const [text, dialect, error] of [
            [
                "1.5G",
                "php",
                'php memory size "1.5G" is not a whole number with an optional K, M or G suffix (or -1)',
            ],
            [
                "128MB",
                "php",
                'php memory size "128MB" has unknown unit "MB" (expected a whole number with an optional K, M or G suffix (or -1))',
            ],
            [
                "",
                "redis",
                'redis memory size "" is not a whole number with an optional b, k, kb, m, mb, g or gb suffix',
            ],
            [
                "-1",
                "redis",
                'redis memory size "-1" is not a whole number with an optional b, k, kb, m, mb, g or gb suffix',
            ],
            [
                "12tb",
                "redis",
                'redis memory size "12tb" has unknown unit "tb" (expected a whole number with an optional b, k, kb, m, mb, g or gb suffix)',
            ],
            [undefined as unknown as string, "php", "memory size must be a string, got undefined"],
        ] as const)
            assert.deepStrictEqual(parseMemorySize(text, dialect), { ok: false, error });
    });
    it("never throws on arbitrary strings", () => {
        fc.assert(
            fc.property(
                fc.string(),
                fc.constantFrom("php" as const, "redis" as const),
                (text, dialect) => {
                    const p = parseMemorySize(text, dialect);
                    assert.ok(p.ok ? p.bytes >= 0 : p.error.length > 0);
                },
            ),
            { numRuns: 1000 },
        );
    });
    it("converts bytes to MB and formats MB for messages", () => {
        assert.strictEqual(bytesToMb(256 * MIB), 256);
        assert.strictEqual(formatMb(256), "256 MB");
        assert.strictEqual(formatMb(1382.4), "1382.4 MB");
        assert.strictEqual(formatMb(Infinity), "unlimited");
    });
});
