/**
 * Canonical JSON: the text the resources digest and the config-validator keys are taken from.
 * Kept apart from the report modules so the certify command can use it before they load.
 */

/**
 * Property names `unknownCheckingProxy` answers to (@pulumi/policy proxy.js exports them as
 * internal, without typings): whether a value is the proxy, and its raw target.
 */
const IS_SPECIAL_PROXY = "__isSpecialProxy";
const SPECIAL_PROXY_TARGET = "__getSpecialProxyTarget";

/** Removes the preview proxy so the raw value (unknowns as the engine's sentinels) can be serialised. */
export function unproxied(value: unknown): unknown {
    if (value !== null && typeof value === "object" && (value as Record<string, unknown>)[IS_SPECIAL_PROXY] === true) {
        return (value as Record<string, unknown>)[SPECIAL_PROXY_TARGET];
    }
    return value;
}

/** JSON with object keys sorted at every level and no whitespace; undefined members dropped as JSON does. */
export function canonicalJson(value: unknown): string {
    const v = unproxied(value);
    if (v === null || typeof v === "boolean" || typeof v === "string") return JSON.stringify(v);
    if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
    if (Array.isArray(v)) return `[${v.map((x) => (x === undefined || typeof x === "function" ? "null" : canonicalJson(x))).join(",")}]`;
    if (typeof v === "object") {
        const obj = v as Record<string, unknown>;
        const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== "function").sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
    }
    throw new Error(`cannot serialise a ${typeof v} in the resources digest`);
}
