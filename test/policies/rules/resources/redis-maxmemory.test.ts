import * as assert from "assert";
import { redisMaxmemory } from "../../../../policies/rules/resources/redis-maxmemory";
import { container } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const AUTH = ["--include", "/run/secrets/redis-auth.conf"];
const withCommand = (...args: string[]) => ({
    command: ["redis-server", "--appendonly", "yes", ...args, ...AUTH],
});

describe("CHOM-RES-007 Redis maxmemory below its limit", () => {
    it("passes the compliant redis (256mb of a 384 MB limit)", () => {
        assert.strictEqual(judgeOne(redisMaxmemory, container("redis")).state, "PASS");
    });
    it("is not applicable to other containers", () => {
        const o = judgeOne(redisMaxmemory, container("app"));
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(
            o.message,
            "container chom-app does not run Redis, Valkey or KeyDB (by its image, name or chom.service label)",
        );
    });
    it("fails a redis without maxmemory", () => {
        const o = judgeOne(redisMaxmemory, container("redis", withCommand()));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "redis container chom-redis sets no maxmemory (in its command or an uploaded config file): Redis grows until it is OOM-killed",
        );
    });
    it("fails maxmemory above maxFraction of the container limit", () => {
        const o = judgeOne(redisMaxmemory, container("redis", withCommand("--maxmemory", "384mb")));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "redis container chom-redis has maxmemory 384mb (384 MB) in its command, above 307.2 MB (0.8 of its 384 MB memory limit)",
        );
    });
    it("takes maxFraction from config", () => {
        assert.strictEqual(
            judgeOne(redisMaxmemory, container("redis", withCommand("--maxmemory", "384mb")), {
                maxFraction: 1,
            }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(redisMaxmemory, container("redis"), { maxFraction: 0.5 }).state,
            "FAIL",
        );
    });
    it("fails maxmemory 0 (no limit) and a malformed size", () => {
        assert.strictEqual(
            judgeOne(redisMaxmemory, container("redis", withCommand("--maxmemory", "0"))).message,
            "redis container chom-redis sets maxmemory 0 in its command, which means no limit",
        );
        assert.strictEqual(
            judgeOne(redisMaxmemory, container("redis", withCommand("--maxmemory=lots"))).message,
            'redis container chom-redis has maxmemory in its command: redis memory size "lots" is not a whole number with an optional b, k, kb, m, mb, g or gb suffix',
        );
    });
    it("reads maxmemory from an uploaded config file the command loads", () => {
        const conf = "/usr/local/etc/redis/redis.conf";
        const props = (content: string) => ({
            command: ["redis-server", conf],
            uploads: [{ file: conf, content }],
        });
        assert.strictEqual(
            judgeOne(redisMaxmemory, container("redis", props("appendonly yes\nmaxmemory 200mb\n")))
                .state,
            "PASS",
        );
        const o = judgeOne(redisMaxmemory, container("redis", props("maxmemory 350mb")));
        assert.strictEqual(
            o.message,
            `redis container chom-redis has maxmemory 350mb (350 MB) in ${conf}, above 307.2 MB (0.8 of its 384 MB memory limit)`,
        );
    });
    it("fails when redis has no container memory limit to stay under", () => {
        const o = judgeOne(redisMaxmemory, container("redis", { memory: undefined }));
        assert.strictEqual(
            o.message,
            "redis container chom-redis has maxmemory 256mb but no container memory limit to keep it under",
        );
    });
    it("a zero or negative container memory limit gives maxmemory nothing to stay under", () => {
        for (const memory of [0, -1]) {
            assert.strictEqual(
                judgeOne(
                    redisMaxmemory,
                    container("redis", { ...withCommand("--maxmemory", "256mb"), memory }),
                ).message,
                "redis container chom-redis has maxmemory 256mb but no container memory limit to keep it under",
            );
        }
    });
});
