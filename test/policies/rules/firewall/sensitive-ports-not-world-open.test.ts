import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { runRules } from "../../../../policies/lib/run-rules";
import { sensitivePortsNotWorldOpen } from "../../../../policies/rules/firewall/sensitive-ports-not-world-open";
import type { FirewallRule } from "../../../../policies/lib/subjects";
import {
    compliantStack,
    container,
    dockerService,
    firewall,
    firewallProps,
    firewallRendering,
    replace,
} from "../../../helpers/fixture-stack";
import type { Outcome } from "../../../../policies/lib/judge";
import { judgeAll, namesIn, TODAY } from "../../../helpers/rules";

type Outcomes = Map<string, Outcome>;
const withFirewallRule = (rule: FirewallRule) =>
    replace(compliantStack(), firewall({ rules: [...firewallProps().rules, rule] }));

describe("CHOM-FW-004 sensitive ports never world-open", () => {
    it("passes the compliant stack on the firewall and every container", () => {
        const out = judgeAll(sensitivePortsNotWorldOpen, compliantStack());
        assert.deepStrictEqual(namesIn(out, "FAIL"), []);
        assert.strictEqual(namesIn(out, "PASS").length, 17);
    });
    it("fails the original design: node-exporter published with no ip (the provider default 0.0.0.0)", () => {
        const exporter = container("node-exporter", {
            ports: [{ internal: 9100, external: 9100, ip: "0.0.0.0", protocol: "tcp" }],
        });
        const out = judgeAll(sensitivePortsNotWorldOpen, replace(compliantStack(), exporter));
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["node-exporter"]);
        const o = (out as Outcomes).get("node-exporter")!;
        assert.strictEqual(
            o.message,
            "port 9100/tcp of container chom-node-exporter (node-exporter: exporter) is published on 0.0.0.0 (world): bind it to an admin address",
        );
    });
    it("fails a sensitive port published without ip, on :: and on another host port", () => {
        const mysql = container("mysql", { ports: [{ internal: 3306, external: 3306 }] });
        const redis = container("redis", {
            ports: [{ internal: 6379, external: 16379, ip: "::", protocol: "tcp" }],
        });
        const out = judgeAll(
            sensitivePortsNotWorldOpen,
            replace(replace(compliantStack(), mysql), redis),
        ) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["mysql", "redis"]);
        assert.strictEqual(
            out.get("mysql")!.message,
            "port 3306/tcp of container chom-mysql (mysql: database) is published with no ip, on every address (world): bind it to an admin address",
        );
        assert.strictEqual(
            out.get("redis")!.message,
            "port 16379/tcp (container port 6379) of container chom-redis (redis: cache) is published on :: (world): bind it to an admin address",
        );
    });
    it("passes a sensitive service bound to an admin address, and a web server's port on 0.0.0.0 (FW-005's business)", () => {
        const exporter = container("node-exporter", {
            ports: [{ internal: 9100, external: 9100, ip: "10.10.100.20", protocol: "tcp" }],
        });
        const nginx = container("nginx", {
            ports: [{ internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" }],
        });
        assert.deepStrictEqual(
            namesIn(
                judgeAll(
                    sensitivePortsNotWorldOpen,
                    replace(replace(compliantStack(), exporter), nginx),
                ),
                "FAIL",
            ),
            [],
        );
    });
    it("decides by what runs, never by the port number: a Node app on 3000 is not Grafana, Redis on 8080 is a cache", () => {
        const node = container("app", {
            name: "notes",
            labels: [],
            image: "myorg/notes:1.0.0",
            ports: [{ internal: 3000, external: 3000, protocol: "tcp" }],
        });
        const redis = container("redis", {
            labels: [],
            ports: [{ internal: 6379, external: 8080, protocol: "tcp" }],
        });
        const out = judgeAll(
            sensitivePortsNotWorldOpen,
            replace(replace(compliantStack(), node), redis),
        ) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["redis"]);
        assert.strictEqual(
            out.get("redis")!.message,
            "port 8080/tcp (container port 6379) of container chom-redis (redis: cache) is published with no ip, on every address (world): bind it to an admin address",
        );
    });
    it("fails a firewall rule opening a sensitive port to the world, on the firewall", () => {
        const out = judgeAll(
            sensitivePortsNotWorldOpen,
            withFirewallRule({
                port: 3306,
                protocol: "tcp",
                sources: ["0.0.0.0/0"],
                comment: "MySQL",
            }),
        ) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["landsraad_tst-firewall"]);
        assert.strictEqual(
            out.get("landsraad_tst-firewall")!.message,
            `firewall landsraad_tst-firewall rule #7 (3306/tcp "MySQL") opens sensitive port 3306/tcp to the world (0.0.0.0/0): allow only admin or monitoring sources`,
        );
    });
    it("fails a world-open range holding several exporter ports", () => {
        const out = judgeAll(
            sensitivePortsNotWorldOpen,
            withFirewallRule({
                port: "9100-9121",
                protocol: "tcp",
                sources: ["::/0"],
                comment: "exporters",
            }),
        ) as Outcomes;
        assert.strictEqual(
            out.get("landsraad_tst-firewall")!.message,
            `firewall landsraad_tst-firewall rule #7 (9100-9121/tcp "exporters") opens sensitive ports 9100, 9104, 9113, 9121/tcp to the world (::/0): allow only admin or monitoring sources`,
        );
    });
    it("fails an allow default on the firewall", () => {
        const out = judgeAll(
            sensitivePortsNotWorldOpen,
            replace(compliantStack(), firewall({ defaultInbound: "allow" })),
        ) as Outcomes;
        assert.strictEqual(
            out.get("landsraad_tst-firewall")!.message,
            `firewall landsraad_tst-firewall lets every sensitive port (3306, 5432, 6379, 9000, 9100, 9104, 9113, 9121, 9253, 9090, 3000, 3100, 9093) in from the world (defaultInbound "allow")`,
        );
    });
    it("fails an unreadable bind address of a sensitive port", () => {
        const exporter = container("node-exporter", {
            ports: [{ internal: 9100, external: 9100, ip: "10.10.100.256", protocol: "tcp" }],
        });
        const out = judgeAll(
            sensitivePortsNotWorldOpen,
            replace(compliantStack(), exporter),
        ) as Outcomes;
        assert.strictEqual(
            out.get("node-exporter")!.message,
            `port 9100/tcp of container chom-node-exporter (node-exporter: exporter) has an unreadable bind address: invalid IPv4 address "10.10.100.256": "256" is not a number 0-255`,
        );
    });
    it("config sensitiveRoles: adding web-server fails a web server's port on 0.0.0.0", () => {
        const nginx = container("nginx", {
            ports: [{ internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" }],
        });
        const stack = replace(compliantStack(), nginx);
        assert.deepStrictEqual(namesIn(judgeAll(sensitivePortsNotWorldOpen, stack), "FAIL"), []);
        assert.deepStrictEqual(
            namesIn(
                judgeAll(sensitivePortsNotWorldOpen, stack, { sensitiveRoles: ["web-server"] }),
                "FAIL",
            ),
            ["nginx"],
        );
    });
    it("throws UnknownValueError, reported as one UNKNOWN for the stack (where the engine reports it), when a container's ports are unknown", () => {
        const exporter = container("node-exporter");
        exporter.props = unknownCheckingProxy({
            ...exporter.props,
            ports: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        const stack = replace(compliantStack(), exporter);
        assert.throws(() => judgeAll(sensitivePortsNotWorldOpen, stack), UnknownValueError);
        const results = runRules([sensitivePortsNotWorldOpen], stack, {}, TODAY);
        assert.deepStrictEqual(
            results.map((r) => [r.subject.type, r.state]),
            [["pulumi:pulumi:Stack", "UNKNOWN"]],
        );
    });
    it("fails sensitive ports the rendered ruleset opens to the world while the declaration does not, on the firewall", () => {
        const fw = firewallRendering(
            "        meta nfproto ipv4 tcp dport 80",
            "        tcp dport { 3306, 6379 } accept\n        meta nfproto ipv4 tcp dport 80",
        );
        const out = judgeAll(sensitivePortsNotWorldOpen, replace(compliantStack(), fw)) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["landsraad_tst-firewall"]);
        const line = (port: number) =>
            `firewall landsraad_tst-firewall's rendered nftables ruleset opens sensitive port ${port}/tcp to the world (0.0.0.0/0, ::/0) (chain inet chom_filter input, line 9), which no declared rule does: allow only admin or monitoring sources`;
        assert.strictEqual(
            out.get("landsraad_tst-firewall")!.message,
            `${line(3306)}; ${line(6379)}`,
        );
    });
    it("fails a sensitive host port published from a non-sensitive container port", () => {
        const stack = replace(
            compliantStack(),
            container("app", {
                ports: [{ internal: 8080, external: 3306, ip: "0.0.0.0", protocol: "tcp" }],
            }),
        );
        const out = judgeAll(sensitivePortsNotWorldOpen, stack) as Map<string, Outcome>;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["app"]);
        assert.strictEqual(
            out.get("app")!.message,
            "port 3306/tcp (container port 8080) of container chom-app (app: app) is published on 0.0.0.0 (world): bind it to an admin address",
        );
        // What runs decides, whatever the port: the PHP app on a random host port fails too, a web
        // server does not.
        const random = replace(
            compliantStack(),
            container("app", { ports: [{ internal: 8080, ip: "0.0.0.0", protocol: "tcp" }] }),
        );
        assert.deepStrictEqual(namesIn(judgeAll(sensitivePortsNotWorldOpen, random), "FAIL"), [
            "app",
        ]);
        const web = replace(
            compliantStack(),
            container("nginx", { ports: [{ internal: 8080, ip: "0.0.0.0", protocol: "tcp" }] }),
        );
        assert.deepStrictEqual(namesIn(judgeAll(sensitivePortsNotWorldOpen, web), "FAIL"), []);
    });
    it("names every world source of a firewall rule, and reads published ports only from containers", () => {
        const out = judgeAll(
            sensitivePortsNotWorldOpen,
            withFirewallRule({
                port: 6379,
                protocol: "tcp",
                sources: ["0.0.0.0/0", "::/0"],
                comment: "",
            }),
        ) as Map<string, Outcome>;
        assert.strictEqual(
            out.get("landsraad_tst-firewall")!.message,
            "firewall landsraad_tst-firewall rule #7 (6379/tcp) opens sensitive port 6379/tcp to the world (0.0.0.0/0, ::/0): allow only admin or monitoring sources",
        );
        const service = dockerService([
            { internal: 3306, external: 3306, ip: "0.0.0.0", protocol: "tcp" },
        ]);
        assert.deepStrictEqual(
            namesIn(judgeAll(sensitivePortsNotWorldOpen, [...compliantStack(), service]), "FAIL"),
            [],
        );
    });
    it("reports an unreadable firewall rule on the firewall", () => {
        const out = judgeAll(
            sensitivePortsNotWorldOpen,
            withFirewallRule({
                port: 70000,
                protocol: "tcp",
                sources: ["10.0.0.0/8"],
                comment: "",
            }),
        ) as Map<string, Outcome>;
        assert.match(
            out.get("landsraad_tst-firewall")!.message,
            /^firewall landsraad_tst-firewall rule #7 \(70000\/tcp\) cannot be read: /,
        );
    });
});
