import * as assert from "assert";
import {
    containerName,
    defaultAllows,
    describeDefaultInbound,
    describePorts,
    FRONT_DOOR_PORTS_PROPERTY,
    hasPortOutside,
    portsIn,
    publishedPorts,
    readCidrList,
    readFirewall,
    worldBindingFinding,
    worldSources,
} from "../../../../../policies/rules/firewall/support/firewall-view";
import type { FirewallProps, FirewallRule } from "../../../../../policies/lib/subjects";
import { ADMIN, container, firewall } from "../../../../helpers/fixture-stack";

const rule = (r: Partial<FirewallRule>): FirewallRule => ({
    port: 22,
    protocol: "tcp",
    sources: ADMIN,
    comment: "",
    ...r,
});

/** The one parsed rule of a firewall declaring just `r`. */
function parsed(r: Partial<FirewallRule>) {
    const view = readFirewall(firewall({ rules: [rule(r)] }));
    assert.deepStrictEqual(view.problems, []);
    assert.strictEqual(view.rules.length, 1);
    return view.rules[0];
}

describe("firewall view (the firewall rules' shared reading of a firewall and of published ports)", () => {
    describe("readFirewall", () => {
        it("parses every rule of the compliant firewall, numbered from 1, labelled for messages", () => {
            const view = readFirewall(firewall());
            assert.strictEqual(view.name, "landsraad_tst-firewall");
            assert.deepStrictEqual(view.problems, []);
            assert.deepStrictEqual(
                view.rules.map((r) => [r.position, r.label]),
                [
                    [1, 'rule #1 (80/tcp "HTTP (redirects to HTTPS)")'],
                    [2, 'rule #2 (443/tcp "HTTPS")'],
                    [3, 'rule #3 (22/tcp "SSH from admin network")'],
                    [4, 'rule #4 (9090/tcp "Prometheus for admins and mentat")'],
                    [5, 'rule #5 (3000/tcp "Grafana for admins")'],
                    [6, 'rule #6 (3100/tcp "Loki for admins and mentat")'],
                ],
            );
            assert.deepStrictEqual(
                view.rules[0].sources.map((c) => c.text),
                ["0.0.0.0/0", "::/0"],
            );
        });

        it("reads a port range, and leaves the comment out of the label when there is none", () => {
            const r = parsed({ port: "9100-9121" });
            assert.deepStrictEqual([r.ports.from, r.ports.to], [9100, 9121]);
            assert.strictEqual(r.label, "rule #1 (9100-9121/tcp)");
        });

        it("turns a rule whose port does not parse into a problem only, keeping the position of the others", () => {
            const view = readFirewall(
                firewall({ rules: [rule({ port: 70000, comment: "bad" }), rule({ port: 443 })] }),
            );
            assert.strictEqual(view.problems.length, 1);
            assert.match(
                view.problems[0],
                /^firewall landsraad_tst-firewall rule #1 \(70000\/tcp "bad"\) cannot be read: /,
            );
            assert.deepStrictEqual(
                view.rules.map((r) => r.position),
                [2],
            );
        });

        it("keeps a rule whose source does not parse, with the sources that did, and names the bad one", () => {
            const view = readFirewall(
                firewall({ rules: [rule({ sources: ["10.0.0.0/8", "10.0.0.0/99"] })] }),
            );
            assert.strictEqual(view.problems.length, 1);
            assert.match(view.problems[0], /rule #1 \(22\/tcp\) cannot be read: .*10\.0\.0\.0\/99/);
            assert.deepStrictEqual(
                view.rules[0].sources.map((c) => c.text),
                ["10.0.0.0/8"],
            );
        });

        it("reads a firewall with no rules list as one with no rules", () => {
            const view = readFirewall(firewall({ rules: undefined as never }));
            assert.deepStrictEqual([view.rules, view.problems], [[], []]);
        });
    });

    it("readCidrList keeps the CIDRs that parse and names the field of the ones that do not", () => {
        const { cidrs, problems } = readCidrList("fw", "adminSources", ["10.0.0.0/8", "office"]);
        assert.deepStrictEqual(
            cidrs.map((c) => c.text),
            ["10.0.0.0/8"],
        );
        assert.strictEqual(problems.length, 1);
        assert.match(problems[0], /^firewall fw adminSources cannot be read: .*office/);
        assert.deepStrictEqual(readCidrList("fw", "adminSources", "10.0.0.0/8"), {
            cidrs: [],
            problems: [],
        });
    });

    it("worldSources lists a rule's world sources as written, IPv4 and IPv6", () => {
        assert.deepStrictEqual(worldSources(parsed({ sources: ["0.0.0.0/0", "::/0"] })), [
            "0.0.0.0/0",
            "::/0",
        ]);
        assert.deepStrictEqual(worldSources(parsed({ sources: ADMIN })), []);
    });

    it("defaultAllows is false only for deny and reject; describeDefaultInbound says what is set", () => {
        const props = (defaultInbound: unknown) => ({ defaultInbound }) as FirewallProps;
        assert.deepStrictEqual(
            ["deny", "reject", "allow", undefined].map((d) => defaultAllows(props(d))),
            [false, false, true, true],
        );
        assert.strictEqual(describeDefaultInbound(props("allow")), 'defaultInbound "allow"');
        assert.strictEqual(describeDefaultInbound(props(undefined)), "defaultInbound not set");
    });

    it("portsIn and hasPortOutside compare a rule's range with a list of ports", () => {
        const range = parsed({ port: "80-443" });
        assert.deepStrictEqual(portsIn(range, [22, 443, 80, 8080]), [443, 80]);
        assert.strictEqual(hasPortOutside(range, [80, 443]), true);
        const single = parsed({ port: 443 });
        assert.strictEqual(hasPortOutside(single, [80, 443]), false);
        assert.strictEqual(hasPortOutside(single, [80]), true);
        // A port listed twice does not cover a second one.
        assert.strictEqual(hasPortOutside(parsed({ port: "80-81" }), [80, 80]), true);
    });

    it("describePorts says port or ports, with the protocol", () => {
        assert.strictEqual(describePorts(parsed({ port: 8080 })), "port 8080/tcp");
        assert.strictEqual(
            describePorts(parsed({ port: "9100-9121", protocol: "udp" })),
            "ports 9100-9121/udp",
        );
    });

    it("containerName is the docker name when set, else the resource name", () => {
        assert.strictEqual(containerName(container("nginx")), "chom-nginx");
        assert.strictEqual(containerName(container("nginx", { name: "" })), "nginx");
    });

    describe("publishedPorts", () => {
        const ports = (
            list: { internal: number; external?: number; ip?: string; protocol?: string }[],
        ) => publishedPorts(container("nginx", { ports: list }));

        it("treats a port with no ip, 0.0.0.0 or :: as open on every address", () => {
            const [none, v4, v6] = ports([
                { internal: 80, external: 80 },
                { internal: 443, external: 443, ip: "0.0.0.0" },
                { internal: 443, external: 443, ip: "::" },
            ]);
            assert.deepStrictEqual(
                [none.worldOpen, none.loopback, none.ip, none.where, none.label],
                [true, false, undefined, "with no ip, on every address", "port 80/tcp"],
            );
            assert.deepStrictEqual([v4.worldOpen, v4.where], [true, "on 0.0.0.0"]);
            assert.strictEqual(v6.worldOpen, true);
        });

        it("reads loopback and specific addresses as not world open", () => {
            const [lo, lo6, lan] = ports([
                { internal: 9100, external: 19100, ip: "127.0.0.1" },
                { internal: 9100, external: 9100, ip: "::1" },
                { internal: 3000, external: 3000, ip: "10.10.100.20", protocol: "udp" },
            ]);
            assert.deepStrictEqual(
                [lo.worldOpen, lo.loopback, lo.label],
                [false, true, "port 19100/tcp (container port 9100)"],
            );
            assert.deepStrictEqual([lo6.worldOpen, lo6.loopback], [false, true]);
            assert.deepStrictEqual(
                [lan.worldOpen, lan.loopback, lan.label],
                [false, false, "port 3000/udp"],
            );
        });

        it("labels a random host port, and treats an unreadable bind address as open (fail closed)", () => {
            const [random, bad] = ports([
                { internal: 8080 },
                { internal: 80, external: 80, ip: "localhost" },
            ]);
            assert.strictEqual(random.label, "container port 8080/tcp (random host port)");
            assert.deepStrictEqual(
                [bad.worldOpen, bad.loopback, bad.where],
                [true, false, "on localhost"],
            );
            assert.ok(bad.ipProblem !== undefined && bad.ipProblem.length > 0);
        });

        it("reads a container with no ports list as publishing nothing", () => {
            assert.deepStrictEqual(publishedPorts(container("mysql", { ports: undefined })), []);
        });
    });

    it("worldBindingFinding names the port, the container and the advice; nothing for a bound port", () => {
        const [open, bound, bad] = publishedPorts(
            container("node-exporter", {
                ports: [
                    { internal: 9100, external: 9100, ip: "0.0.0.0" },
                    { internal: 9100, external: 9100, ip: "10.10.100.20" },
                    { internal: 9100, external: 9100, ip: "nope" },
                ],
            }),
        );
        assert.strictEqual(
            worldBindingFinding(open, "chom-node-exporter", "bind it"),
            "port 9100/tcp of container chom-node-exporter is published on 0.0.0.0 (world): bind it",
        );
        assert.strictEqual(worldBindingFinding(bound, "chom-node-exporter", "bind it"), undefined);
        assert.match(
            worldBindingFinding(bad, "chom-node-exporter", "bind it") ?? "",
            /^port 9100\/tcp of container chom-node-exporter has an unreadable bind address: /,
        );
    });

    it("the front-door ports property defaults to 80 and 443, each a valid port", () => {
        assert.deepStrictEqual(FRONT_DOOR_PORTS_PROPERTY.default, [80, 443]);
        assert.deepStrictEqual(FRONT_DOOR_PORTS_PROPERTY.items, {
            type: "integer",
            minimum: 1,
            maximum: 65535,
        });
    });
});
