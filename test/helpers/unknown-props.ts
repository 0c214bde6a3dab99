/**
 * Values unknown at preview, as the engine hands them to a policy pack: a property holding the
 * engine's unknown sentinel, read through @pulumi/policy's unknownCheckingProxy (which throws
 * UnknownValueError on reading it).
 */
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../policies/lib/rule";

/** The engine's sentinel for an unknown string value. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** `s` with the prop `key` unknown at preview (its other props as they are). */
export function withUnknownProp<S extends Subject>(s: S, key: string): S {
    return { ...s, props: unknownCheckingProxy({ ...s.props, [key]: UNKNOWN_STRING }) };
}
