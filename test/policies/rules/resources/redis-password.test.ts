import * as assert from "assert";
import { redisPassword } from "../../../../policies/rules/resources/redis-password";
import { container } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const BASE = ["redis-server", "--appendonly", "yes", "--maxmemory", "256mb"];

describe("CHOM-RES-016 Redis requires a password", () => {
    it("passes the compliant redis (--include of an uploaded file)", () => {
        assert.strictEqual(judgeOne(redisPassword, container("redis")).state, "PASS");
    });
    it("passes an --aclfile that is uploaded", () => {
        const o = judgeOne(
            redisPassword,
            container("redis", {
                command: [...BASE, "--aclfile", "/run/secrets/users.acl"],
                uploads: [{ file: "/run/secrets/users.acl", content: "[secret]" }],
            }),
        );
        assert.strictEqual(o.state, "PASS");
    });
    it("is not applicable to other containers", () => {
        assert.strictEqual(judgeOne(redisPassword, container("mysql")).state, "NOT_APPLICABLE");
    });
    it("fails the original design: Redis without a password", () => {
        const o = judgeOne(redisPassword, container("redis", { command: BASE, uploads: [] }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "redis container chom-redis requires no password: its command has no --include or --aclfile naming an uploaded file",
        );
    });
    it("fails --requirepass on the command line without showing the password", () => {
        const o = judgeOne(
            redisPassword,
            container("redis", {
                command: [...BASE, "--requirepass", "s3cr3t-redis"],
                uploads: [],
            }),
        );
        assert.strictEqual(
            o.message,
            "redis container chom-redis sets --requirepass on its command line, so the password is in plain container inputs (value not shown); load it from an uploaded file with --include",
        );
        assert.ok(!o.message.includes("s3cr3t-redis"));
    });
    it("fails an --include of a file that is not uploaded", () => {
        const o = judgeOne(
            redisPassword,
            container("redis", {
                command: [...BASE, "--include", "/etc/redis/auth.conf"],
                uploads: [],
            }),
        );
        assert.strictEqual(
            o.message,
            "redis container chom-redis has --include /etc/redis/auth.conf, which is not one of its uploaded files",
        );
    });
    it("is not applicable to other containers, with the reason", () => {
        assert.strictEqual(
            judgeOne(redisPassword, container("app")).message,
            "container chom-app does not run Redis, Valkey or KeyDB (by its image, name or chom.service label)",
        );
    });
    it("names a flag without a file, and only the files that are not uploaded", () => {
        const c = container("redis", {
            command: [...BASE, "--include", "/run/secrets/redis-auth.conf", "--aclfile"],
            uploads: [{ file: "/run/secrets/redis-auth.conf", content: "x" }],
        });
        assert.strictEqual(
            judgeOne(redisPassword, c).message,
            "redis container chom-redis has --aclfile (no file), which is not one of its uploaded files",
        );
        const none = container("redis", {
            command: [...BASE, "--include", "/etc/missing.conf"],
            uploads: undefined,
        });
        assert.strictEqual(
            judgeOne(redisPassword, none).message,
            "redis container chom-redis has --include /etc/missing.conf, which is not one of its uploaded files",
        );
    });
});
