/**
 * What the redis container's command (and the config files it loads, when uploaded) says.
 * Redis reads config files first and command-line options after, so a flag overrides a file.
 */
import type { ContainerProps } from "../../../lib/subjects";
import { commandWords, flagValues } from "./container-facts";

/** Files the redis command loads: a leading config-file argument and every `--include`. */
export function configFilesOf(words: string[]): string[] {
    const files: string[] = [];
    // `redis-server /path/redis.conf --opt ...`: the first word after the binary, when it is not an
    // option.
    const binary = words.findIndex((w) => w === "redis-server" || w.endsWith("/redis-server"));
    const first = binary >= 0 ? words[binary + 1] : undefined;
    if (first !== undefined && !first.startsWith("-")) files.push(first);
    files.push(...flagValues(words, "--include").filter((f) => f !== ""));
    return files;
}

/** Values of a redis directive, from uploaded config files then from the command (last wins). */
export function redisDirective(
    c: ContainerProps,
    directive: string,
): { value: string; from: string } | undefined {
    const words = commandWords(c);
    const uploads = c.uploads ?? [];
    let found: { value: string; from: string } | undefined;
    for (const file of configFilesOf(words)) {
        const content = uploads.find((u) => u.file === file)?.content;
        if (content === undefined) continue;
        for (const line of content.split(/\r?\n/)) {
            const m = /^\s*(\S+)\s+(\S+)/.exec(line);
            if (m && (m[1] as string).toLowerCase() === directive)
                found = { value: m[2] as string, from: file };
        }
    }
    const fromCommand = flagValues(words, `--${directive}`);
    if (fromCommand.length > 0)
        found = { value: fromCommand[fromCommand.length - 1] as string, from: "command" };
    return found;
}
