/**
 * TLS probe, as a client from the checker (what the world sees): protocol versions accepted
 * and refused, weak TLS 1.2 suites, the certificate's days left and chain, HSTS and the security
 * headers, and the HTTP to HTTPS redirect.
 *
 * Trap: Debian's OpenSSL 3 refuses TLS 1.0/1.1 on the client side at its default security
 * level, so a naive probe reports a server that accepts TLS 1.0 as refusing it (a false pass).
 * Old versions are probed with `DEFAULT:@SECLEVEL=0`, which lets the client offer them.
 */
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as tls from "tls";
import type { TlsProps } from "../../policies/lib/subjects";
import type { LiveTarget } from "../live-config";
import { Observation, Probe } from "../observation";

const LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0";
/**
 * TLS 1.2 suites outside the intermediate profile (CBC, no forward secrecy, DHE) that a server must
 * refuse.
 */
const WEAK_TLS12 =
    "AES128-SHA:AES256-SHA:AES128-SHA256:AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA:@SECLEVEL=0";
export const VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type TlsVersion = (typeof VERSIONS)[number];

export interface Endpoint {
    host: string;
    port: number;
    httpPort: number;
    serverName: string;
    ca?: Buffer;
}

/**
 * One handshake: accepted (with the cipher), refused by the server, or the server not reachable.
 */
export type Handshake =
    | {
          accepted: true;
          cipher: string;
          protocol: string;
          cert?: tls.DetailedPeerCertificate;
          authorized: boolean;
          authError?: string;
      }
    | { accepted: false; refused: boolean; reason: string };

export function handshake(
    ep: Endpoint,
    version: TlsVersion,
    ciphers: string,
    timeoutMs: number,
): Promise<Handshake> {
    return new Promise((resolve) => {
        const socket = tls.connect({
            host: ep.host,
            port: ep.port,
            servername: ep.serverName,
            minVersion: version,
            maxVersion: version,
            ciphers,
            rejectUnauthorized: false,
            ca: ep.ca,
        });
        const done = (h: Handshake) => {
            clearTimeout(timer);
            socket.destroy();
            resolve(h);
        };
        const timer = setTimeout(
            () =>
                done({
                    accepted: false,
                    refused: false,
                    reason: `no TLS answer within ${timeoutMs} ms`,
                }),
            timeoutMs,
        );
        socket.once("secureConnect", () => {
            const c = socket.getCipher();
            done({
                accepted: true,
                cipher: c.standardName ?? c.name,
                protocol: socket.getProtocol() ?? version,
                cert: socket.getPeerCertificate(true),
                authorized: socket.authorized,
                authError: socket.authorizationError
                    ? String(socket.authorizationError)
                    : undefined,
            });
        });
        socket.once("error", (e: NodeJS.ErrnoException) => {
            // A TCP-level failure says nothing about TLS; an alert or a reset during the handshake
            // is a refusal.
            const tcp = ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT"].includes(
                e.code ?? "",
            );
            done({
                accepted: false,
                refused: !tcp,
                reason: tcp
                    ? `${e.code} connecting to ${ep.host}:${ep.port}`
                    : (e.code ?? e.message),
            });
        });
    });
}

function get(
    url: { https: boolean; ep: Endpoint },
    timeoutMs: number,
): Promise<{ status: number; headers: http.IncomingHttpHeaders } | { error: string }> {
    return new Promise((resolve) => {
        const lib = url.https ? https : http;
        const req = lib.request(
            {
                host: url.ep.host,
                port: url.https ? url.ep.port : url.ep.httpPort,
                path: "/",
                method: "GET",
                headers: { Host: url.ep.serverName },
                ...(url.https
                    ? {
                          servername: url.ep.serverName,
                          rejectUnauthorized: false,
                          ciphers: LEGACY_CIPHERS,
                      }
                    : {}),
                timeout: timeoutMs,
                agent: false,
            },
            (res) => {
                res.resume();
                resolve({ status: res.statusCode ?? 0, headers: res.headers });
            },
        );
        req.once("timeout", () => req.destroy(new Error(`no HTTP answer within ${timeoutMs} ms`)));
        req.once("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
        req.end();
    });
}

export interface TlsVerdicts {
    versions: Record<TlsVersion, Handshake>;
    weak: Handshake;
}

/** Every handshake the verdicts need, in parallel. */
export async function probeVersions(ep: Endpoint, timeoutMs: number): Promise<TlsVerdicts> {
    const [v10, v11, v12, v13, weak] = await Promise.all([
        handshake(ep, "TLSv1", LEGACY_CIPHERS, timeoutMs),
        handshake(ep, "TLSv1.1", LEGACY_CIPHERS, timeoutMs),
        handshake(ep, "TLSv1.2", LEGACY_CIPHERS, timeoutMs),
        handshake(ep, "TLSv1.3", LEGACY_CIPHERS, timeoutMs),
        handshake(ep, "TLSv1.2", WEAK_TLS12, timeoutMs),
    ]);
    return { versions: { TLSv1: v10, "TLSv1.1": v11, "TLSv1.2": v12, "TLSv1.3": v13 }, weak };
}

export function endpointOf(target: LiveTarget, declared: TlsProps | null): Endpoint {
    const t = target.config.tls;
    const domains = Array.isArray(declared?.domains) ? declared.domains : [];
    return {
        host: t?.address ?? target.config.address,
        port: t?.httpsPort ?? 443,
        httpPort: t?.httpPort ?? 80,
        serverName: t?.serverName ?? domains[0] ?? target.config.address,
        ca: t?.caFile ? fs.readFileSync(t.caFile) : undefined,
    };
}

const REQUIRED_HEADERS: Record<string, (v: string) => boolean> = {
    "content-security-policy": (v) => v.length > 0,
    "x-frame-options": (v) => /^(deny|sameorigin)$/i.test(v.trim()),
    "x-content-type-options": (v) => v.trim().toLowerCase() === "nosniff",
    "referrer-policy": (v) => v.length > 0 && !/unsafe-url/i.test(v),
    "permissions-policy": (v) => v.length > 0,
};

export async function judgeTls(
    ep: Endpoint,
    timeoutMs: number,
    now: Date,
    minHstsSeconds = 31536000,
): Promise<Observation[]> {
    const out: Observation[] = [];
    const o = (ruleId: string, state: Observation["state"], message: string) =>
        out.push({
            ruleId,
            area: "tls",
            item: `${ep.serverName} at ${ep.host}:${ep.port}`,
            state,
            message,
        });
    const [verdicts, page, plain] = await Promise.all([
        probeVersions(ep, timeoutMs),
        get({ https: true, ep }, timeoutMs),
        get({ https: false, ep }, timeoutMs),
    ]);
    const v = verdicts.versions;
    const unreachable = VERSIONS.every(
        (x) => !v[x].accepted && !(v[x] as { refused: boolean }).refused,
    );
    if (unreachable) {
        const why = (v["TLSv1.2"] as { reason: string }).reason;
        for (const id of [
            "CHOM-TLS-001",
            "CHOM-TLS-002",
            "CHOM-TLS-003",
            "CHOM-TLS-005",
            "CHOM-LIVE-008",
        ])
            o(id, "UNKNOWN", `the TLS endpoint did not answer: ${why}`);
    } else {
        const accepted = VERSIONS.filter((x) => v[x].accepted);
        const undecided = VERSIONS.filter(
            (x) => !v[x].accepted && !(v[x] as { refused: boolean }).refused,
        );
        const bad = accepted.filter((x) => x === "TLSv1" || x === "TLSv1.1");
        const missing = (["TLSv1.2", "TLSv1.3"] as const).filter((x) => !v[x].accepted);
        if (bad.length)
            o(
                "CHOM-TLS-001",
                "FAIL",
                `the server accepts ${bad.join(" and ")} (accepted: ${accepted.join(", ")})`,
            );
        else if (undecided.length)
            o("CHOM-TLS-001", "UNKNOWN", `no answer for ${undecided.join(", ")}`);
        else if (missing.length)
            o(
                "CHOM-TLS-001",
                "FAIL",
                `the server refuses ${missing.join(" and ")} (accepted: ${accepted.join(", ") || "none"})`,
            );
        else o("CHOM-TLS-001", "PASS", `accepted ${accepted.join(", ")}; refused TLSv1, TLSv1.1`);
        const negotiated = VERSIONS.flatMap((x) =>
            v[x].accepted ? [`${x} ${(v[x] as { cipher: string }).cipher}`] : [],
        );
        if (verdicts.weak.accepted)
            o(
                "CHOM-TLS-002",
                "FAIL",
                `TLSv1.2 accepts ${verdicts.weak.cipher}, outside Mozilla's intermediate profile (negotiated: ${negotiated.join("; ")})`,
            );
        else
            o(
                "CHOM-TLS-002",
                "PASS",
                `no CBC, DHE or non-forward-secret TLS 1.2 suite accepted (negotiated: ${negotiated.join("; ")})`,
            );
        const best = [v["TLSv1.3"], v["TLSv1.2"], v["TLSv1.1"], v.TLSv1].find((h) => h.accepted) as
            Extract<Handshake, { accepted: true }> | undefined;
        const cert = best?.cert;
        if (!cert || !cert.valid_to)
            o("CHOM-LIVE-008", "UNKNOWN", "the server sent no certificate");
        else {
            const daysLeft = Math.floor((Date.parse(cert.valid_to) - now.getTime()) / 86_400_000);
            const chain: string[] = [];
            for (
                let c: tls.DetailedPeerCertificate | undefined = cert, i = 0;
                c && i < 6;
                c = c.issuerCertificate === c ? undefined : c.issuerCertificate, i++
            )
                chain.push(c.subject?.CN ?? "?");
            const where = `certificate ${cert.subject?.CN ?? "?"} (chain: ${chain.join(" <- ")})`;
            if (daysLeft < 0)
                o(
                    "CHOM-LIVE-008",
                    "FAIL",
                    `${where} expired ${-daysLeft} days ago (${cert.valid_to})`,
                );
            else if (daysLeft < 30)
                o(
                    "CHOM-LIVE-008",
                    "FAIL",
                    `${where} has ${daysLeft} days left (${cert.valid_to}); at least 30 are required`,
                );
            else if (!best.authorized)
                o(
                    "CHOM-LIVE-008",
                    "FAIL",
                    `${where} does not verify: ${best.authError ?? "unknown reason"}`,
                );
            else o("CHOM-LIVE-008", "PASS", `${where} verifies, ${daysLeft} days left`);
        }
        if ("error" in page) {
            o("CHOM-TLS-003", "UNKNOWN", `GET / over HTTPS failed: ${page.error}`);
            o("CHOM-TLS-005", "UNKNOWN", `GET / over HTTPS failed: ${page.error}`);
        } else {
            const hsts = String(page.headers["strict-transport-security"] ?? "");
            const maxAge = Number(/max-age=(\d+)/i.exec(hsts)?.[1] ?? NaN);
            if (!hsts) o("CHOM-TLS-003", "FAIL", "no Strict-Transport-Security header");
            else if (!(maxAge >= minHstsSeconds) || !/includeSubDomains/i.test(hsts))
                o(
                    "CHOM-TLS-003",
                    "FAIL",
                    `Strict-Transport-Security "${hsts}": needs max-age >= ${minHstsSeconds} and includeSubDomains`,
                );
            else o("CHOM-TLS-003", "PASS", `Strict-Transport-Security "${hsts}"`);
            const problems = Object.entries(REQUIRED_HEADERS).flatMap(([name, ok]) => {
                const value = page.headers[name];
                if (value === undefined) return [`${name} missing`];
                return ok(String(value)) ? [] : [`${name} "${String(value)}" is not safe`];
            });
            o(
                "CHOM-TLS-005",
                problems.length ? "FAIL" : "PASS",
                problems.length
                    ? problems.join("; ")
                    : `${Object.keys(REQUIRED_HEADERS).join(", ")} present`,
            );
        }
    }
    if ("error" in plain)
        o(
            "CHOM-TLS-004",
            "UNKNOWN",
            `GET / over HTTP on port ${ep.httpPort} failed: ${plain.error}`,
        );
    else {
        const location = String(plain.headers.location ?? "");
        const redirects =
            [301, 302, 307, 308].includes(plain.status) && location.startsWith("https://");
        o(
            "CHOM-TLS-004",
            redirects ? "PASS" : "FAIL",
            redirects
                ? `HTTP ${plain.status} to ${location}`
                : `HTTP on port ${ep.httpPort} answers ${plain.status}${location ? ` to ${location}` : ""}, not a redirect to https://`,
        );
    }
    return out;
}

export const tlsProbe: Probe = {
    area: "tls",
    sections: () => [],
    async judge(ctx) {
        if (!ctx.declared.tls && !ctx.target.config.tls) {
            return [
                "CHOM-TLS-001",
                "CHOM-TLS-002",
                "CHOM-TLS-003",
                "CHOM-TLS-004",
                "CHOM-TLS-005",
                "CHOM-LIVE-008",
            ].map((ruleId) => ({
                ruleId,
                area: "tls",
                item: "edge",
                state: "NOT_APPLICABLE" as const,
                message: "the stack declares no chom:edge:Tls and chom:live has no tls endpoint",
            }));
        }
        const timeoutMs = Math.min(5000, ctx.target.config.deadlineSeconds * 1000);
        return judgeTls(endpointOf(ctx.target, ctx.declared.tls), timeoutMs, ctx.now);
    },
};
