/**
 * Small readers the resource and backup rules share: a container's display name, service,
 * environment, command tokens and CPU numbers. They only read props (so an unknown value at
 * preview still throws UnknownValueError out of the rule, as it must).
 */
import type { Subject } from "../../../lib/rule";
import { ContainerProps, TYPES } from "../../../lib/subjects";

export { containerName } from "../../../lib/subjects";

/** Containers of a stack. */
export function containersOf(resources: Subject[]): Subject[] {
    return resources.filter((r) => r.type === TYPES.container);
}

/**
 * One `NAME=value` entry of `envs`; `value` is undefined for a bare `NAME` (inherited from the
 * daemon).
 */
export interface EnvEntry {
    /** Variable name. */
    name: string;
    /** Literal value, if the entry has one. */
    value?: string;
}

/** Splits `envs` at the first `=` of each entry. */
export function envEntries(c: ContainerProps): EnvEntry[] {
    return (c.envs ?? []).map((entry) => {
        const at = entry.indexOf("=");
        return at < 0 ? { name: entry } : { name: entry.slice(0, at), value: entry.slice(at + 1) };
    });
}

/** The value of one environment variable (the last one wins, as in docker). */
export function envValue(c: ContainerProps, name: string): string | undefined {
    let found: string | undefined;
    for (const e of envEntries(c)) if (e.name === name) found = e.value;
    return found;
}

/**
 * The command as separate words: `["redis-server --maxmemory 256mb"]` and
 * `["redis-server", "--maxmemory", "256mb"]` read the same.
 */
export function commandWords(c: ContainerProps): string[] {
    return (c.command ?? []).flatMap((part) => part.split(/\s+/)).filter((w) => w !== "");
}

/** Every value given to `flag` (`--flag value` or `--flag=value`), in order. */
export function flagValues(words: string[], flag: string): string[] {
    const values: string[] = [];
    words.forEach((w, i) => {
        if (w === flag) {
            const next = words[i + 1];
            if (next !== undefined && !next.startsWith("--")) values.push(next);
            else values.push("");
        } else if (w.startsWith(`${flag}=`)) {
            values.push(w.slice(flag.length + 1));
        }
    });
    return values;
}

/**
 * A decimal CPU count (`cpus` or the reservation label); undefined when absent or not a number >=
 * 0.
 */
export function parseCpuCount(text: string | undefined): number | undefined {
    if (text === undefined || text.trim() === "") return undefined;
    if (!/^\d+(\.\d+)?$/.test(text.trim())) return undefined;
    return Number(text);
}

/** Rounds for messages so 0.1 + 0.2 reads 0.3 (toFixed: 2.875 reads 2.88, not 2.87). */
export function round(value: number, digits = 2): number {
    return Number(value.toFixed(digits));
}

/**
 * The docker provider's container inputs that say a container is a job rather than a service
 * (`@pulumi/docker` 5.2.0 `ContainerArgs`). The provider's Check fills in `rm = false`,
 * `start = true` and `mustRun = true`; `attach` defaults to false.
 */
type LifecycleProps = ContainerProps & {
    rm?: boolean;
    attach?: boolean;
    start?: boolean;
    mustRun?: boolean;
};

/**
 * Why a container is one-shot (run to completion, or never started), one phrase per input that
 * says so; empty for a long-running container. Reads may throw UnknownValueError at preview.
 */
export function oneShotFlags(subject: Subject): string[] {
    const c = subject.props as LifecycleProps;
    const flags: string[] = [];
    if (c.rm === true) flags.push("rm: true, removed when it exits");
    if (c.attach === true) flags.push("attach: true, the provider waits for it to exit");
    if (c.start === false) flags.push("start: false, created but never started");
    if (c.mustRun === false) flags.push("mustRun: false, not required to keep running");
    return flags;
}
