import * as assert from "assert";
import { noSensitiveHostPaths } from "../../../../policies/rules/resources/no-sensitive-host-paths";
import { noDockerSocket } from "../../../../policies/rules/resources/no-docker-socket";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

const judge = (c: Parameters<typeof judgeOne>[1]) => judgeOne(noSensitiveHostPaths, c);
const vol = (hostPath: string, readOnly = false, containerPath = "/host") => ({
    volumes: [{ hostPath, containerPath, readOnly }],
});

describe("CHOM-RES-021 no sensitive host paths mounted", () => {
    itResourceCases(noSensitiveHostPaths, __filename);
    it("passes every compliant container, and what landsraad_tst mounts (read-only /proc, /sys, /etc/letsencrypt, docker's logs)", () => {
        const exporter = container("node-exporter", {
            volumes: [
                { hostPath: "/proc", containerPath: "/host/proc", readOnly: true },
                { hostPath: "/sys", containerPath: "/host/sys", readOnly: true },
            ],
        });
        assertEveryContainerPasses(
            noSensitiveHostPaths,
            exporter,
            container("nginx", vol("/etc/letsencrypt", true)),
            container("alloy", vol("/var/lib/docker/containers", true)),
            container("backup", vol("/var/backups/chom")),
        );
    });
    it("leaves the docker socket file to CHOM-RES-011 (no double report), and ignores named volumes and relative paths", () => {
        const sock = container("alloy", vol("/var/run/docker.sock", true, "/var/run/docker.sock"));
        assert.strictEqual(judge(sock).state, "PASS");
        assert.strictEqual(judgeOne(noDockerSocket, sock).state, "FAIL");
        const named = { mounts: [{ type: "volume", source: "/etc", target: "/x" }] };
        assert.strictEqual(judge(container("app", named)).state, "PASS");
        assert.strictEqual(judge(container("app", vol("etc"))).state, "PASS");
    });
    it("throws UnknownValueError when a host path is unknown at preview", () => {
        assertThrowsUnknown(judge, container("app"), {
            volumes: [{ hostPath: UNKNOWN_SENTINEL, containerPath: "/x" }],
        });
    });
});
