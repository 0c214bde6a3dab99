import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import type { ReturnSetting, ServerView } from "../../lib/nginx-config";
import { DeclaredFlag, judgeDeclaredFlag, where } from "./support/rendered-config";

/** What the edge must declare: port 80 redirects to HTTPS. */
const REDIRECTING: DeclaredFlag = {
    flag: "httpRedirect",
    wanted: true,
    wrong: "does not redirect HTTP to HTTPS",
    fix: "answer port 80 with a 301 to https://",
};

const isHttpsRedirect = (r: ReturnSetting | undefined): boolean =>
    r !== undefined && [301, 302, 307, 308].includes(r.code) && r.target.startsWith("https://");

/**
 * Why a plain-HTTP server block does not answer everything with a redirect to HTTPS, or
 * undefined. Exact-match locations (`= /health`) and the ACME challenge path may answer
 * themselves: they serve one fixed URI, not the site.
 */
function notRedirecting(server: ServerView): string | undefined {
    if (isHttpsRedirect(server.return)) return undefined;
    const root = server.locations.find((l) => l.match === "/");
    if (!isHttpsRedirect(root?.return))
        return root
            ? `location / (line ${root.line}) does not return a redirect to https://`
            : "no return of a redirect to https:// for location /";
    const serving = server.locations.filter(
        (l) =>
            l !== root &&
            !isHttpsRedirect(l.return) &&
            !l.match.startsWith("=") &&
            !/^(\^~ )?\/\.well-known\/acme-challenge\//.test(l.match),
    );
    if (serving.length > 0)
        return `location ${serving.map((l) => `${l.match} (line ${l.line})`).join(", ")} answers without a redirect to https://`;
    return undefined;
}

/** CHOM-TLS-004: content served on plain HTTP can be read and changed on the way. */
export const httpRedirectsToHttps: ResourceRule = {
    id: "CHOM-TLS-004",
    policyName: "chom-tls-http-redirects-to-https",
    title: "HTTP redirects to HTTPS",
    category: "Security",
    severity: "medium",
    framework: certificateRef("SSL/TLS configured with A+ rating"),
    description:
        "Port 80 must answer every request with a redirect to HTTPS (`httpRedirect`), never with content.",
    remediation:
        "Set `httpRedirect: true` (nginx `return 301 https://$host$request_uri;` in the port 80 server).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: port 80 answering with content instead of a redirect lets logins and cookies travel in clear text; the certificate's A+ line requires the redirect.",
    appliesTo: [TYPES.tls],
    certificateItem: "SSL/TLS configured with A+ rating",
    scope: "resource",
    config: {},
    check(subject) {
        return judgeDeclaredFlag(subject, REDIRECTING, (view, value, declared) => {
            const found: Violation[] = [];
            const plain = view.servers.filter((s) =>
                s.listens.some((l) => l.port === 80 && !l.ssl),
            );
            if (value === true && plain.length === 0)
                found.push({
                    message: `${declared} but its rendered nginx config has no server block listening on port 80`,
                });
            for (const server of plain) {
                const why = notRedirecting(server);
                if (value === true && why !== undefined)
                    found.push({
                        message: `${declared} but in its rendered nginx config ${why} (${where(server)})`,
                    });
                if (value === false && why === undefined)
                    found.push({
                        message: `${declared} but its rendered nginx config redirects port 80 to HTTPS (${where(server)})`,
                    });
            }
            return found;
        });
    },
};
