/**
 * Per-service allow lists of the CIS rules (capabilities, namespaces, devices, host paths...). An
 * entry names a container (its docker name) or a service; the service is what the image runs
 * when the resolver can tell, so a `chom.service` label cannot widen an allowance beyond it.
 */
import { unknownValueError } from "../../../lib/preview-proxy";
import type { ConfigProperty, Subject, Violation } from "../../../lib/rule";
import { identify } from "../../../lib/service-identity";
import { ContainerProps, LABELS } from "../../../lib/subjects";
import { containerName } from "./container-facts";

/** One allow-list entry: the container or service it is for, and why. */
export interface Allowance {
    service: string;
    reason: string;
}

/**
 * The names an allow-list entry may use for this container. Throws UnknownValueError when nothing
 * can say.
 */
export function allowanceNames(subject: Subject): string[] {
    const id = identify(subject);
    if (id.unresolved)
        throw unknownValueError(
            ["image"],
            `the image of container ${subject.name} is unknown and neither its name nor a ${LABELS.service} label says what it runs`,
        );
    const service = id.detected ?? id.service;
    return service === undefined ? [containerName(subject)] : [containerName(subject), service];
}

/**
 * The entries of `list` that are for this container (identity is only resolved when the list has
 * entries).
 */
export function allowancesFor<T extends Allowance>(subject: Subject, list: readonly T[]): T[] {
    if (list.length === 0) return [];
    const names = allowanceNames(subject);
    return list.filter((a) => names.includes(a.service));
}

/** What an allow-list rule looks for in one container, and what an allowance excuses. */
export interface AllowListCheck<A extends Allowance, I, H> {
    /** What the rule looks at, read from the container's props. */
    items: (c: ContainerProps) => Iterable<I>;
    /** What is wrong with one item, or undefined when nothing is. */
    hit: (item: I, c: ContainerProps) => H | undefined;
    /** True when `allowance` (one of this container's) excuses `hit`. */
    excuses: (allowance: A, hit: H) => boolean;
    /** The finding's message; `name` is the container's display name. */
    message: (hit: H, name: string) => string;
}

/**
 * The findings of an allow-list rule on one container: every hit no allowance of the container
 * excuses. Reads in the rules' order, so the first unknown value at preview stays the one
 * reported: the container's name, then item by item (hit, allowances, message), resolving the
 * container's identity at the first hit only (allowancesFor).
 */
export function allowListFindings<A extends Allowance, I, H>(
    subject: Subject,
    allowed: readonly A[],
    check: AllowListCheck<A, I, H>,
): Violation[] {
    const c = subject.props as ContainerProps;
    const name = containerName(subject);
    const found: Violation[] = [];
    let mine: A[] | undefined;
    for (const item of check.items(c)) {
        const hit = check.hit(item, c);
        if (hit === undefined) continue;
        mine ??= allowancesFor(subject, allowed);
        if (mine.some((a) => check.excuses(a, hit))) continue;
        found.push({ message: check.message(hit, name) });
    }
    return found;
}

/** JSON-Schema of an allow list whose entries are `{ service, <key>, reason }`. */
export function allowListProperty(
    key: string,
    keyDescription: string,
    description: string,
): ConfigProperty {
    return {
        type: "array",
        description,
        default: [],
        items: {
            type: "object",
            properties: {
                service: {
                    type: "string",
                    minLength: 1,
                    description:
                        "Container name, or the service its image runs (chom.service label when the image says nothing).",
                },
                [key]: { type: "string", minLength: 1, description: keyDescription },
                reason: { type: "string", minLength: 1, description: "Why the service needs it." },
            },
            required: ["service", key, "reason"],
            additionalProperties: false,
        },
    };
}
