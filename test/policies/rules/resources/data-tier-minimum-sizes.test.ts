import * as assert from "assert";
import { dataTierMinimumSizes } from "../../../../policies/rules/resources/data-tier-minimum-sizes";
import { container } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-005 data tier minimum sizes", () => {
    it("passes the compliant database and cache", () => {
        assert.strictEqual(judgeOne(dataTierMinimumSizes, container("mysql")).state, "PASS");
        assert.strictEqual(judgeOne(dataTierMinimumSizes, container("redis")).state, "PASS");
    });
    it("is not applicable to other services", () => {
        const o = judgeOne(dataTierMinimumSizes, container("nginx"));
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(
            o.message,
            "only the database (mysql) and cache (redis) have minimum sizes",
        );
    });
    it("fails a database below its memory minimum", () => {
        const o = judgeOne(dataTierMinimumSizes, container("mysql", { memory: 512 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "database container chom-mysql has a 512 MB memory limit; at least 1024 MB is required",
        );
    });
    it("fails a database below one CPU", () => {
        const o = judgeOne(dataTierMinimumSizes, container("mysql", { cpus: "0.5" }));
        assert.strictEqual(
            o.message,
            "database container chom-mysql has a CPU limit of 0.5; at least 1 CPU is required",
        );
    });
    it("fails a cache below its memory minimum", () => {
        const o = judgeOne(dataTierMinimumSizes, container("redis", { memory: 128 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "cache container chom-redis has a 128 MB memory limit; at least 256 MB is required",
        );
    });
    it("takes the minimums from config", () => {
        const o = judgeOne(dataTierMinimumSizes, container("mysql"), {
            minDatabaseMemoryMb: 2048,
            minDatabaseCpus: 2,
        });
        assert.strictEqual(
            o.message,
            "database container chom-mysql has a 1536 MB memory limit; at least 2048 MB is required; database container chom-mysql has a CPU limit of 1; at least 2 CPU is required",
        );
        assert.strictEqual(
            judgeOne(dataTierMinimumSizes, container("redis", { memory: 128 }), {
                minCacheMemoryMb: 128,
            }).state,
            "PASS",
        );
    });
    it("exactly the minimum memory and CPU pass; just under fails; no or zero limits are RES-001's business", () => {
        assert.strictEqual(
            judgeOne(dataTierMinimumSizes, container("mysql", { memory: 1024, cpus: "1" })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(dataTierMinimumSizes, container("redis", { memory: 256 })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(dataTierMinimumSizes, container("mysql", { memory: 1023, cpus: "0.99" }))
                .message,
            "database container chom-mysql has a 1023 MB memory limit; at least 1024 MB is required; database container chom-mysql has a CPU limit of 0.99; at least 1 CPU is required",
        );
        assert.strictEqual(
            judgeOne(dataTierMinimumSizes, container("redis", { memory: 255 })).message,
            "cache container chom-redis has a 255 MB memory limit; at least 256 MB is required",
        );
        assert.strictEqual(
            judgeOne(dataTierMinimumSizes, container("mysql", { memory: 0, cpus: "0" })).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                dataTierMinimumSizes,
                container("mysql", { memory: undefined, cpus: undefined }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(dataTierMinimumSizes, container("redis", { cpus: "0.1" })).state,
            "PASS",
        );
    });
});
