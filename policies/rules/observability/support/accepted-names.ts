/**
 * Config of the observability rules that require a set of things, each satisfied by any one of
 * several names (alert rules, services).
 */
import type { ConfigProperty } from "../../../lib/rule";

/** JSON-Schema of a map: required thing → the names accepted for it (at least one). */
export function acceptedNamesProperty(
    defaults: Record<string, string[]>,
    description: string,
): ConfigProperty {
    return {
        type: "object",
        additionalProperties: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
        },
        default: defaults,
        description,
    };
}

/** The entries of `required` none of whose accepted names `present` holds. */
export function unmet(
    required: Record<string, string[]>,
    present: Set<string>,
): [string, string[]][] {
    return Object.entries(required).filter(([, accepted]) => !accepted.some((n) => present.has(n)));
}
