/**
 * The policy SDK's preview proxy, loaded from its own module: `@pulumi/policy`'s index loads the
 * whole Pulumi SDK (seconds), which the certify process never needs. Same classes, so
 * `instanceof` agrees with what the SDK throws inside the pack.
 */
import type * as policy from "@pulumi/policy";
import { IS_SPECIAL_PROXY, SPECIAL_PROXY_TARGET, unproxied } from "./canonical-json";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Pick<
    typeof policy,
    "unknownCheckingProxy" | "UnknownValueError"
> &
    Record<string, unknown>;

export const unknownCheckingProxy = proxy.unknownCheckingProxy;
export const UnknownValueError = proxy.UnknownValueError;

/** The engine's sentinel for an unknown string value. */
const UNKNOWN_STRING_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * An UnknownValueError a rule raises itself (a value it cannot decide without one that is
 * unknown). The SDK's constructor takes the sentinel and the property path (one string argument
 * alone makes it throw a TypeError, a pack error instead of UNKNOWN); the message is ours.
 */
export function unknownValueError(path: string[], message: string): Error {
    const error = withoutStackTrace(
        () => new UnknownValueError(UNKNOWN_STRING_SENTINEL, path) as Error,
    );
    error.message = message;
    return error;
}

/**
 * Runs `read` with no stack trace captured for an error it raises: the SDK reads an
 * UnknownValueError's message only, and a container of a state export whose image is unknown
 * raises one in several rules each, where capturing the trace cost more than the rule.
 */
export function withoutStackTrace<T>(read: () => T): T {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return read();
    } finally {
        Error.stackTraceLimit = limit;
    }
}

/**
 * Runs `read`, answering `ifUnknown` when it hits a value unknown during preview (facts are
 * built from what is known); any other error goes through.
 */
export function readKnown<T, U>(read: () => T, ifUnknown: U): T | U {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) return ifUnknown;
        throw e;
    }
}

/** Every sentinel is a UUID: a string of another length is no sentinel, and is not hashed. */
const SENTINEL_LENGTH = 36;

/**
 * The engine's sentinels for unknown values, as the SDK's proxy compares them (internal exports of
 * its proxy module, without typings; a missing one fails the pack's load, not a verdict).
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set(
    ["Boolean", "Number", "String", "Array", "Asset", "Archive", "Object"].map((kind) => {
        const sentinel = proxy[`unknown${kind}Value`];
        if (typeof sentinel !== "string" || sentinel.length !== SENTINEL_LENGTH)
            throw new Error(`@pulumi/policy/proxy has no unknown${kind}Value sentinel (a UUID)`);
        return sentinel;
    }),
);

/**
 * True when `props[key]` is itself an unknown value (a sentinel), told from the raw properties
 * without reading through the proxy: the read would throw UnknownValueError, a throw that costs
 * more than the rule reading it (a preview's export has an unknown image in every container).
 */
export function isUnknownProperty(props: object, key: string): boolean {
    const raw = (unproxied(props) as Record<string, unknown> | null | undefined)?.[key];
    return typeof raw === "string" && raw.length === SENTINEL_LENGTH && UNKNOWN_SENTINELS.has(raw);
}

/**
 * True when a read through the proxy could throw: a sentinel anywhere, or an object that is not
 * plain data (an asset or archive), which is not looked into and keeps the proxy.
 */
function mayHoldUnknown(value: unknown): boolean {
    if (typeof value === "string")
        return value.length === SENTINEL_LENGTH && UNKNOWN_SENTINELS.has(value);
    if (value === null || typeof value !== "object") return false;
    if (Array.isArray(value)) {
        for (const item of value as unknown[]) if (mayHoldUnknown(item)) return true;
        return false;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return true;
    for (const key in value)
        if (mayHoldUnknown((value as Record<string, unknown>)[key])) return true;
    return false;
}

const views = new WeakMap<object, object>();
const handedOut = new WeakSet<object>();

/**
 * The SDK hands each policy a resource's properties behind its preview proxy, which throws
 * UnknownValueError when a read reaches an unknown value and wraps every object it returns in a
 * new proxy. A property holding no unknown value reads the same without the proxy, only faster.
 * This view of the properties holds those as they are and reads each other one through the
 * proxy, so an unknown throws as before; it answers to the proxy's own names (`unproxied` finds
 * the raw properties). Where nothing is unknown (a state export of a deployed stack) the raw
 * properties are the view. Made once per deserialized object, which the policies of a request
 * share; any other value is returned as it is.
 */
export function withKnownValuesUnwrapped<T>(props: T): T {
    const target = unproxied(props);
    if (target === props || target === null || typeof target !== "object") return props;
    let view = views.get(target);
    if (view === undefined) {
        view = viewOf(target as Record<string, unknown>);
        views.set(target, view);
        handedOut.add(view);
    }
    return view as T;
}

/**
 * True for properties `withKnownValuesUnwrapped` made: one request's, shared by its policies and
 * never written, so what is derived from them alone may be kept for the next policy.
 */
export function isSharedRequestProps(props: unknown): boolean {
    return typeof props === "object" && props !== null && handedOut.has(props);
}

function viewOf(target: Record<string, unknown>): object {
    let view: Record<string, unknown> | undefined;
    let proxied: Record<string, unknown> | undefined;
    for (const k of Object.keys(target)) {
        if (!mayHoldUnknown(target[k])) continue;
        view ??= { ...target };
        proxied ??= unknownCheckingProxy(target) as Record<string, unknown>;
        const through = proxied;
        Object.defineProperty(view, k, { get: () => through[k], enumerable: true });
    }
    if (view === undefined) return target;
    Object.defineProperty(view, IS_SPECIAL_PROXY, { value: true });
    Object.defineProperty(view, SPECIAL_PROXY_TARGET, { value: target });
    return view;
}
