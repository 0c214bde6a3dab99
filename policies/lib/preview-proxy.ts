/**
 * The policy SDK's preview proxy, loaded from its own module: `@pulumi/policy`'s index loads the
 * whole Pulumi SDK (seconds), which the certify process never needs. Same classes, so
 * `instanceof` agrees with what the SDK throws inside the pack.
 */
import type * as policy from "@pulumi/policy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Pick<
    typeof policy,
    "unknownCheckingProxy" | "UnknownValueError"
>;

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
