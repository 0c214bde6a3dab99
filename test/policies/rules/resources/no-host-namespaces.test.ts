import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { noHostNamespaces } from "../../../../policies/rules/resources/no-host-namespaces";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("CHOM-RES-018 no host namespaces", () => {
    it("passes every compliant container (and the provider's default networkMode bridge)", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(noHostNamespaces, container(s)).state, "PASS", s);
        assert.strictEqual(
            judgeOne(
                noHostNamespaces,
                container("app", {
                    networkMode: "bridge",
                    pidMode: "container:chom-app",
                    ipcMode: "private",
                    usernsMode: "",
                }),
            ).state,
            "PASS",
        );
    });
    it("fails the host network", () => {
        const o = judgeOne(noHostNamespaces, container("node-exporter", { networkMode: "host" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `container chom-node-exporter shares the host's network namespace (networkMode: "host", CIS 5.9): it sees and binds every host interface, past Docker's port publishing and the DOCKER-USER chain; it must use its own`,
        );
    });
    it("fails the host PID namespace", () => {
        const o = judgeOne(noHostNamespaces, container("node-exporter", { pidMode: "host" }));
        assert.strictEqual(
            o.message,
            `container chom-node-exporter shares the host's pid namespace (pidMode: "host", CIS 5.15): it sees and can signal every host process; it must use its own`,
        );
    });
    it("fails the host IPC namespace, however it is spelled", () => {
        const o = judgeOne(noHostNamespaces, container("app", { ipcMode: " HOST " }));
        assert.strictEqual(
            o.message,
            `container chom-app shares the host's ipc namespace (ipcMode: " HOST ", CIS 5.16): it reads and writes the host's shared memory; it must use its own`,
        );
    });
    it("fails the host user namespace", () => {
        const o = judgeOne(noHostNamespaces, container("app", { usernsMode: "host" }));
        assert.strictEqual(
            o.message,
            `container chom-app shares the host's userns namespace (usernsMode: "host", CIS 5.30): it opts out of the daemon's user-namespace remapping, so its root is the host's root; it must use its own`,
        );
    });
    it("reports every shared namespace of one container", () => {
        const o = judgeOne(
            noHostNamespaces,
            container("app", {
                networkMode: "host",
                pidMode: "host",
                ipcMode: "host",
                usernsMode: "host",
            }),
        );
        assert.strictEqual(o.message.split("; it must use its own").length - 1, 4);
    });
    it("config allowed: excuses one namespace for the service its image runs, not another, and not by label", () => {
        const c = container("node-exporter", { networkMode: "host", pidMode: "host" });
        const allowed = [
            { service: "node-exporter", namespace: "pid", reason: "host process metrics" },
        ];
        const o = judgeOne(noHostNamespaces, c, { allowed });
        assert.strictEqual(
            o.message,
            `container chom-node-exporter shares the host's network namespace (networkMode: "host", CIS 5.9): it sees and binds every host interface, past Docker's port publishing and the DOCKER-USER chain; it must use its own`,
        );
        assert.strictEqual(
            judgeOne(noHostNamespaces, container("node-exporter", { pidMode: "host" }), { allowed })
                .state,
            "PASS",
        );
        // Redis labelled node-exporter is still Redis: a label cannot widen an allowance beyond
        // what the image runs.
        const redis = container("redis", {
            pidMode: "host",
            labels: [{ label: "chom.service", value: "node-exporter" }],
        });
        assert.strictEqual(judgeOne(noHostNamespaces, redis, { allowed }).state, "FAIL");
    });
    it("throws UnknownValueError when a mode is unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({ ...c.props, pidMode: UNKNOWN });
        assert.throws(() => judgeOne(noHostNamespaces, c), UnknownValueError);
    });
});
