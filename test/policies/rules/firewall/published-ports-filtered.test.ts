import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { publishedPortsFiltered } from "../../../../policies/rules/firewall/published-ports-filtered";
import { TYPES } from "../../../../policies/lib/subjects";
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
import { judgeAll, namesIn } from "../../../helpers/rules";

type Outcomes = Map<string, Outcome>;

describe("CHOM-FW-006 published ports covered by the firewall in DOCKER-USER", () => {
    it("passes the compliant stack: 80, 443, 9090, 3000, 3100 all have rules, enforced in DOCKER-USER", () => {
        const out = judgeAll(publishedPortsFiltered, compliantStack());
        assert.deepStrictEqual(namesIn(out, "FAIL"), []);
        assert.strictEqual(namesIn(out, "PASS").length, 17);
    });
    it("fails a published port no firewall rule covers, on the container", () => {
        const stack = replace(
            compliantStack(),
            container("app", {
                ports: [{ internal: 8080, external: 8080, ip: "10.10.100.20", protocol: "tcp" }],
            }),
        );
        const out = judgeAll(publishedPortsFiltered, stack) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["app"]);
        assert.strictEqual(
            out.get("app")!.message,
            "port 8080/tcp of container chom-app is not covered by any firewall rule: add a rule for 8080/tcp with the sources allowed to reach it",
        );
    });
    it("fails a port covered only for another protocol", () => {
        const stack = replace(
            compliantStack(),
            container("grafana", {
                ports: [{ internal: 3000, external: 3000, ip: "10.10.100.20", protocol: "udp" }],
            }),
        );
        const out = judgeAll(publishedPortsFiltered, stack) as Outcomes;
        assert.strictEqual(
            out.get("grafana")!.message,
            "port 3000/udp of container chom-grafana is not covered by any firewall rule: add a rule for 3000/udp with the sources allowed to reach it",
        );
    });
    it("fails a random host port, which no rule can cover", () => {
        const stack = replace(
            compliantStack(),
            container("grafana", {
                ports: [{ internal: 3000, ip: "10.10.100.20", protocol: "tcp" }],
            }),
        );
        const out = judgeAll(publishedPortsFiltered, stack) as Outcomes;
        assert.strictEqual(
            out.get("grafana")!.message,
            "container port 3000/tcp (random host port) of container chom-grafana cannot be covered by a firewall rule: set a fixed external port",
        );
    });
    it("needs no rule for a loopback-bound port", () => {
        const stack = replace(
            compliantStack(),
            container("app", {
                ports: [{ internal: 8080, external: 8080, ip: "127.0.0.1", protocol: "tcp" }],
            }),
        );
        assert.deepStrictEqual(namesIn(judgeAll(publishedPortsFiltered, stack), "FAIL"), []);
    });
    it("fails the firewall when it is not enforced in DOCKER-USER", () => {
        const out = judgeAll(
            publishedPortsFiltered,
            replace(compliantStack(), firewall({ enforcedInDockerUserChain: false })),
        ) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["landsraad_tst-firewall"]);
        assert.strictEqual(
            out.get("landsraad_tst-firewall")!.message,
            "firewall landsraad_tst-firewall is not enforced in the DOCKER-USER chain (enforcedInDockerUserChain false) while containers publish ports: Docker-published traffic bypasses its rules",
        );
    });
    it("fails each publishing container when the stack has no firewall", () => {
        const out = judgeAll(
            publishedPortsFiltered,
            compliantStack().filter((r) => r.type !== TYPES.firewall),
        ) as Outcomes;
        assert.deepStrictEqual(
            namesIn(out, "FAIL"),
            ["grafana", "loki", "prometheus", "stack"],
            "the front door's 80/443 face the world by design (worldOpenPorts)",
        );
        assert.match(
            out.get("stack")!.message,
            /^the stack declares no chom:host:Firewall: the stack declares the host landsraad_tst, whose packet filter must be declared$/,
        );
        assert.strictEqual(
            out.get("grafana")!.message,
            "container chom-grafana publishes port 3000/tcp but the stack declares no chom:host:Firewall to filter them",
        );
    });
    it("is not applicable when no container publishes a port", () => {
        const stack = compliantStack().map((r) =>
            r.type === TYPES.container ? { ...r, props: { ...r.props, ports: [] } } : r,
        );
        assert.strictEqual(judgeAll(publishedPortsFiltered, stack), "NOT_APPLICABLE");
    });
    it("passes a port covered by a range rule", () => {
        const rules = [
            ...firewallProps().rules,
            {
                port: "8000-8099",
                protocol: "tcp" as const,
                sources: ["10.10.100.0/24"],
                comment: "app range",
            },
        ];
        const stack = replace(
            replace(compliantStack(), firewall({ rules })),
            container("app", {
                ports: [{ internal: 8080, external: 8080, ip: "10.10.100.20", protocol: "tcp" }],
            }),
        );
        assert.deepStrictEqual(namesIn(judgeAll(publishedPortsFiltered, stack), "FAIL"), []);
    });
    it("throws UnknownValueError when enforcedInDockerUserChain is unknown at preview", () => {
        const fw = firewall();
        fw.props = unknownCheckingProxy({
            ...fw.props,
            enforcedInDockerUserChain: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeAll(publishedPortsFiltered, replace(compliantStack(), fw)),
            UnknownValueError,
        );
    });
    it("fails when the rendered DOCKER-USER chain is missing, has no final drop, or lets through a port no rule declares", () => {
        const fw = firewallRendering;
        const message = (changed: ReturnType<typeof firewall>) =>
            (judgeAll(publishedPortsFiltered, replace(compliantStack(), changed)) as Outcomes).get(
                "landsraad_tst-firewall",
            )!.message;
        assert.strictEqual(
            message(fw(/table ip filter \{[\s\S]*$/, "")),
            "firewall landsraad_tst-firewall declares enforcedInDockerUserChain true but its rendered nftables ruleset has no DOCKER-USER chain: Docker-published traffic bypasses its rules",
        );
        assert.strictEqual(
            message(fw("        ct state new drop\n", "")),
            "firewall landsraad_tst-firewall declares enforcedInDockerUserChain true but its rendered DOCKER-USER chain lets every published port through (chain ip filter DOCKER-USER: no final drop: Docker forwards what DOCKER-USER returns)",
        );
        assert.strictEqual(
            message(
                fw(
                    "        ct state new drop",
                    "        ct original proto-dst 8080 meta l4proto tcp return\n        ct state new drop",
                ),
            ),
            "firewall landsraad_tst-firewall's rendered DOCKER-USER chain lets port 8080/tcp through from 0.0.0.0/0 (chain ip filter DOCKER-USER, line 33), which no declared rule does",
        );
    });
    it("a port needs a rule in one firewall, not in all; ports are read only from containers", () => {
        const second = {
            ...firewall({ rules: [] }),
            name: "other-firewall",
            urn: "urn:pulumi:landsraad_tst::chom::chom:host:Firewall::other-firewall",
        };
        assert.deepStrictEqual(
            namesIn(judgeAll(publishedPortsFiltered, [...compliantStack(), second]), "FAIL"),
            [],
        );
        const service = dockerService([
            { internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" },
        ]);
        assert.deepStrictEqual(
            namesIn(judgeAll(publishedPortsFiltered, [...compliantStack(), service]), "FAIL"),
            [],
        );
    });
    it("says null when enforcedInDockerUserChain is not set, and reports unreadable firewall rules", () => {
        const unset = firewall({
            rules: [
                ...firewallProps().rules,
                { port: "x", protocol: "tcp", sources: ["10.0.0.0/8"], comment: "" },
            ],
        });
        delete unset.props.enforcedInDockerUserChain;
        const out = judgeAll(publishedPortsFiltered, replace(compliantStack(), unset)) as Outcomes;
        const message = out.get("landsraad_tst-firewall")!.message;
        assert.match(
            message,
            /^firewall landsraad_tst-firewall rule #7 \(x\/tcp\) cannot be read: .*; firewall landsraad_tst-firewall is not enforced in the DOCKER-USER chain \(enforcedInDockerUserChain null\) while containers/,
        );
    });
    it("is not applicable with the reason when every published port is on loopback", () => {
        const stack = compliantStack().map((r) =>
            r.type === TYPES.container ? { ...r, props: { ...r.props, ports: [] } } : r,
        );
        assert.deepStrictEqual(publishedPortsFiltered.check(stack, { worldOpenPorts: [80, 443] }), {
            notApplicable: "no container publishes a port on a non-loopback address",
        });
    });
    it("reads a published port's protocol as tcp when empty, and a container's name from its resource name when unnamed", () => {
        const app = container("app", {
            name: "",
            ports: [{ internal: 8080, external: 8080, ip: "10.10.100.20", protocol: "" as "tcp" }],
        });
        const out = judgeAll(publishedPortsFiltered, replace(compliantStack(), app)) as Outcomes;
        assert.strictEqual(
            out.get("app")!.message,
            "port 8080/tcp of container app is not covered by any firewall rule: add a rule for 8080/tcp with the sources allowed to reach it",
        );
        const noPorts = container("app", { ports: undefined });
        assert.deepStrictEqual(
            namesIn(judgeAll(publishedPortsFiltered, replace(compliantStack(), noPorts)), "FAIL"),
            [],
        );
    });
    it("fails an unreadable or empty bind address as open to the world", () => {
        const empty = container("app", {
            ports: [{ internal: 8080, external: 8080, ip: "", protocol: "tcp" }],
        });
        assert.strictEqual(
            (judgeAll(publishedPortsFiltered, replace(compliantStack(), empty)) as Outcomes).get(
                "app",
            )!.message,
            "port 8080/tcp of container chom-app is not covered by any firewall rule: add a rule for 8080/tcp with the sources allowed to reach it",
        );
    });
});
