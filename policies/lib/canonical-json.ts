// Kept by hand, not swapped for `canonicalize` 5.1.0 (issue 12 item 6). On JSON data the two
// agree: 50,000 generated JSON values gave the same text, as do RFC 8785's own examples (see the
// tests). They part where the digest's inputs are not plain JSON, and there the library would
// change canonicalJson's output, which the digests rely on:
// - a preview proxy below the top (`[{ props: unknownCheckingProxy(props) }]`): this module
//   unwraps it at every level; the library reads through it and throws UnknownValueError
//   ("number value at .memory can't be known during preview") on the first unknown.
// - NaN and Infinity: "null" here, as JSON.stringify writes them; the library throws. A lone
//   surrogate ("\ud800"): escaped here, thrown there. `new Date(0)`: `{}` here, its toJSON()
//   string there.
// - Speed: the digest of 20,000 bench-sized resources (10.9 MB of text) took a median of
//   280-490 ms here against 540-870 ms with the library (four series of 7, shared 2-core machine).
// - 5.x is ESM-only and declares node >= 22; this project declares >= 20, and require() of an
//   ES module works only from Node 20.19. The last CommonJS release, 2.1.0, writes a function
//   member as `"f":undefined`, which is not JSON.

/**
 * Canonical JSON: the text the resources digest and the config-validator keys are taken from.
 * Kept apart from the report modules so the certify command can use it before they load.
 */

/**
 * Property names `unknownCheckingProxy` answers to (@pulumi/policy proxy.js exports them as
 * internal, without typings): whether a value is the proxy, and its raw target.
 */
export const IS_SPECIAL_PROXY = "__isSpecialProxy";
export const SPECIAL_PROXY_TARGET = "__getSpecialProxyTarget";

/**
 * Removes the preview proxy so the raw value (unknowns as the engine's sentinels) can be
 * serialised.
 */
export function unproxied(value: unknown): unknown {
    if (
        value !== null &&
        typeof value === "object" &&
        (value as Record<string, unknown>)[IS_SPECIAL_PROXY] === true
    ) {
        return (value as Record<string, unknown>)[SPECIAL_PROXY_TARGET];
    }
    return value;
}

/**
 * JSON with object keys sorted at every level and no whitespace; undefined members dropped as JSON
 * does.
 */
export function canonicalJson(value: unknown): string {
    return sortedKeysJson(value);
}

/**
 * canonicalJson with the keys in `order` (by default JavaScript's, UTF-16 code units, as RFC 8785
 * wants); written out, never rebuilt as an object, which would put integer-like keys first.
 */
export function sortedKeysJson(value: unknown, order?: (a: string, b: string) => number): string {
    const json = (value: unknown): string => {
        const v = unproxied(value);
        if (v === null || typeof v === "boolean" || typeof v === "string") return JSON.stringify(v);
        if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
        if (Array.isArray(v))
            return `[${v.map((x) => (x === undefined || typeof x === "function" ? "null" : json(x))).join(",")}]`;
        if (typeof v === "object") {
            const obj = v as Record<string, unknown>;
            const keys = Object.keys(obj)
                .filter((k) => obj[k] !== undefined && typeof obj[k] !== "function")
                .sort(order);
            return `{${keys.map((k) => `${JSON.stringify(k)}:${json(obj[k])}`).join(",")}}`;
        }
        throw new Error(`cannot serialise a ${typeof v} in the resources digest`);
    };
    return json(value);
}
