/**
 * A resource as the engine records a plain custom resource (policies/certify/recorded.ts), for
 * tests that build one by hand.
 */
import type { PropertyMap, RecordedResource } from "../../policies/certify/recorded";

/**
 * The resource of `urn` (type and name read from it): custom, no parent, provider or
 * dependencies, default options, outputs a copy of the inputs; `over` replaces any field.
 */
export function recordedResource(
    urn: string,
    inputs: PropertyMap,
    over: Partial<RecordedResource> = {},
): RecordedResource {
    const [, , qualifiedType, ...name] = urn.split("::");
    return {
        urn,
        type: qualifiedType.split("$").pop()!,
        name: name.join("::"),
        custom: true,
        parent: "",
        provider: "",
        inputs,
        outputs: structuredClone(inputs),
        dependencies: [],
        propertyDependencies: {},
        options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [] },
        ...over,
    };
}
