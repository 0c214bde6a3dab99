import * as assert from "assert";
import {
    configFilesOf,
    redisDirective,
} from "../../../../../policies/rules/resources/support/redis-config";
import { containerProps } from "../../../../helpers/fixture-stack";

const redis = (command: string[], uploads: { file: string; content: string }[] = []) => ({
    ...containerProps("redis"),
    command,
    uploads,
});

describe("redis config (reading directives from the command and uploaded files)", () => {
    it("configFilesOf: the config file right after the binary, and every non-empty --include", () => {
        assert.deepStrictEqual(
            configFilesOf([
                "redis-server",
                "/etc/redis.conf",
                "--include",
                "/a.conf",
                "--include=/b.conf",
                "--include",
            ]),
            ["/etc/redis.conf", "/a.conf", "/b.conf"],
        );
        assert.deepStrictEqual(configFilesOf(["/usr/local/bin/redis-server", "/etc/redis.conf"]), [
            "/etc/redis.conf",
        ]);
        assert.deepStrictEqual(configFilesOf(["redis-server", "--port", "6379"]), []);
        assert.deepStrictEqual(configFilesOf(["redis-server"]), []);
        assert.deepStrictEqual(configFilesOf(["docker-entrypoint.sh", "/etc/redis.conf"]), []);
        assert.deepStrictEqual(configFilesOf(["my-redis-server", "/etc/redis.conf"]), []);
    });
    it("redisDirective: read from uploaded files (case-insensitive name, indented lines), the command winning", () => {
        const uploads = [
            {
                file: "/etc/redis.conf",
                content:
                    "# c\n  MaxMemory 128mb\r\nmaxmemory-policy allkeys-lru\nmaxmemory\t200mb extra",
            },
        ];
        assert.deepStrictEqual(
            redisDirective(redis(["redis-server", "/etc/redis.conf"], uploads), "maxmemory"),
            { value: "200mb", from: "/etc/redis.conf" },
        );
        assert.deepStrictEqual(
            redisDirective(
                redis(["redis-server", "/etc/redis.conf", "--maxmemory", "64mb"], uploads),
                "maxmemory",
            ),
            { value: "64mb", from: "command" },
        );
        assert.strictEqual(
            redisDirective(redis(["redis-server", "/etc/other.conf"], uploads), "maxmemory"),
            undefined,
        );
        assert.strictEqual(
            redisDirective(
                redis(
                    ["redis-server", "/etc/redis.conf"],
                    [{ file: "/etc/redis.conf", content: "maxmemory" }],
                ),
                "maxmemory",
            ),
            undefined,
        );
        assert.strictEqual(
            redisDirective(
                { ...redis(["redis-server", "/etc/redis.conf"]), uploads: undefined },
                "maxmemory",
            ),
            undefined,
        );
    });
});
