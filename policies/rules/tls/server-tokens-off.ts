import { owaspSecureHeaders } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { DeclaredFlag, judgeDeclaredFlag, where } from "./support/rendered-config";

/** What the edge must declare: server tokens off. */
const SERVER_TOKENS_OFF: DeclaredFlag = {
    flag: "serverTokens",
    wanted: false,
    wrong: "announces the nginx version",
    fix: "set serverTokens false",
};

/** CHOM-TLS-007: a version string tells a scanner which CVEs to try first. */
export const serverTokensOff: ResourceRule = {
    id: "CHOM-TLS-007",
    policyName: "chom-tls-server-tokens-off",
    title: "nginx does not announce its version",
    category: "Security",
    severity: "low",
    framework: owaspSecureHeaders("Headers to remove: Server"),
    description:
        "`server_tokens` must be off (`serverTokens: false`), so responses and error pages do not carry the nginx version.",
    remediation: "Set `serverTokens: false` (nginx `server_tokens off;`).",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: announcing the nginx version only saves an attacker a probe and exposes no data, so an operator can accept it with a note (OWASP lists it as hardening).",
    appliesTo: [TYPES.tls],
    scope: "resource",
    config: {},
    check(subject) {
        // Every server block answers someone (port 80 included): each must say what is declared.
        return judgeDeclaredFlag(subject, SERVER_TOKENS_OFF, (view, value, declared) => {
            const found: Violation[] = [];
            // One finding per offending directive (an http-level one governs every server block).
            const wrong = new Map<number, { value: string; servers: string[] }>();
            for (const server of view.servers) {
                // Unset means nginx's default, on.
                if (server.serverTokens === undefined && value === false)
                    found.push({
                        message: `${declared} but its rendered nginx config sets no server_tokens (${where(server)}): nginx's default is on`,
                    });
                for (const t of [
                    ...(server.serverTokens ? [server.serverTokens] : []),
                    ...server.locationServerTokens,
                ]) {
                    if ((t.value === "off") === (value === false)) continue;
                    const w = wrong.get(t.line) ?? { value: t.value, servers: [] };
                    w.servers.push(server.ports.join(", "));
                    wrong.set(t.line, w);
                }
            }
            for (const [line, w] of wrong) {
                found.push({
                    message: `${declared} but its rendered nginx config sets server_tokens ${w.value} (line ${line}, server blocks listening on ${w.servers.join("; ")})`,
                });
            }
            return found;
        });
    },
};
