import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { serverMinimums } from "../../../../policies/rules/resources/server-minimums";
import { container, server } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-017 server minimums", () => {
    it("fails the declared landsraad_tst honestly: 7.6 GiB usable is below 8 GiB", () => {
        const o = judgeOne(serverMinimums, server());
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "server landsraad_tst has 7.6 GiB usable memory (8 GB nominal); at least 8 GiB is required",
        );
    });
    it("passes a server that meets every minimum", () => {
        assert.strictEqual(judgeOne(serverMinimums, server({ usableMemoryGib: 8 })).state, "PASS");
    });
    it("fails too few cores and too small a root filesystem", () => {
        const o = judgeOne(
            serverMinimums,
            server({ usableMemoryGib: 8, cpuCores: 2, rootFsGb: 40 }),
        );
        assert.strictEqual(
            o.message,
            "server landsraad_tst has 2 CPU cores; at least 4 are required; server landsraad_tst has a 40 GB root filesystem; at least 50 GB is required",
        );
    });
    it("takes the minimums from config", () => {
        assert.strictEqual(judgeOne(serverMinimums, server(), { minMemoryGib: 7.5 }).state, "PASS");
        assert.strictEqual(
            judgeOne(serverMinimums, server({ usableMemoryGib: 8 }), { minCores: 8 }).message,
            "server landsraad_tst has 4 CPU cores; at least 8 are required",
        );
        assert.strictEqual(
            judgeOne(serverMinimums, server({ usableMemoryGib: 8 }), { minFreeDiskGb: 100 }).state,
            "FAIL",
        );
    });
    it("applies only to the server", () => {
        assert.strictEqual(judgeOne(serverMinimums, container("app")).state, "NOT_APPLICABLE");
    });
    it("throws UnknownValueError when a size is unknown at preview", () => {
        const s = server();
        s.props = unknownCheckingProxy({
            ...s.props,
            usableMemoryGib: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeOne(serverMinimums, s),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
    it("exactly the minimum cores, memory and disk pass; just under each fails", () => {
        assert.strictEqual(
            judgeOne(serverMinimums, server({ cpuCores: 4, usableMemoryGib: 8, rootFsGb: 50 }))
                .state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                serverMinimums,
                server({ cpuCores: 3.9, usableMemoryGib: 7.99, rootFsGb: 49.9 }),
            ).message,
            "server landsraad_tst has 3.9 CPU cores; at least 4 are required; " +
                "server landsraad_tst has 7.99 GiB usable memory (8 GB nominal); at least 8 GiB is required; " +
                "server landsraad_tst has a 49.9 GB root filesystem; at least 50 GB is required",
        );
    });
    it("fails sizes that are not numbers, naming the server by its resource name without a hostname", () => {
        const s = server({ hostname: undefined as unknown as string, usableMemoryGib: 8 });
        s.props.cpuCores = "4";
        assert.strictEqual(
            judgeOne(serverMinimums, s).message,
            'server landsraad_tst has "4" CPU cores; at least 4 are required',
        );
    });
});
