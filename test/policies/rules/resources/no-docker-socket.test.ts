import * as assert from "assert";
import { noDockerSocket } from "../../../../policies/rules/resources/no-docker-socket";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-011 no docker socket mount", () => {
    it("passes every compliant container", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(noDockerSocket, container(s)).state, "PASS", s);
    });
    it("fails a volume binding /var/run/docker.sock", () => {
        const o = judgeOne(
            noDockerSocket,
            container("alloy", {
                volumes: [
                    { hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" },
                ],
            }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-alloy mounts the docker socket /var/run/docker.sock (volume to /var/run/docker.sock); the docker socket must not be mounted",
        );
    });
    it("fails a bind mount of /run/docker.sock, however the path is spelled", () => {
        const o = judgeOne(
            noDockerSocket,
            container("alloy", {
                mounts: [{ type: "bind", source: "//run//docker.sock/", target: "/docker.sock" }],
            }),
        );
        assert.strictEqual(
            o.message,
            "container chom-alloy mounts the docker socket /run/docker.sock (bind mount to /docker.sock); the docker socket must not be mounted",
        );
    });
    it("fails a mount of a directory holding the socket", () => {
        const o = judgeOne(
            noDockerSocket,
            container("alloy", { volumes: [{ hostPath: "/var/run", containerPath: "/host/run" }] }),
        );
        assert.strictEqual(
            o.message,
            "container chom-alloy mounts /var/run, which contains the docker socket /var/run/docker.sock (volume to /host/run); the docker socket must not be mounted",
        );
    });
    it("ignores a named volume whose name looks like the socket path", () => {
        assert.strictEqual(
            judgeOne(
                noDockerSocket,
                container("alloy", {
                    mounts: [{ type: "volume", source: "/var/run/docker.sock", target: "/x" }],
                }),
            ).state,
            "PASS",
        );
    });
    it("takes allowedServices from config", () => {
        const c = container("alloy", {
            volumes: [{ hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" }],
        });
        assert.strictEqual(
            judgeOne(noDockerSocket, c, { allowedServices: ["alloy"] }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(noDockerSocket, c, { allowedServices: ["grafana"] }).state,
            "FAIL",
        );
    });
    it("fails a parent directory of the socket (with a trailing slash) and the root, on volumes and bind mounts", () => {
        assert.strictEqual(
            judgeOne(
                noDockerSocket,
                container("app", {
                    volumes: [{ hostPath: "/var/run//", containerPath: "/host-run" }] as never,
                }),
            ).message,
            "container chom-app mounts /var/run, which contains the docker socket /var/run/docker.sock (volume to /host-run); the docker socket must not be mounted",
        );
        assert.strictEqual(
            judgeOne(noDockerSocket, container("app", { volumes: [{ hostPath: "/" }] as never }))
                .message,
            "container chom-app mounts /, which contains the docker socket /var/run/docker.sock (volume to ?); the docker socket must not be mounted",
        );
        assert.strictEqual(
            judgeOne(
                noDockerSocket,
                container("app", {
                    volumes: [{ hostPath: "/var/r", containerPath: "/x" }] as never,
                }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                noDockerSocket,
                container("app", {
                    mounts: [
                        { type: "volume", source: "/var/run/docker.sock", target: "/s" },
                    ] as never,
                }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                noDockerSocket,
                container("app", { mounts: [{ type: "bind", target: "/s" }] as never }),
            ).state,
            "PASS",
        );
    });
    it("config allowedServices matches the service (label, image or name) or the container name", () => {
        const sock = {
            volumes: [{ hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" }],
        } as never;
        assert.strictEqual(
            judgeOne(noDockerSocket, container("alloy", sock), { allowedServices: ["alloy"] })
                .state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(noDockerSocket, container("alloy", sock), { allowedServices: ["chom-alloy"] })
                .state,
            "PASS",
        );
        const unlabelled = container("alloy", { ...(sock as object), labels: [] });
        assert.strictEqual(
            judgeOne(noDockerSocket, unlabelled, { allowedServices: ["alloy"] }).state,
            "PASS",
            "the image grafana/alloy says alloy",
        );
        const other = container("alloy", {
            ...(sock as object),
            labels: [],
            image: "myorg/agent:1.0",
            name: "agent",
        });
        assert.strictEqual(
            judgeOne(noDockerSocket, other, { allowedServices: ["alloy"] }).state,
            "FAIL",
        );
    });
});
