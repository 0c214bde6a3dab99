/**
 * Values unknown at preview, as the engine hands them to a policy pack: a property holding the
 * engine's unknown sentinel, read through @pulumi/policy's unknownCheckingProxy (which throws
 * UnknownValueError on reading it).
 */
import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { UNKNOWN_SENTINEL } from "../../policies/certify/recorded";
import type { Subject } from "../../policies/lib/rule";

/** The engine's sentinel for an unknown value (the one certify's engine side sends). */
export { UNKNOWN_SENTINEL };

/** `s` as preview sees it: `unknown` merged into its props, all read through the proxy. */
function atPreview<S extends Subject>(s: S, unknown: Record<string, unknown>): S {
    return { ...s, props: unknownCheckingProxy({ ...s.props, ...unknown }) };
}

/** `s` with the prop `key` unknown at preview (its other props as they are). */
export function withUnknownProp<S extends Subject>(s: S, key: string): S {
    return atPreview(s, { [key]: UNKNOWN_SENTINEL });
}

/** For `assert.throws`: what was thrown is Pulumi's UnknownValueError (by name, across copies). */
export const isUnknownValueError = (e: Error) => e.constructor.name === "UnknownValueError";

/**
 * `judge` of `s` as preview sees it, `unknown` merged into its props behind the engine's
 * unknown-checking proxy, must throw UnknownValueError (reported as UNKNOWN); its message must
 * match `message` when given.
 */
export function assertThrowsUnknown(
    judge: (s: Subject) => unknown,
    s: Subject,
    unknown: Record<string, unknown> = {},
    message?: RegExp,
): void {
    assert.throws(
        () => judge(atPreview(s, unknown)),
        (e: Error) =>
            e instanceof UnknownValueError &&
            isUnknownValueError(e) &&
            (!message || message.test(e.message)),
    );
}
