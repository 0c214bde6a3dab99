/**
 * The TLS edge's rendered nginx config (TlsProps.nginxConfig), parsed, for the TLS rules: each
 * rule compares what the component declares with what this file makes nginx do, so the two
 * can never disagree silently. A missing, empty or unparseable config fails: absence is never
 * compliance. Reading `nginxConfig` through the preview proxy throws UnknownValueError when it
 * is unknown, so the result is UNKNOWN, never PASS.
 */
import { NginxParseError, NginxView, readNginxConfig, ServerView } from "../../../lib/nginx-config";
import type { Subject, Violation } from "../../../lib/rule";
import type { TlsProps } from "../../../lib/subjects";

/** The parsed config and its ssl server blocks, or the one finding that says why there are none. */
export type RenderedNginx =
    { view: NginxView; sslServers: ServerView[]; problem?: undefined } | { problem: Violation };

/** Reads and parses `nginxConfig`; `needSsl` makes "no server listens with ssl" a problem. */
export function readRenderedNginx(subject: Subject, needSsl = true): RenderedNginx {
    const text = (subject.props as unknown as TlsProps).nginxConfig;
    const edge = `TLS edge ${subject.name}`;
    if (typeof text !== "string" || text.trim() === "") {
        const what =
            text === undefined || text === null
                ? "missing"
                : typeof text !== "string"
                  ? `not a string`
                  : "empty";
        return {
            problem: {
                message: `${edge} carries no rendered nginx config (nginxConfig ${what}): what nginx runs cannot be judged`,
            },
        };
    }
    let view: NginxView;
    try {
        view = readNginxConfig(text);
    } catch (e) {
        if (!(e instanceof NginxParseError)) throw e;
        return {
            problem: { message: `${edge} rendered nginx config cannot be parsed: ${e.message}` },
        };
    }
    if (view.servers.length === 0)
        return {
            problem: {
                message: `${edge} rendered nginx config has no server block: what the edge answers cannot be judged`,
            },
        };
    const sslServers = view.servers.filter((s) => s.ssl);
    if (needSsl && sslServers.length === 0)
        return {
            problem: {
                message: `${edge} rendered nginx config has no server block listening with ssl: its TLS settings are not what nginx runs`,
            },
        };
    return { view, sslServers };
}

/** `server block listening on 443, line 24`: where a setting was read. */
export function where(server: ServerView, line?: number): string {
    return `${server.label}, line ${line ?? server.line}`;
}

/** A boolean the TLS edge declares, the value it must have, and the finding when it has not. */
export interface DeclaredFlag {
    flag: "httpRedirect" | "serverTokens";
    wanted: boolean;
    /** What the edge does when the flag is not `wanted`, e.g. "announces the nginx version". */
    wrong: string;
    /** What to do about it. */
    fix: string;
}

/**
 * Judges a boolean the TLS edge declares: a finding when it is not `spec.wanted`; then, when it
 * is a boolean and the rendered config (ssl or not) can be read, what `compare` finds in that
 * config against it (`declared` opens its messages). A missing or unreadable rendered config is
 * reported beside a wrong declaration, never instead of it.
 */
export function judgeDeclaredFlag(
    subject: Subject,
    spec: DeclaredFlag,
    compare: (view: NginxView, value: boolean, declared: string) => Violation[],
): Violation[] {
    const value = (subject.props as unknown as TlsProps)[spec.flag];
    const found: Violation[] =
        value === spec.wanted
            ? []
            : [
                  {
                      message: `TLS edge ${subject.name} ${spec.wrong} (${spec.flag} ${JSON.stringify(value ?? null)}): ${spec.fix}`,
                  },
              ];
    const rendered = readRenderedNginx(subject, false);
    if (rendered.problem) return [...found, rendered.problem];
    // Without a boolean there is no declaration to compare with (the finding above fails it).
    if (typeof value !== "boolean") return found;
    const declared = `TLS edge ${subject.name} declares ${spec.flag} ${value}`;
    return [...found, ...compare(rendered.view, value, declared)];
}
