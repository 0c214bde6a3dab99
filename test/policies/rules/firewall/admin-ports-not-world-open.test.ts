import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { adminPortsNotWorldOpen } from "../../../../policies/rules/firewall/admin-ports-not-world-open";
import type { FirewallRule } from "../../../../policies/lib/subjects";
import {
    container,
    firewall,
    firewallProps,
    firewallRendering,
    firewallWithInputLines,
    SERVICES,
} from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const withRule = (rule: FirewallRule, p: Parameters<typeof firewall>[0] = {}) =>
    firewall({ ...p, rules: [...firewallProps().rules, rule] });

describe("CHOM-FW-007 admin ports never world-open", () => {
    it("passes the compliant firewall (Grafana, Prometheus, Loki from admin/monitoring sources)", () => {
        assert.strictEqual(judgeOne(adminPortsNotWorldOpen, firewall()).state, "PASS");
    });
    it("fails Grafana open to the world", () => {
        const o = judgeOne(
            adminPortsNotWorldOpen,
            withRule({
                port: 3000,
                protocol: "tcp",
                sources: ["0.0.0.0/0"],
                comment: "Grafana for all",
            }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (3000/tcp "Grafana for all") opens admin port 3000/tcp to the world (0.0.0.0/0): allow only adminSources`,
        );
    });
    it("fails the SSH port open to ::/0, following sshPort", () => {
        const o = judgeOne(
            adminPortsNotWorldOpen,
            withRule(
                { port: 2222, protocol: "tcp", sources: ["::/0"], comment: "SSH" },
                { sshPort: 2222 },
            ),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (2222/tcp "SSH") opens admin port 2222/tcp to the world (::/0): allow only adminSources`,
        );
    });
    it("fails a world range covering several admin ports", () => {
        const o = judgeOne(
            adminPortsNotWorldOpen,
            withRule({
                port: "9000-9100",
                protocol: "tcp",
                sources: ["0.0.0.0/0"],
                comment: "wide",
            }),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (9000-9100/tcp "wide") opens admin ports 9090, 9093/tcp to the world (0.0.0.0/0): allow only adminSources`,
        );
    });
    it("fails an allow default", () => {
        const o = judgeOne(adminPortsNotWorldOpen, firewall({ defaultInbound: "allow" }));
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall lets every admin port (22, 3000, 3100, 9090, 9093) in from the world (defaultInbound "allow")`,
        );
    });
    it("config adminPorts: adding 8443 fails a world-open 8443", () => {
        const fw = withRule({
            port: 8443,
            protocol: "tcp",
            sources: ["0.0.0.0/0"],
            comment: "admin panel",
        });
        assert.strictEqual(judgeOne(adminPortsNotWorldOpen, fw).state, "PASS");
        const o = judgeOne(adminPortsNotWorldOpen, fw, { adminPorts: [8443] });
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall rule #7 (8443/tcp "admin panel") opens admin port 8443/tcp to the world (0.0.0.0/0): allow only adminSources`,
        );
    });
    it("passes the compliant containers: Grafana, Prometheus and Loki published on the host address, the others serve no admin UI", () => {
        const uis = ["grafana", "prometheus", "loki"];
        for (const s of uis)
            assert.strictEqual(judgeOne(adminPortsNotWorldOpen, container(s)).state, "PASS", s);
        for (const s of SERVICES.filter((x) => !uis.includes(x)))
            assert.strictEqual(
                judgeOne(adminPortsNotWorldOpen, container(s)).state,
                "NOT_APPLICABLE",
                s,
            );
        assert.strictEqual(
            judgeOne(adminPortsNotWorldOpen, container("app")).message,
            "container chom-app serves no admin UI (by its image, name or label)",
        );
    });
    it("fails an admin UI published world-open, whatever the port number (phpMyAdmin on 8081 with no ip)", () => {
        const pma = container("app", {
            name: "tools",
            image: "phpmyadmin:5.2.1",
            labels: [],
            ports: [{ internal: 80, external: 8081, ip: "0.0.0.0", protocol: "tcp" }],
        });
        const o = judgeOne(adminPortsNotWorldOpen, pma);
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "port 8081/tcp (container port 80) of container tools is published on 0.0.0.0 (world): it serves phpMyAdmin, an admin UI; bind it to an admin address and allow only adminSources",
        );
        const grafana = judgeOne(
            adminPortsNotWorldOpen,
            container("grafana", { ports: [{ internal: 3000, external: 3000, protocol: "tcp" }] }),
        );
        assert.strictEqual(
            grafana.message,
            "port 3000/tcp of container chom-grafana is published with no ip, on every address (world): it serves Grafana, an admin UI; bind it to an admin address and allow only adminSources",
        );
        const v6 = judgeOne(
            adminPortsNotWorldOpen,
            container("app", {
                name: "portainer",
                image: "portainer/portainer-ce:2.21.4",
                labels: [],
                ports: [{ internal: 9443, external: 9443, ip: "::", protocol: "tcp" }],
            }),
        );
        assert.strictEqual(
            v6.message,
            "port 9443/tcp of container portainer is published on :: (world): it serves Portainer, an admin UI; bind it to an admin address and allow only adminSources",
        );
    });
    it("fails RabbitMQ's management port and Traefik's dashboard port, not their service ports", () => {
        const mq = container("app", {
            name: "mq",
            image: "rabbitmq:3.13-management",
            labels: [],
            ports: [
                { internal: 5672, external: 5672, ip: "0.0.0.0" },
                { internal: 15672, external: 15672, ip: "0.0.0.0" },
            ],
        });
        assert.strictEqual(
            judgeOne(adminPortsNotWorldOpen, mq).message,
            "port 15672/tcp of container mq is published on 0.0.0.0 (world): it serves the RabbitMQ management UI, an admin UI; bind it to an admin address and allow only adminSources",
        );
        const ports = [
            { internal: 443, external: 443, ip: "0.0.0.0" },
            { internal: 8080, external: 8080, ip: "0.0.0.0" },
        ];
        const traefik = container("app", {
            name: "edge",
            image: "traefik:v3.2",
            labels: [],
            command: ["--api.insecure=true", "--providers.docker"],
            ports,
        });
        assert.strictEqual(
            judgeOne(adminPortsNotWorldOpen, traefik).message,
            "port 8080/tcp of container edge is published on 0.0.0.0 (world): it serves the Traefik dashboard (--api.insecure=true), an admin UI; bind it to an admin address and allow only adminSources",
        );
        assert.strictEqual(
            judgeOne(
                adminPortsNotWorldOpen,
                container("app", {
                    name: "edge",
                    image: "traefik:v3.2",
                    labels: [],
                    command: ["--providers.docker"],
                    ports,
                }),
            ).state,
            "NOT_APPLICABLE",
        );
        const bound = container("app", {
            name: "mq",
            image: "rabbitmq:3.13-management",
            labels: [],
            ports: [{ internal: 15672, external: 15672, ip: "10.10.100.20" }],
        });
        assert.strictEqual(judgeOne(adminPortsNotWorldOpen, bound).state, "PASS");
    });
    it("does not take a Node app on port 3000 for Grafana", () => {
        const node = container("app", {
            name: "web",
            image: "node:20-alpine",
            labels: [],
            ports: [{ internal: 3000, external: 3000, ip: "0.0.0.0" }],
        });
        assert.strictEqual(judgeOne(adminPortsNotWorldOpen, node).state, "NOT_APPLICABLE");
    });
    it("is UNKNOWN (throws) when a container's image is unknown at preview and nothing else says what it runs", () => {
        const c = container("app", { name: "x1", labels: [] });
        c.name = "x1";
        c.props = unknownCheckingProxy({
            ...c.props,
            image: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(adminPortsNotWorldOpen, c), UnknownValueError);
    });
    it("throws UnknownValueError when a rule's sources are unknown at preview", () => {
        const fw = firewall();
        const rules = firewallProps().rules.map((r, i) =>
            i === 4 ? { ...r, sources: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } : r,
        );
        fw.props = unknownCheckingProxy({ ...fw.props, rules });
        assert.throws(() => judgeOne(adminPortsNotWorldOpen, fw), UnknownValueError);
    });
    it("fails an admin port the rendered ruleset opens to the world while the declaration does not", () => {
        const edit = firewallRendering;
        const o = judgeOne(
            adminPortsNotWorldOpen,
            edit("ip saddr { 10.10.100.0/24 } tcp dport 3000", "tcp dport 3000"),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "firewall landsraad_tst-firewall's rendered nftables ruleset opens admin port 3000/tcp to the world (0.0.0.0/0, ::/0) (chain inet chom_filter input, line 15), which no declared rule does: allow only adminSources",
        );
    });
    it("reports unreadable rules and sources, names every world source, and drops an empty comment from the label", () => {
        const o = judgeOne(
            adminPortsNotWorldOpen,
            withRule({
                port: 3000,
                protocol: "tcp",
                sources: ["0.0.0.0/0", "::/0", "10.0.0.300/8"],
                comment: "",
            }),
        );
        assert.strictEqual(
            o.message,
            'firewall landsraad_tst-firewall rule #7 (3000/tcp) cannot be read: invalid CIDR "10.0.0.300/8": invalid IPv4 address "10.0.0.300": "300" is not a number 0-255; ' +
                "firewall landsraad_tst-firewall rule #7 (3000/tcp) opens admin port 3000/tcp to the world (0.0.0.0/0, ::/0): allow only adminSources",
        );
    });
    it("without an integer sshPort, judges only the configured admin ports", () => {
        const o = judgeOne(
            adminPortsNotWorldOpen,
            firewall({ sshPort: undefined as unknown as number, defaultInbound: "allow" }),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall lets every admin port (3000, 3100, 9090, 9093) in from the world (defaultInbound "allow")`,
        );
    });
    it("a firewall without a rules list or with a rule without sources opens nothing", () => {
        assert.strictEqual(
            judgeOne(adminPortsNotWorldOpen, firewall({ rules: undefined as never })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                adminPortsNotWorldOpen,
                withRule({ port: 3000, protocol: "tcp", sources: undefined as never, comment: "" }),
            ).state,
            "PASS",
        );
    });
});

describe("CHOM-FW-007 on the rendered ruleset", () => {
    const rendered = firewallWithInputLines;
    it("fails a rendered input chain that accepts by default while the declaration denies", () => {
        const o = judgeOne(
            adminPortsNotWorldOpen,
            firewallRendering("policy drop;", "policy accept;"),
        );
        assert.strictEqual(
            o.message,
            `firewall landsraad_tst-firewall declares defaultInbound "deny" but its rendered nftables ruleset lets every admin port (22, 3000, 3100, 9090, 9093) in from the world (chain inet chom_filter input: policy accept (line 4))`,
        );
    });
    it("fails rendered world grants of admin ports only, one finding per rendered rule", () => {
        const o = judgeOne(
            adminPortsNotWorldOpen,
            rendered([
                "tcp dport 9000-9100 accept",
                "ip saddr 192.0.2.0/24 tcp dport 3000 accept",
                "tcp dport 8080 accept",
                "tcp dport 3000 accept",
            ]),
        );
        assert.strictEqual(
            o.message,
            [
                "firewall landsraad_tst-firewall's rendered nftables ruleset opens admin ports 9090, 9093/tcp to the world (0.0.0.0/0, ::/0) (chain inet chom_filter input, line 7), which no declared rule does: allow only adminSources",
                "firewall landsraad_tst-firewall's rendered nftables ruleset opens admin port 3000/tcp to the world (0.0.0.0/0, ::/0) (chain inet chom_filter input, line 10), which no declared rule does: allow only adminSources",
            ].join("; "),
        );
    });
});
