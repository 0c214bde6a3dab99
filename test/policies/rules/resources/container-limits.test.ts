import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { containerLimits } from "../../../../policies/rules/resources/container-limits";
import { container, network } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-001 container limits", () => {
    it("passes a container with CPU and memory limits", () => {
        assert.strictEqual(judgeOne(containerLimits, container("app")).state, "PASS");
    });
    it("fails a container without a memory limit, naming it", () => {
        const o = judgeOne(containerLimits, container("redis", { memory: undefined }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "container chom-redis has no memory limit (`memory`)");
    });
    it("fails a container with neither limit (the original compose file)", () => {
        const o = judgeOne(containerLimits, container("mysql", { memory: 0, cpus: undefined }));
        assert.strictEqual(
            o.message,
            "container chom-mysql has no memory limit (`memory`) and no CPU limit (`cpus`)",
        );
    });
    it("is not applicable to a network", () => {
        assert.strictEqual(
            judgeOne(containerLimits, network("chom-edge", false)).state,
            "NOT_APPLICABLE",
        );
    });
    it("throws UnknownValueError (reported as UNKNOWN) when the limit is unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({
            ...c.props,
            memory: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeOne(containerLimits, c),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
    it("honours an unexpired exception label and fails an expired one", () => {
        const label = (v: string) => ({
            labels: [{ label: "chom.exception.CHOM-RES-001", value: v }],
            memory: undefined,
        });
        assert.strictEqual(
            judgeOne(
                containerLimits,
                container("backup", label("2099-01-01 sized after load test")),
            ).state,
            "EXCEPTED",
        );
        const expired = judgeOne(
            containerLimits,
            container("backup", label("2020-01-01 sized after load test")),
        );
        assert.strictEqual(expired.state, "FAIL");
        assert.match(expired.message, /^exception expired on 2020-01-01/);
    });
    it("fails a negative memory limit and a zero, negative or non-numeric CPU limit; the smallest positive limits pass", () => {
        assert.strictEqual(
            judgeOne(containerLimits, container("app", { memory: -1 })).message,
            "container chom-app has no memory limit (`memory`)",
        );
        for (const cpus of ["0", "-1", "x"]) {
            assert.strictEqual(
                judgeOne(containerLimits, container("app", { cpus })).message,
                "container chom-app has no CPU limit (`cpus`)",
                cpus,
            );
        }
        assert.strictEqual(
            judgeOne(containerLimits, container("app", { memory: 1, cpus: "0.01" })).state,
            "PASS",
        );
    });
});
