/**
 * A resource as the engine knows it after registration: what the Analyzer protocol sends
 * (post-Check inputs for Analyze, outputs for AnalyzeStack) and what a state export holds.
 * Property values are in the protocol's JSON form: unknowns are the sentinel string and
 * secrets the signature object, so nothing is lost on the way to the pack.
 */

/** The engine's marker for a value not known until the resource exists. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** `{ [SECRET_SIG_KEY]: SECRET_SIG, value }` marks a secret. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type PropertyValue =
    null | boolean | number | string | PropertyValue[] | { [key: string]: PropertyValue };
export type PropertyMap = Record<string, PropertyValue>;

export interface RecordedOptions {
    protect: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs: string[];
    aliases: string[];
    customTimeouts?: { create: number; update: number; delete: number };
}

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** Parent URN ("" for the root stack). */
    parent: string;
    /** Provider reference `<provider urn>::<id>` ("" for components and providers). */
    provider: string;
    inputs: PropertyMap;
    outputs: PropertyMap;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    options: RecordedOptions;
}

export function isSecretValue(v: unknown): v is { [SIG_KEY]: string; value?: PropertyValue } {
    return (
        typeof v === "object" &&
        v !== null &&
        (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
    );
}

/** The provider URN of a provider reference (`urn::id`). */
export function providerUrnOf(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i < 0 ? ref : ref.slice(0, i);
}
