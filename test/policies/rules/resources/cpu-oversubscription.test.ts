import * as assert from "assert";
import type { Subject } from "../../../../policies/lib/rule";
import { cpuOversubscription } from "../../../../policies/rules/resources/cpu-oversubscription";
import { compliantStack, container, replace, server } from "../../../helpers/fixture-stack";
import { judgeAll } from "../../../helpers/rules";

const outcomeOfServer = (stack: Subject[], config: Record<string, unknown> = {}) => {
    const all = judgeAll(cpuOversubscription, stack, config);
    assert.notStrictEqual(all, "NOT_APPLICABLE");
    return (all as Exclude<typeof all, "NOT_APPLICABLE">).get("landsraad_tst")!;
};

describe("CHOM-RES-004 CPU oversubscription", () => {
    it("passes the compliant stack (6.5 CPUs on 4 cores, 1.63x)", () => {
        assert.strictEqual(outcomeOfServer(compliantStack()).state, "PASS");
    });
    it("fails above the allowed ratio, naming the sum, the cores and the ratio", () => {
        const o = outcomeOfServer(replace(compliantStack(), container("mysql", { cpus: "6" })));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "server landsraad_tst: the containers' CPU limits sum to 11.5 CPUs on 4 cores, an oversubscription of 2.88x; at most 2x is allowed",
        );
    });
    it("takes maxOversubscription from config", () => {
        const stack = replace(compliantStack(), container("mysql", { cpus: "6" }));
        assert.strictEqual(outcomeOfServer(stack, { maxOversubscription: 3 }).state, "PASS");
        assert.strictEqual(
            outcomeOfServer(compliantStack(), { maxOversubscription: 1.5 }).state,
            "FAIL",
        );
    });
    it("fails when a container has no CPU limit", () => {
        const o = outcomeOfServer(
            replace(compliantStack(), container("queue", { cpus: undefined })),
        );
        assert.strictEqual(
            o.message,
            "server landsraad_tst: CPU oversubscription cannot be bounded: 1 container(s) have no CPU limit (chom-queue)",
        );
    });
    it("fails a server without a positive core count", () => {
        const o = outcomeOfServer(replace(compliantStack(), server({ cpuCores: 0 })));
        assert.strictEqual(
            o.message,
            "server landsraad_tst declares cpuCores 0, which is not a positive number",
        );
    });
    it("exactly the allowed ratio passes (6.5 CPUs on 4 cores = 1.625x); just under it fails", () => {
        assert.strictEqual(
            outcomeOfServer(compliantStack(), { maxOversubscription: 1.625 }).state,
            "PASS",
        );
        assert.strictEqual(
            outcomeOfServer(compliantStack(), { maxOversubscription: 1.62 }).message,
            "server landsraad_tst: the containers' CPU limits sum to 6.5 CPUs on 4 cores, an oversubscription of 1.63x; at most 1.62x is allowed",
        );
    });
    it("names a server by its resource name without a hostname; lists every container without a CPU limit", () => {
        const unnamed = server({
            hostname: undefined as unknown as string,
            cpuCores: "4" as unknown as number,
        });
        assert.strictEqual(
            outcomeOfServer(replace(compliantStack(), unnamed)).message,
            'server landsraad_tst declares cpuCores "4", which is not a positive number',
        );
        const stack = replace(
            replace(compliantStack(), container("app", { cpus: undefined })),
            container("queue", { cpus: "0" }),
        );
        assert.strictEqual(
            outcomeOfServer(stack).message,
            "server landsraad_tst: CPU oversubscription cannot be bounded: 2 container(s) have no CPU limit (chom-app, chom-queue)",
        );
    });
});
