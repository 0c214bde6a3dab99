import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import {
    capabilitiesRestricted,
    normaliseCapability,
} from "../../../../policies/rules/resources/capabilities-restricted";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const adds = (...caps: string[]) => ({ capabilities: { drops: ["ALL"], adds: caps } });

describe("CHOM-RES-019 capabilities restricted", () => {
    it("passes every compliant container, and the capabilities entrypoints need", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(capabilitiesRestricted, container(s)).state, "PASS", s);
        assert.strictEqual(
            judgeOne(
                capabilitiesRestricted,
                container(
                    "mysql",
                    adds("CHOWN", "SETUID", "SETGID", "DAC_OVERRIDE", "NET_BIND_SERVICE"),
                ),
            ).state,
            "PASS",
        );
    });
    it("fails ALL", () => {
        const o = judgeOne(capabilitiesRestricted, container("app", adds("ALL")));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `container chom-app adds every capability (ALL) (capabilities.adds "ALL"), which is on the dangerous list; add only what the service needs`,
        );
    });
    it("fails SYS_ADMIN written with CAP_ and in lower case, and names each one", () => {
        const o = judgeOne(
            capabilitiesRestricted,
            container("app", adds("cap_sys_admin", "NET_ADMIN", "CHOWN")),
        );
        assert.strictEqual(
            o.message,
            [
                `container chom-app adds the capability SYS_ADMIN (capabilities.adds "cap_sys_admin"), which is on the dangerous list; add only what the service needs`,
                `container chom-app adds the capability NET_ADMIN (capabilities.adds "NET_ADMIN"), which is on the dangerous list; add only what the service needs`,
            ].join("; "),
        );
    });
    it("fails DAC_READ_SEARCH (open_by_handle_at), SYS_PTRACE, SYS_MODULE, SYS_RAWIO, SYS_TIME and NET_RAW", () => {
        for (const cap of [
            "DAC_READ_SEARCH",
            "SYS_PTRACE",
            "SYS_MODULE",
            "SYS_RAWIO",
            "SYS_TIME",
            "NET_RAW",
        ]) {
            assert.strictEqual(
                judgeOne(capabilitiesRestricted, container("alloy", adds(cap))).state,
                "FAIL",
                cap,
            );
        }
    });
    it("normalises capability names", () => {
        assert.deepStrictEqual(
            ["CAP_NET_RAW", " net_raw ", "Cap_Net_Raw"].map(normaliseCapability),
            ["NET_RAW", "NET_RAW", "NET_RAW"],
        );
    });
    it("config allowed: one capability for one service (by the service its image runs or the container name)", () => {
        const c = container("backup", adds("DAC_READ_SEARCH", "SYS_PTRACE"));
        const o = judgeOne(capabilitiesRestricted, c, {
            allowed: [
                {
                    service: "chom-backup",
                    capability: "CAP_DAC_READ_SEARCH",
                    reason: "reads other uids' volumes",
                },
            ],
        });
        assert.strictEqual(
            o.message,
            `container chom-backup adds the capability SYS_PTRACE (capabilities.adds "SYS_PTRACE"), which is on the dangerous list; add only what the service needs`,
        );
        assert.strictEqual(
            judgeOne(capabilitiesRestricted, container("alloy", adds("NET_RAW")), {
                allowed: [{ service: "alloy", capability: "net_raw", reason: "ping" }],
            }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(capabilitiesRestricted, container("grafana", adds("NET_RAW")), {
                allowed: [{ service: "alloy", capability: "NET_RAW", reason: "ping" }],
            }).state,
            "FAIL",
        );
    });
    it("config dangerous: the list is configurable", () => {
        const c = container("nginx", adds("NET_BIND_SERVICE"));
        assert.strictEqual(judgeOne(capabilitiesRestricted, c).state, "PASS");
        assert.strictEqual(
            judgeOne(capabilitiesRestricted, c, { dangerous: ["CAP_NET_BIND_SERVICE"] }).state,
            "FAIL",
        );
    });
    it("throws UnknownValueError when the added capabilities are unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({
            ...c.props,
            capabilities: { drops: ["ALL"], adds: UNKNOWN },
        });
        assert.throws(() => judgeOne(capabilitiesRestricted, c), UnknownValueError);
    });
});
