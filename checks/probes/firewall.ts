/**
 * Firewall probe: the nftables ruleset as loaded (Docker's chains included: Docker bypasses
 * ufw, so DOCKER-USER is what filters published ports), ufw where present, and the listening
 * sockets. A world-reachable listener the code does not declare is drift (CHOM-DRIFT-001).
 */
import { sectionsOf } from "../batch-script";
import { declaredPorts } from "../declared";
import { Observation, Probe, usable } from "../observation";

export interface Listener {
    protocol: "tcp" | "udp";
    address: string;
    port: number;
    process: string;
}

/**
 * `ss -Htlnup` lines: `tcp LISTEN 0 4096 198.18.77.2:8080 0.0.0.0:*
 * users:(("docker-proxy",pid=1,fd=4))`.
 */
export function parseListeners(text: string): Listener[] {
    const out: Listener[] = [];
    for (const line of text.split("\n")) {
        const f = line.trim().split(/\s+/);
        if (f.length < 5 || (f[0] !== "tcp" && f[0] !== "udp")) continue;
        const local = f[4];
        const i = local.lastIndexOf(":");
        const port = Number(local.slice(i + 1));
        if (!Number.isInteger(port)) continue;
        const address = local
            .slice(0, i)
            .replace(/^\[|\]$/g, "")
            .replace(/%.*$/, "");
        const process = /users:\(\("([^"]+)"/.exec(line)?.[1] ?? "";
        out.push({ protocol: f[0], address, port, process });
    }
    return out;
}

function isLoopback(address: string): boolean {
    return address.startsWith("127.") || address === "::1" || address === "localhost";
}

/** The body of `chain NAME { … }` in `nft list ruleset` output (first match), or undefined. */
function chainBody(ruleset: string, name: string): string | undefined {
    const start = ruleset.search(new RegExp(`\\bchain ${name} \\{`));
    if (start < 0) return undefined;
    const end = ruleset.indexOf("\n\t}", start);
    return ruleset.slice(ruleset.indexOf("{", start) + 1, end < 0 ? undefined : end);
}

export const firewallProbe: Probe = {
    area: "firewall",
    sections() {
        return sectionsOf("firewall", {
            nft: "nft list ruleset",
            ufw: "if command -v ufw >/dev/null 2>&1; then ufw status verbose; else echo 'ufw: not installed'; fi",
            ss: "ss -Htlnup",
        });
    },
    judge(ctx, get): Observation[] {
        const out: Observation[] = [];
        const o = (ruleId: string, item: string, state: Observation["state"], message: string) =>
            out.push({ ruleId, area: "firewall", item, state, message });
        const nft = usable(get("firewall.nft"), "nft list ruleset");
        const ufw = usable(get("firewall.ufw"), "ufw status");
        const ufwDenies = "text" in ufw && /Default: deny \(incoming\)/.test(ufw.text);
        const published = ctx.declared.containers.some((c) => c.ports.length > 0);
        if ("unknown" in nft) {
            o(
                "CHOM-FW-001",
                "ruleset",
                ufwDenies ? "PASS" : "UNKNOWN",
                ufwDenies
                    ? "ufw denies incoming by default (the nftables ruleset could not be read)"
                    : nft.unknown,
            );
            o(
                "CHOM-FW-006",
                "DOCKER-USER",
                published ? "UNKNOWN" : "NOT_APPLICABLE",
                published ? nft.unknown : "no container publishes a port",
            );
        } else {
            // An input hook chain whose policy drops (nft prints `type filter hook input priority
            // filter; policy drop;`).
            const inputDrops = /hook input priority [^;]+; policy drop;/.test(nft.text);
            if (inputDrops)
                o("CHOM-FW-001", "ruleset", "PASS", "an nftables input chain has policy drop");
            else if (ufwDenies)
                o("CHOM-FW-001", "ruleset", "PASS", "ufw denies incoming by default");
            else
                o(
                    "CHOM-FW-001",
                    "ruleset",
                    "FAIL",
                    "no nftables input chain with policy drop is loaded (and ufw does not deny incoming): inbound traffic is allowed by default",
                );
            const dockerUser = chainBody(nft.text, "DOCKER-USER");
            if (!published)
                o("CHOM-FW-006", "DOCKER-USER", "NOT_APPLICABLE", "no container publishes a port");
            else if (dockerUser === undefined)
                o(
                    "CHOM-FW-006",
                    "DOCKER-USER",
                    "FAIL",
                    "containers publish ports but no DOCKER-USER chain is loaded: Docker's published ports are not filtered",
                );
            else {
                const rules = dockerUser
                    .split("\n")
                    .map((l) => l.trim())
                    .filter(
                        (l) =>
                            l &&
                            !/^(counter( packets \d+ bytes \d+)? )?return$/.test(l) &&
                            !l.startsWith("type "),
                    );
                if (rules.some((l) => /\b(drop|reject)\b/.test(l)))
                    o(
                        "CHOM-FW-006",
                        "DOCKER-USER",
                        "PASS",
                        `DOCKER-USER filters (${rules.length} rule${rules.length === 1 ? "" : "s"})`,
                    );
                else
                    o(
                        "CHOM-FW-006",
                        "DOCKER-USER",
                        "FAIL",
                        "DOCKER-USER is loaded but drops nothing: every published port is open to whoever reaches the host",
                    );
            }
        }
        const ss = usable(get("firewall.ss"), "ss -Htlnup");
        if ("unknown" in ss) o("CHOM-DRIFT-001", "listeners", "UNKNOWN", ss.unknown);
        else {
            const declared = declaredPorts(ctx.declared);
            const sshPort = ctx.target.config.sshPort;
            const seen = new Set<string>();
            const open = parseListeners(ss.text).filter((l) => !isLoopback(l.address));
            for (const l of open) {
                const item = `${l.protocol} ${l.address.includes(":") ? `[${l.address}]` : l.address}:${l.port}`;
                if (seen.has(item)) continue;
                seen.add(item);
                const ok =
                    (l.protocol === "tcp" && l.port === sshPort) ||
                    declared.some((d) => d.port === l.port && d.protocol === l.protocol);
                o(
                    "CHOM-DRIFT-001",
                    item,
                    ok ? "PASS" : "FAIL",
                    ok
                        ? `declared listener${l.process ? ` (${l.process})` : ""}`
                        : `${item}${l.process ? ` (${l.process})` : ""} listens on a non-loopback address, but the stack declares no such port (firewall rules, SSH port, published container ports)`,
                );
            }
            if (open.length === 0)
                o("CHOM-DRIFT-001", "listeners", "PASS", "no listener on a non-loopback address");
        }
        return out;
    },
};
