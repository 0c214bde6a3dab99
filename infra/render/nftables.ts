/**
 * The nftables ruleset rendered from the chom:host:Firewall inputs: the host's input chain
 * and Docker's DOCKER-USER chain (Docker publishes ports through its own chains, bypassing
 * ufw, so published container ports are filtered there by their original destination port).
 */
import type { FirewallProps, FirewallRule } from "../../policies/lib/subjects";

const VERDICT = { deny: "drop", reject: "drop", allow: "accept" } as const;

/**
 * A quoted nft string. A newline in a comment would end the rule and start another (a rule
 * injection), a quote would end the string: the config refuses both, and this refuses them again
 * rather than render a ruleset someone else wrote.
 */
export const NFT_STRING = /^[^\u0000-\u001f\u007f"\\]{1,128}$/;

export function nftQuoted(value: string, what: string): string {
    if (!NFT_STRING.test(value))
        throw new Error(
            `${what}: ${JSON.stringify(value)} cannot be an nftables string (1-128 characters, no quote, backslash or control character)`,
        );
    return `"${value}"`;
}

function isWorld(cidr: string): boolean {
    return cidr.endsWith("/0");
}

/** One nft rule per address family; world sources need no saddr match. */
function ruleLines(rule: FirewallRule, portMatch: string, indent: string): string[] {
    const dport = String(rule.port);
    // ufw `limit` semantics (subjects.ts): the count-th new connection within perSeconds is
    // refused.
    const allowed = rule.rateLimit ? Math.max(1, rule.rateLimit.count - 1) : 0;
    const limit = rule.rateLimit
        ? ` ct state new limit rate ${Math.ceil((allowed * 60) / rule.rateLimit.perSeconds)}/minute burst ${allowed} packets`
        : "";
    const v4 = rule.sources.filter((s) => !s.includes(":"));
    const v6 = rule.sources.filter((s) => s.includes(":"));
    const out: string[] = [];
    const family = (prefix: "ip" | "ip6", sources: string[]) => {
        if (sources.length === 0) return;
        const saddr = sources.some(isWorld)
            ? `meta nfproto ${prefix === "ip" ? "ipv4" : "ipv6"}`
            : `${prefix} saddr { ${sources.join(", ")} }`;
        out.push(
            `${indent}${saddr} ${portMatch.replace("PROTO", rule.protocol).replace("PORT", dport)}${limit} accept comment ${nftQuoted(rule.comment, `firewall rule ${rule.port}/${rule.protocol} comment`)}`,
        );
    };
    family("ip", v4);
    family("ip6", v6);
    return out;
}

export function renderNftables(fw: Omit<FirewallProps, "nftablesRuleset">): string {
    const input = VERDICT[fw.defaultInbound];
    return [
        `# Rendered by the chom Pulumi program for ${fw.host}. Do not edit on the host.`,
        "table inet chom_filter {",
        "    chain input {",
        `        type filter hook input priority filter; policy ${input};`,
        "        ct state established,related accept",
        "        ct state invalid drop",
        "        iif lo accept",
        "        meta l4proto { icmp, ipv6-icmp } accept",
        ...fw.rules.flatMap((r) => ruleLines(r, "PROTO dport PORT", "        ")),
        "    }",
        "    chain output {",
        `        type filter hook output priority filter; policy ${VERDICT[fw.defaultOutbound]};`,
        "    }",
        "}",
        ...(fw.enforcedInDockerUserChain
            ? [
                  "table ip filter {",
                  "    chain DOCKER-USER {",
                  "        ct state established,related return",
                  // Containers' own traffic (bridge to outside) is not inbound.
                  '        iifname "br-*" return',
                  '        iifname "docker0" return',
                  ...fw.rules
                      .filter((r) => r.sources.some((s) => !s.includes(":")))
                      .flatMap((r) =>
                          ruleLines(
                              { ...r, sources: r.sources.filter((s) => !s.includes(":")) },
                              "ct original proto-dst PORT meta l4proto PROTO",
                              "        ",
                          ).map((l) => l.replace(/ accept /, " return ")),
                      ),
                  "        ct state new drop",
                  "    }",
                  "}",
              ]
            : []),
        "",
    ].join("\n");
}
