import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { insideAny, isWorld, rangeIncludes } from "../../lib/net";
import { FirewallProps, TYPES } from "../../lib/subjects";
import {
    defaultAllows,
    describeDefaultInbound,
    readCidrList,
    readFirewall,
} from "./support/firewall-view";
import {
    at,
    grantPortsIn,
    groupGrants,
    readRenderedFirewall,
    renderedDefaultAccepts,
} from "./support/rendered-ruleset";

/** Config of CHOM-FW-003. */
export type SshAdminOnlyConfig = {
    /**
     * Most new SSH connections per minute one source may open before the rate limit refuses more.
     */
    maxConnectionsPerMinute: number;
};

/**
 * New connections per minute a `rateLimit` lets through from one source. `{ count, perSeconds }`
 * has ufw `limit` meaning (iptables `recent --hitcount`): the `count`-th new connection within
 * `perSeconds` is refused, so `count - 1` get through per window. ufw's own `{ 6, 30 }` is 10/min.
 */
export function sshConnectionsPerMinute(rateLimit: { count: number; perSeconds: number }): number {
    return ((rateLimit.count - 1) * 60) / rateLimit.perSeconds;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * CHOM-FW-003: SSH is the way in for an attacker who guesses or steals a key; keep it small and
 * slow.
 */
export const sshAdminOnlyRateLimited: ResourceRule<SshAdminOnlyConfig> = {
    id: "CHOM-FW-003",
    policyName: "chom-fw-ssh-admin-only-rate-limited",
    title: "SSH is reachable only from admin sources, and rate limited",
    category: "Security",
    severity: "high",
    framework: certificateRef("Firewall rules configured correctly"),
    description:
        "Every firewall rule that opens the SSH port (`sshPort`, tcp) must take its sources from inside `adminSources`, " +
        "and must carry a `rateLimit` letting at most the configured number of new connections per minute through from one " +
        "source (`{ count, perSeconds }` as ufw's `limit`: the count-th connection in the window is refused). " +
        "`adminSources` itself must not be the whole world.",
    remediation:
        "Restrict the SSH rule's `sources` to `adminSources` and add `rateLimit: { count: 6, perSeconds: 30 }` (ufw `limit`).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: SSH open to the world, or without a rate limit, is brute-forced around the clock and is the direct path to root on the host; the documents require admin sources only, rate limited.",
    appliesTo: [TYPES.firewall],
    certificateItem: "Firewall rules configured correctly",
    scope: "resource",
    config: {
        maxConnectionsPerMinute: {
            type: "number",
            exclusiveMinimum: 0,
            default: 10,
            description:
                "Most new SSH connections per minute one source may open (ufw `limit` allows 10).",
        },
    },
    check(subject, config) {
        const fw = readFirewall(subject);
        const props = subject.props as unknown as FirewallProps;
        const admin = readCidrList(fw.name, "adminSources", props.adminSources);
        const found: Violation[] = [...fw.problems, ...admin.problems].map((message) => ({
            message,
        }));
        const ssh = props.sshPort;
        if (!(Number.isInteger(ssh) && ssh >= 1 && ssh <= 65535)) {
            return [
                ...found,
                {
                    message: `firewall ${fw.name} sshPort ${JSON.stringify(ssh)} is not a port 1-65535: SSH exposure cannot be judged`,
                },
            ];
        }
        const adminText = admin.cidrs.map((c) => c.text).join(", ") || "none";
        const worldAdmin = admin.cidrs.filter(isWorld);
        if (worldAdmin.length > 0) {
            found.push({
                message: `firewall ${fw.name} adminSources include the whole world (${worldAdmin.map((c) => c.text).join(", ")}): admin sources must be specific networks`,
            });
        }
        if (defaultAllows(props)) {
            found.push({
                message: `firewall ${fw.name} lets SSH port ${ssh} in from any source (${describeDefaultInbound(props)}): only adminSources (${adminText}) may reach it`,
            });
        }
        for (const rule of fw.rules.filter(
            (r) => r.rule.protocol === "tcp" && rangeIncludes(r.ports, ssh),
        )) {
            const outside = rule.sources
                .filter((s) => !insideAny(admin.cidrs, s))
                .map((s) => s.text);
            if (outside.length > 0) {
                found.push({
                    message: `firewall ${fw.name} ${rule.label} lets SSH port ${ssh} in from ${outside.join(", ")}, outside adminSources (${adminText})`,
                });
            }
            const limit = rule.rule.rateLimit;
            if (limit === undefined) {
                found.push({
                    message: `firewall ${fw.name} ${rule.label} does not rate limit SSH port ${ssh}: add rateLimit (at most ${config.maxConnectionsPerMinute} new connections per minute per source)`,
                });
                continue;
            }
            if (!(
                Number.isInteger(limit.count) &&
                limit.count >= 1 &&
                typeof limit.perSeconds === "number" &&
                limit.perSeconds > 0
            )) {
                found.push({
                    message: `firewall ${fw.name} ${rule.label} has an unreadable rateLimit ${JSON.stringify(limit)}: count must be an integer >= 1 and perSeconds a number > 0`,
                });
                continue;
            }
            const perMinute = sshConnectionsPerMinute(limit);
            if (perMinute > config.maxConnectionsPerMinute) {
                found.push({
                    message:
                        `firewall ${fw.name} ${rule.label} lets ${round2(perMinute)} new SSH connections per minute in from one source ` +
                        `(rateLimit ${limit.count} per ${limit.perSeconds} s): at most ${config.maxConnectionsPerMinute} allowed`,
                });
            }
        }
        // The rendered ruleset, where it lets SSH in beyond the declared rules.
        const view = readRenderedFirewall(subject);
        if (view.problem !== undefined) return [...found, { message: view.problem }];
        const open = renderedDefaultAccepts(props, view);
        if (open !== undefined)
            found.push({
                message: `firewall ${fw.name} declares ${describeDefaultInbound(props)} but its rendered nftables ruleset lets SSH port ${ssh} in from any source (${open}): only adminSources (${adminText}) may reach it`,
            });
        const sshGrants = view.extra.filter(
            (g) => g.protocol === "tcp" && grantPortsIn(g, [ssh]).length > 0,
        );
        const outsideAdmin = sshGrants.filter(
            (g) => !(g.source.cidr && insideAny(admin.cidrs, g.source.cidr)),
        );
        for (const { first, sources } of groupGrants(outsideAdmin)) {
            found.push({
                message: `firewall ${fw.name}'s rendered nftables ruleset lets SSH port ${ssh} in from ${sources.join(", ")} ${at(first)}, which no declared rule does: only adminSources (${adminText}) may reach it`,
            });
        }
        const unlimited = sshGrants.filter(
            (g) => g.limit === undefined || g.limit.perMinute > config.maxConnectionsPerMinute,
        );
        for (const { first } of groupGrants(unlimited)) {
            const how =
                first.limit === undefined
                    ? "with no rate limit"
                    : `at ${first.limit.perMinute} new connections per minute`;
            found.push({
                message: `firewall ${fw.name}'s rendered nftables ruleset accepts SSH port ${ssh} ${how} ${at(first)}, unlike its declared rules: at most ${config.maxConnectionsPerMinute} new connections per minute per source allowed`,
            });
        }
        return found;
    },
};
