import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { publishedPortsBound } from "../../../../policies/rules/firewall/published-ports-bound";
import { container, firewall } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-FW-005 published ports bound to an explicit address", () => {
    it("passes the compliant nginx, prometheus, grafana and loki (bound to 10.10.100.20)", () => {
        for (const s of ["nginx", "prometheus", "grafana", "loki"])
            assert.strictEqual(judgeOne(publishedPortsBound, container(s)).state, "PASS", s);
    });
    it("is not applicable to a container that publishes nothing, nor to a firewall", () => {
        const o = judgeOne(publishedPortsBound, container("app"));
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(o.message, "container chom-app publishes no port");
        assert.strictEqual(judgeOne(publishedPortsBound, firewall()).state, "NOT_APPLICABLE");
    });
    it("fails a port on 0.0.0.0 and a port with no ip, one finding each", () => {
        const nginx = container("nginx", {
            ports: [
                { internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" },
                { internal: 8443, external: 8443 },
            ],
        });
        const o = judgeOne(publishedPortsBound, nginx);
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            [
                "port 8080/tcp of container chom-nginx is published on 0.0.0.0 (world): bind it to an explicit host address",
                "port 8443/tcp of container chom-nginx is published with no ip, on every address (world): bind it to an explicit host address",
            ].join("; "),
        );
    });
    it("passes the front-door ports 80 and 443 on every address (worldOpenPorts), and judges them when configured out", () => {
        const nginx = container("nginx", {
            ports: [
                { internal: 80, external: 80, ip: "0.0.0.0", protocol: "tcp" },
                { internal: 443, external: 443, protocol: "udp" },
            ],
        });
        assert.strictEqual(judgeOne(publishedPortsBound, nginx).state, "PASS");
        assert.strictEqual(
            judgeOne(publishedPortsBound, nginx, { worldOpenPorts: [443] }).message,
            "port 80/tcp of container chom-nginx is published on 0.0.0.0 (world): bind it to an explicit host address",
        );
    });
    it("fails :: and a random host port on every address", () => {
        const o = judgeOne(
            publishedPortsBound,
            container("grafana", { ports: [{ internal: 3000, ip: "::", protocol: "tcp" }] }),
        );
        assert.strictEqual(
            o.message,
            "container port 3000/tcp (random host port) of container chom-grafana is published on :: (world): bind it to an explicit host address",
        );
    });
    it("passes loopback and IPv6 host addresses", () => {
        const o = judgeOne(
            publishedPortsBound,
            container("grafana", {
                ports: [
                    { internal: 3000, external: 3000, ip: "127.0.0.1" },
                    { internal: 3000, external: 3000, ip: "2001:db8::20" },
                ],
            }),
        );
        assert.strictEqual(o.state, "PASS");
    });
    it("throws UnknownValueError when the ports are unknown at preview", () => {
        const c = container("nginx");
        c.props = unknownCheckingProxy({
            ...c.props,
            ports: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(publishedPortsBound, c), UnknownValueError);
    });
});
