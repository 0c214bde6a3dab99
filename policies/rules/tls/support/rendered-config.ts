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
