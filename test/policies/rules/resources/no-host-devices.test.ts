import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { noHostDevices } from "../../../../policies/rules/resources/no-host-devices";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("CHOM-RES-020 no host devices", () => {
    it("passes every compliant container, and an empty devices list", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(noHostDevices, container(s)).state, "PASS", s);
        assert.strictEqual(
            judgeOne(noHostDevices, container("app", { devices: [] })).state,
            "PASS",
        );
    });
    it("fails a mapped device, naming the host path and the permissions (Check default rwm)", () => {
        const o = judgeOne(
            noHostDevices,
            container("app", { devices: [{ hostPath: "/dev/sda", permissions: "rwm" }] }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-app maps the host device /dev/sda to /dev/sda (permissions rwm); no host device may be mapped",
        );
    });
    it("names every device, normalised", () => {
        const o = judgeOne(
            noHostDevices,
            container("app", {
                devices: [
                    { hostPath: "/dev//fuse", containerPath: "/dev/fuse", permissions: "rw" },
                    { hostPath: "/dev/kmsg" },
                ],
            }),
        );
        assert.strictEqual(
            o.message,
            "container chom-app maps the host device /dev/fuse to /dev/fuse (permissions rw); no host device may be mapped; container chom-app maps the host device /dev/kmsg to /dev/kmsg (permissions rwm); no host device may be mapped",
        );
    });
    it("config allowed: one device for one service", () => {
        const c = container("app", {
            devices: [{ hostPath: "/dev/dri/renderD128", permissions: "rw" }],
        });
        assert.strictEqual(
            judgeOne(noHostDevices, c, {
                allowed: [
                    { service: "app", device: "/dev/dri/renderD128", reason: "video transcoding" },
                ],
            }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(noHostDevices, c, {
                allowed: [{ service: "app", device: "/dev/dri/card0", reason: "other" }],
            }).state,
            "FAIL",
        );
    });
    it("throws UnknownValueError when the devices are unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({ ...c.props, devices: UNKNOWN });
        assert.throws(() => judgeOne(noHostDevices, c), UnknownValueError);
    });
});
