import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import {
    sshAdminOnlyRateLimited,
    sshConnectionsPerMinute,
} from "../../../../policies/rules/firewall/ssh-admin-only-rate-limited";
import type { FirewallRule } from "../../../../policies/lib/subjects";
import {
    ADMIN,
    firewall,
    firewallProps,
    firewallRendering,
    firewallWithInputLines,
} from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

/** The compliant rules with the SSH rule (#3) replaced. */
function withSsh(change: Partial<FirewallRule>) {
    const rules = firewallProps().rules.map((r) => (r.port === 22 ? { ...r, ...change } : r));
    return firewall({ rules });
}

describe("CHOM-FW-003 SSH admin-only and rate limited", () => {
    it("passes the compliant firewall (admin network, ufw limit 6 per 30 s = 10/min)", () => {
        assert.strictEqual(sshConnectionsPerMinute({ count: 6, perSeconds: 30 }), 10);
        assert.strictEqual(judgeOne(sshAdminOnlyRateLimited, firewall()).state, "PASS");
    });
    it("fails SSH open to a source outside adminSources", () => {
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            withSsh({ sources: [...ADMIN, "203.0.113.0/24"] }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") lets SSH port 22 in from 203.0.113.0/24, outside adminSources (10.10.100.0/24)`,
        );
    });
    it("fails SSH open to the world", () => {
        const o = judgeOne(sshAdminOnlyRateLimited, withSsh({ sources: ["0.0.0.0/0"] }));
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") lets SSH port 22 in from 0.0.0.0/0, outside adminSources (10.10.100.0/24)`,
        );
    });
    it("fails an SSH rule without a rate limit", () => {
        const o = judgeOne(sshAdminOnlyRateLimited, withSsh({ rateLimit: undefined }));
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") does not rate limit SSH port 22: add rateLimit (at most 10 new connections per minute per source)`,
        );
    });
    it("fails a rate limit above the maximum", () => {
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            withSsh({ rateLimit: { count: 31, perSeconds: 60 } }),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") lets 30 new SSH connections per minute in from one source (rateLimit 31 per 60 s): at most 10 allowed`,
        );
    });
    it("fails an unreadable rate limit", () => {
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            withSsh({ rateLimit: { count: 0, perSeconds: 30 } }),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") has an unreadable rateLimit {"count":0,"perSeconds":30}: count must be an integer >= 1 and perSeconds a number > 0`,
        );
    });
    it("follows sshPort: the hardened 2222 with a world rule fails, while port 22 is no longer SSH", () => {
        const rules: FirewallRule[] = [
            ...firewallProps().rules,
            {
                port: 2222,
                protocol: "tcp",
                sources: ["0.0.0.0/0"],
                rateLimit: { count: 6, perSeconds: 30 },
                comment: "SSH hardened",
            },
        ];
        const o = judgeOne(sshAdminOnlyRateLimited, firewall({ sshPort: 2222, rules }));
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (2222/tcp "SSH hardened") lets SSH port 2222 in from 0.0.0.0/0, outside adminSources (10.10.100.0/24)`,
        );
    });
    it("fails SSH inside a port range", () => {
        const rules: FirewallRule[] = [
            ...firewallProps().rules,
            { port: "20-25", protocol: "tcp", sources: ["198.51.100.7"], comment: "legacy" },
        ];
        const o = judgeOne(sshAdminOnlyRateLimited, firewall({ rules }));
        assert.strictEqual(
            o.message,
            [
                `firewall landsraad_tst-firewall rule #7 (20-25/tcp "legacy") lets SSH port 22 in from 198.51.100.7, outside adminSources (10.10.100.0/24)`,
                `firewall landsraad_tst-firewall rule #7 (20-25/tcp "legacy") does not rate limit SSH port 22: add rateLimit (at most 10 new connections per minute per source)`,
            ].join("; "),
        );
    });
    it("fails world adminSources (every source would be 'admin')", () => {
        const o = judgeOne(sshAdminOnlyRateLimited, firewall({ adminSources: ["0.0.0.0/0"] }));
        assert.strictEqual(
            o.message,
            "firewall landsraad_tst-firewall adminSources include the whole world (0.0.0.0/0): admin sources must be specific networks",
        );
    });
    it("fails an allow default (SSH reachable with no rule at all)", () => {
        const o = judgeOne(sshAdminOnlyRateLimited, firewall({ defaultInbound: "allow" }));
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall lets SSH port 22 in from any source (defaultInbound "allow"): only adminSources (10.10.100.0/24) may reach it`,
        );
    });
    it("fails an sshPort that is not a port", () => {
        const o = judgeOne(sshAdminOnlyRateLimited, firewall({ sshPort: 0 }));
        assert.strictEqual(
            o.message,
            "firewall landsraad_tst-firewall sshPort 0 is not a port 1-65535: SSH exposure cannot be judged",
        );
    });
    it("fails an unreadable admin source", () => {
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            firewall({ adminSources: ["10.10.100.0/24", "office"] }),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall adminSources cannot be read: invalid CIDR "office": invalid IPv4 address "office": an IPv4 address has 4 dot-separated numbers`,
        );
    });
    it("config maxConnectionsPerMinute: 5 fails the ufw default limit", () => {
        const o = judgeOne(sshAdminOnlyRateLimited, firewall(), { maxConnectionsPerMinute: 5 });
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") lets 10 new SSH connections per minute in from one source (rateLimit 6 per 30 s): at most 5 allowed`,
        );
    });
    it("throws UnknownValueError when sshPort is unknown at preview", () => {
        const fw = firewall();
        fw.props = unknownCheckingProxy({
            ...fw.props,
            sshPort: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(sshAdminOnlyRateLimited, fw), UnknownValueError);
    });
    it("fails SSH the rendered ruleset lets in from outside adminSources and without the declared rate limit", () => {
        const edit = firewallRendering;
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            edit(
                "ip saddr { 10.10.100.0/24 } tcp dport 22 ct state new limit rate 10/minute burst 5 packets accept",
                "ip saddr { 10.10.100.0/24, 203.0.113.0/24 } tcp dport 22 accept",
            ),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            [
                "firewall landsraad_tst-firewall's rendered nftables ruleset lets SSH port 22 in from 203.0.113.0/24 (chain inet chom_filter input, line 13), which no declared rule does: only adminSources (10.10.100.0/24) may reach it",
                "firewall landsraad_tst-firewall's rendered nftables ruleset accepts SSH port 22 with no rate limit (chain inet chom_filter input, line 13), unlike its declared rules: at most 10 new connections per minute per source allowed",
            ].join("; "),
        );
    });
    it("port boundaries: sshPort 1 and 65535 are judged, 0 and 65536 are not ports", () => {
        const sshOn = (sshPort: number) =>
            firewall({
                sshPort,
                rules: firewallProps().rules.map((r) =>
                    r.port === 22 ? { ...r, port: sshPort } : r,
                ),
            });
        assert.strictEqual(judgeOne(sshAdminOnlyRateLimited, sshOn(1)).state, "PASS");
        assert.strictEqual(judgeOne(sshAdminOnlyRateLimited, sshOn(65535)).state, "PASS");
        const world = (sshPort: number) =>
            firewall({
                sshPort,
                rules: [
                    {
                        port: sshPort,
                        protocol: "tcp",
                        sources: ["0.0.0.0/0"],
                        rateLimit: { count: 6, perSeconds: 30 },
                        comment: "",
                    },
                ],
            });
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, world(1)).message,
            "firewall landsraad_tst-firewall rule #1 (1/tcp) lets SSH port 1 in from 0.0.0.0/0, outside adminSources (10.10.100.0/24)",
        );
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, world(65535)).message,
            "firewall landsraad_tst-firewall rule #1 (65535/tcp) lets SSH port 65535 in from 0.0.0.0/0, outside adminSources (10.10.100.0/24)",
        );
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, firewall({ sshPort: 0 })).message,
            "firewall landsraad_tst-firewall sshPort 0 is not a port 1-65535: SSH exposure cannot be judged",
        );
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, firewall({ sshPort: 65536 })).message,
            "firewall landsraad_tst-firewall sshPort 65536 is not a port 1-65535: SSH exposure cannot be judged",
        );
    });
    it("rate limit boundaries: count 1 and any positive perSeconds are readable; count 0 or perSeconds 0 are not", () => {
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, withSsh({ rateLimit: { count: 1, perSeconds: 60 } }))
                .state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, withSsh({ rateLimit: { count: 6, perSeconds: 0.5 } }))
                .state,
            "FAIL",
        );
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, withSsh({ rateLimit: { count: 0, perSeconds: 30 } }))
                .message,
            'firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") has an unreadable rateLimit {"count":0,"perSeconds":30}: count must be an integer >= 1 and perSeconds a number > 0',
        );
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, withSsh({ rateLimit: { count: 6, perSeconds: 0 } }))
                .message,
            'firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") has an unreadable rateLimit {"count":6,"perSeconds":0}: count must be an integer >= 1 and perSeconds a number > 0; ' +
                'firewall landsraad_tst-firewall rendered nftables ruleset cannot be read: line 13: limit rate "Infinity/minute" is not N/second|minute|hour|day|week (packets)',
        );
        assert.strictEqual(
            judgeOne(
                sshAdminOnlyRateLimited,
                withSsh({ rateLimit: { count: 6, perSeconds: "30" as unknown as number } }),
            ).message,
            'firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") has an unreadable rateLimit {"count":6,"perSeconds":"30"}: count must be an integer >= 1 and perSeconds a number > 0',
        );
    });
    it("names every outside source and world admin source, 'none' when adminSources is empty, and ignores a udp rule on the SSH port", () => {
        assert.strictEqual(
            judgeOne(
                sshAdminOnlyRateLimited,
                withSsh({ sources: ["203.0.113.0/24", "198.51.100.7/32"] }),
            ).message,
            'firewall landsraad_tst-firewall rule #3 (22/tcp "SSH from admin network") lets SSH port 22 in from 203.0.113.0/24, 198.51.100.7/32, outside adminSources (10.10.100.0/24)',
        );
        assert.strictEqual(
            judgeOne(
                sshAdminOnlyRateLimited,
                firewall({
                    adminSources: [],
                    rules: firewallProps().rules.filter((r) => r.port !== 22),
                    defaultInbound: "allow",
                }),
            ).message,
            'firewall landsraad_tst-firewall lets SSH port 22 in from any source (defaultInbound "allow"): only adminSources (none) may reach it',
        );
        assert.strictEqual(
            judgeOne(sshAdminOnlyRateLimited, firewall({ adminSources: ["0.0.0.0/0", "::/0"] }))
                .message,
            "firewall landsraad_tst-firewall adminSources include the whole world (0.0.0.0/0, ::/0): admin sources must be specific networks",
        );
        const udp = firewall({
            rules: [
                ...firewallProps().rules,
                { port: 22, protocol: "udp", sources: ["0.0.0.0/0"], comment: "" },
            ],
        });
        assert.strictEqual(judgeOne(sshAdminOnlyRateLimited, udp).state, "PASS");
    });
});

describe("CHOM-FW-003 on the rendered ruleset", () => {
    const rendered = firewallWithInputLines;
    it("fails a rendered input chain that accepts by default while the declaration denies", () => {
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            firewallRendering("policy drop;", "policy accept;"),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall declares defaultInbound "deny" but its rendered nftables ruleset lets SSH port 22 in from any source (chain inet chom_filter input: policy accept (line 4)): only adminSources (10.10.100.0/24) may reach it`,
        );
    });
    it("says none when no admin source is readable", () => {
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            firewall({
                adminSources: [],
                nftablesRuleset: firewallProps().nftablesRuleset.replace(
                    "policy drop;",
                    "policy accept;",
                ),
            }),
        );
        assert.ok(
            o.message.endsWith(
                "lets SSH port 22 in from any source (chain inet chom_filter input: policy accept (line 4)): only adminSources (none) may reach it",
            ),
            o.message,
        );
    });
    it("fails rendered tcp grants of the SSH port only: from outside adminSources, or limited less than allowed", () => {
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            rendered([
                "udp dport 22 accept",
                "tcp dport 8080 accept",
                "ip saddr 10.10.100.0/24 tcp dport 20-30 limit rate 11/minute accept",
                "ip saddr 10.10.100.0/24 tcp dport 22 limit rate 10/minute burst 9 packets accept",
                "ip saddr 192.0.2.0/24 tcp dport 22 limit rate 10/minute accept",
            ]),
        );
        assert.strictEqual(
            o.message,
            [
                "firewall landsraad_tst-firewall's rendered nftables ruleset lets SSH port 22 in from 192.0.2.0/24 (chain inet chom_filter input, line 11), which no declared rule does: only adminSources (10.10.100.0/24) may reach it",
                "firewall landsraad_tst-firewall's rendered nftables ruleset accepts SSH port 22 at 11 new connections per minute (chain inet chom_filter input, line 9), unlike its declared rules: at most 10 new connections per minute per source allowed",
            ].join("; "),
        );
    });
    it("fails a rendered SSH grant with no rate limit", () => {
        const o = judgeOne(
            sshAdminOnlyRateLimited,
            rendered(["ip saddr 10.10.100.0/24 tcp dport 22 accept"]),
        );
        assert.strictEqual(
            o.message,
            "firewall landsraad_tst-firewall's rendered nftables ruleset accepts SSH port 22 with no rate limit (chain inet chom_filter input, line 7), unlike its declared rules: at most 10 new connections per minute per source allowed",
        );
    });
});
