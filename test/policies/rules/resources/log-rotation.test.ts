import * as assert from "assert";
import { logRotation } from "../../../../policies/rules/resources/log-rotation";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-013 log rotation", () => {
    it("passes every compliant container (json-file with max-size and max-file)", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(logRotation, container(s)).state, "PASS", s);
    });
    it("passes a shipping driver from the allowed list", () => {
        assert.strictEqual(
            judgeOne(logRotation, container("app", { logDriver: "journald", logOpts: {} })).state,
            "PASS",
        );
    });
    it("fails json-file without rotation options", () => {
        const o = judgeOne(logRotation, container("app", { logOpts: { "max-size": "10m" } }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'container chom-app uses log driver "json-file" without max-file in logOpts; both max-size and max-file are required',
        );
    });
    it("fails docker's unrotated default when no driver is set", () => {
        const o = judgeOne(
            logRotation,
            container("app", { logDriver: undefined, logOpts: undefined }),
        );
        assert.strictEqual(
            o.message,
            'container chom-app uses no log driver (docker\'s default "json-file") without max-size and max-file in logOpts; both max-size and max-file are required',
        );
    });
    it("fails a driver that is neither rotated locally nor allowed", () => {
        const o = judgeOne(logRotation, container("app", { logDriver: "awslogs", logOpts: {} }));
        assert.strictEqual(
            o.message,
            'container chom-app uses log driver "awslogs", which is neither json-file/local with rotation nor one of the allowed drivers (journald, syslog, loki, fluentd, gelf)',
        );
    });
    it("takes allowedDrivers from config", () => {
        assert.strictEqual(
            judgeOne(logRotation, container("app", { logDriver: "awslogs", logOpts: {} }), {
                allowedDrivers: ["awslogs"],
            }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(logRotation, container("app", { logDriver: "journald", logOpts: {} }), {
                allowedDrivers: [],
            }).state,
            "FAIL",
        );
    });
    it("a blank rotation option counts as missing; a numeric one is read", () => {
        assert.strictEqual(
            judgeOne(
                logRotation,
                container("app", { logOpts: { "max-size": " ", "max-file": "5" } }),
            ).message,
            'container chom-app uses log driver "json-file" without max-size in logOpts; both max-size and max-file are required',
        );
        assert.strictEqual(
            judgeOne(
                logRotation,
                container("app", {
                    logOpts: { "max-size": "10m", "max-file": 5 as unknown as string },
                }),
            ).state,
            "PASS",
        );
    });
});
