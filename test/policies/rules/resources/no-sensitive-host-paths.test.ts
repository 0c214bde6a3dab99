import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import {
    noSensitiveHostPaths,
    normaliseHostPath,
} from "../../../../policies/rules/resources/no-sensitive-host-paths";
import { noDockerSocket } from "../../../../policies/rules/resources/no-docker-socket";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const vol = (hostPath: string, readOnly = false, containerPath = "/host") => ({
    volumes: [{ hostPath, containerPath, readOnly }],
});

describe("CHOM-RES-021 no sensitive host paths mounted", () => {
    it("passes every compliant container, and what landsraad_tst mounts (read-only /proc, /sys, /etc/letsencrypt, docker's logs)", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(noSensitiveHostPaths, container(s)).state, "PASS", s);
        const exporter = container("node-exporter", {
            volumes: [
                { hostPath: "/proc", containerPath: "/host/proc", readOnly: true },
                { hostPath: "/sys", containerPath: "/host/sys", readOnly: true },
            ],
        });
        assert.strictEqual(judgeOne(noSensitiveHostPaths, exporter).state, "PASS");
        assert.strictEqual(
            judgeOne(noSensitiveHostPaths, container("nginx", vol("/etc/letsencrypt", true))).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                noSensitiveHostPaths,
                container("alloy", vol("/var/lib/docker/containers", true)),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(noSensitiveHostPaths, container("backup", vol("/var/backups/chom"))).state,
            "PASS",
        );
    });
    it("fails a writable /etc", () => {
        const o = judgeOne(noSensitiveHostPaths, container("app", vol("/etc", false, "/host/etc")));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-app mounts the sensitive host path /etc (volume to /host/etc, writable); it must not be mounted",
        );
    });
    it("fails / read-only, saying read-only, however the path is spelled", () => {
        const o = judgeOne(
            noSensitiveHostPaths,
            container("app", {
                mounts: [{ type: "bind", source: "/var/../", target: "/rootfs", readOnly: true }],
            }),
        );
        assert.strictEqual(
            o.message,
            "container chom-app mounts the sensitive host path / (bind mount to /rootfs, read-only, which still exposes it); it must not be mounted",
        );
    });
    it("fails read-only /root, /var/lib/docker and their sub-paths, and /etc's credential stores", () => {
        for (const [path, tree] of [
            ["/root/", "/root"],
            ["/root/.ssh", "/root"],
            ["/var/lib/docker", "/var/lib/docker"],
            ["/var/lib/docker/volumes", "/var/lib/docker"],
            ["/etc/shadow", "/etc"],
            ["/etc/ssh/", "/etc"],
        ]) {
            const o = judgeOne(noSensitiveHostPaths, container("app", vol(path, true)));
            const shown = normaliseHostPath(path);
            const under = shown === tree ? "" : `, under ${tree}`;
            assert.strictEqual(
                o.message,
                `container chom-app mounts the sensitive host path ${shown}${under} (volume to /host, read-only, which still exposes it); it must not be mounted`,
                path,
            );
        }
    });
    it("fails writable sub-paths of /proc, /sys, /dev, /boot, /etc and docker's log directory", () => {
        const o = judgeOne(
            noSensitiveHostPaths,
            container("app", {
                volumes: [{ hostPath: "/proc/sys/kernel", containerPath: "/k" }],
                mounts: [{ type: "bind", source: "/var/lib/docker/containers/", target: "/logs" }],
            }),
        );
        assert.strictEqual(
            o.message,
            [
                "container chom-app mounts the sensitive host path /proc/sys/kernel, under /proc (volume to /k, writable); it must not be mounted",
                "container chom-app mounts the sensitive host path /var/lib/docker/containers, under /var/lib/docker (bind mount to /logs, writable); it must not be mounted",
            ].join("; "),
        );
        for (const p of [
            "/sys/fs/cgroup",
            "/dev/shm",
            "/boot/efi",
            "/etc/letsencrypt",
            "/usr",
            "/lib",
            "/run",
            "/var/run",
        ]) {
            assert.strictEqual(
                judgeOne(noSensitiveHostPaths, container("app", vol(p))).state,
                "FAIL",
                p,
            );
        }
    });
    it("leaves the docker socket file to CHOM-RES-011 (no double report), and ignores named volumes and relative paths", () => {
        const sock = container("alloy", vol("/var/run/docker.sock", true, "/var/run/docker.sock"));
        assert.strictEqual(judgeOne(noSensitiveHostPaths, sock).state, "PASS");
        assert.strictEqual(judgeOne(noDockerSocket, sock).state, "FAIL");
        assert.strictEqual(
            judgeOne(
                noSensitiveHostPaths,
                container("app", { mounts: [{ type: "volume", source: "/etc", target: "/x" }] }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(noSensitiveHostPaths, container("app", vol("etc"))).state,
            "PASS",
        );
    });
    it("config allowed: a (service, path) pair excuses the path and what lies under it, for that service only", () => {
        const allowed = [
            {
                service: "backup",
                path: "/var/lib/docker/volumes/",
                reason: "file-level backup of named volumes",
            },
        ];
        const c = container("backup", vol("/var/lib/docker/volumes/chom-app-storage/_data", true));
        assert.strictEqual(judgeOne(noSensitiveHostPaths, c).state, "FAIL");
        assert.strictEqual(judgeOne(noSensitiveHostPaths, c, { allowed }).state, "PASS");
        assert.strictEqual(
            judgeOne(noSensitiveHostPaths, container("app", vol("/var/lib/docker/volumes", true)), {
                allowed,
            }).state,
            "FAIL",
        );
        assert.strictEqual(
            judgeOne(noSensitiveHostPaths, container("backup", vol("/var/lib/docker", true)), {
                allowed,
            }).state,
            "FAIL",
        );
    });
    it("throws UnknownValueError when a host path is unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({
            ...c.props,
            volumes: [{ hostPath: UNKNOWN, containerPath: "/x" }],
        });
        assert.throws(() => judgeOne(noSensitiveHostPaths, c), UnknownValueError);
    });
});
