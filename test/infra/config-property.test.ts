/** Property-based: random and mutated configs only ever produce a validation result. */
import * as assert from "assert";
import fc from "fast-check";
import { parseStackConfig } from "../../infra/config";
import { stackRaw } from "../helpers/config-fixture";

const KEYS = [
    "chom:host",
    "chom:services",
    "chom:php",
    "chom:redis",
    "chom:mysql",
    "chom:firewall",
    "chom:tls",
    "chom:backup",
    "chom:monitoring",
    "chom:logging",
    "chom:appKey",
    "chom:other",
];

function assertIsResult(result: ReturnType<typeof parseStackConfig>): void {
    if (result.ok) return;
    assert.ok(result.errors.length > 0);
    for (const e of result.errors) {
        assert.strictEqual(typeof e.path, "string");
        assert.ok(e.path.startsWith("chom"), e.path);
        assert.strictEqual(typeof e.message, "string");
        assert.ok(!/\n\s+at /.test(e.message), `stack trace in ${e.message}`);
        assert.ok(
            !e.message.startsWith("could not be validated"),
            `validator crashed: ${e.message}`,
        );
    }
}

/**
 * Sets `value` at a random path inside `target` (objects and arrays), returning the mutated copy.
 */
function mutate(target: unknown, steps: number[], value: unknown): unknown {
    if (steps.length === 0 || typeof target !== "object" || target === null) return value;
    const keys = Object.keys(target);
    if (keys.length === 0) return value;
    const key = keys[steps[0] % keys.length];
    const copy: Record<string, unknown> = Array.isArray(target)
        ? ([...target] as unknown as Record<string, unknown>)
        : { ...(target as Record<string, unknown>) };
    copy[key] = mutate((target as Record<string, unknown>)[key], steps.slice(1), value);
    return copy;
}

describe("stack config validation, property-based", () => {
    it("never throws on random configs", () => {
        fc.assert(
            fc.property(
                fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue()),
                fc.subarray(KEYS),
                (raw, secret) => {
                    assertIsResult(parseStackConfig(raw, new Set(secret)));
                },
            ),
            { numRuns: 300 },
        );
    });

    it("never throws on a valid config with one value replaced anywhere, and refuses or accepts it cleanly", () => {
        const base = stackRaw();
        fc.assert(
            fc.property(
                fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
                fc.oneof(fc.jsonValue(), fc.double(), fc.string(), fc.constant(undefined)),
                (steps, value) => {
                    const raw = mutate(base.raw, steps, value) as Record<string, unknown>;
                    assertIsResult(parseStackConfig(raw, base.secretKeys));
                },
            ),
            { numRuns: 500 },
        );
    });

    it("refuses any negative or zero size, naming its path", () => {
        const fields = ["cpu", "cpuReservation", "memoryMb", "memoryReservationMb"];
        fc.assert(
            fc.property(
                fc.constantFrom("app", "mysql", "redis", "nginx"),
                fc.constantFrom(...fields),
                fc.double({ max: 0, noNaN: true }),
                (service, field, value) => {
                    const c = stackRaw();
                    (c.raw["chom:services"] as Record<string, Record<string, unknown>>)[service][
                        field
                    ] = value;
                    const result = parseStackConfig(c.raw, c.secretKeys);
                    assert.ok(!result.ok);
                    assert.ok(
                        result.errors.some((e) => e.path === `chom:services.${service}.${field}`),
                        JSON.stringify(result.errors),
                    );
                },
            ),
            { numRuns: 100 },
        );
    });
});
