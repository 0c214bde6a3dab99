import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { reservationWithinLimit } from "../../../../policies/rules/resources/reservation-within-limit";
import { container, containerProps, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

/** The service's labels with the CPU reservation label set to `value`. */
function cpuReservation(service: string, value: string) {
    return {
        labels: containerProps(service).labels!.map((l) =>
            l.label === "chom.cpu-reservation" ? { ...l, value } : l,
        ),
    };
}

describe("CHOM-RES-002 reservation within limit", () => {
    it("passes every compliant container", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(reservationWithinLimit, container(s)).state, "PASS", s);
    });
    it("fails a memory reservation above the memory limit", () => {
        const o = judgeOne(reservationWithinLimit, container("app", { memoryReservation: 2048 }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-app reserves 2048 MB of memory but its limit is 1536 MB; the reservation must be <= the limit",
        );
    });
    it("fails a CPU reservation label above cpus", () => {
        const o = judgeOne(reservationWithinLimit, container("app", cpuReservation("app", "2")));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-app reserves 2 CPU but its limit (cpus) is 1.5; the reservation must be <= the limit",
        );
    });
    it("fails a CPU reservation label that is not a number", () => {
        const o = judgeOne(reservationWithinLimit, container("app", cpuReservation("app", "lots")));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'container chom-app has label chom.cpu-reservation="lots", which is not a CPU count (e.g. "0.5")',
        );
    });
    it("leaves a container without limits to CHOM-RES-001", () => {
        assert.strictEqual(
            judgeOne(
                reservationWithinLimit,
                container("app", { memory: undefined, cpus: undefined }),
            ).state,
            "PASS",
        );
    });
    it("throws UnknownValueError when the reservation is unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({
            ...c.props,
            memoryReservation: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeOne(reservationWithinLimit, c),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
    it("a reservation equal to the limit passes; one above fails; without a limit there is nothing to exceed", () => {
        assert.strictEqual(
            judgeOne(
                reservationWithinLimit,
                container("app", { memory: 1024, memoryReservation: 1024 }),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                reservationWithinLimit,
                container("app", { memory: 1024, memoryReservation: 1025 }),
            ).message,
            "container chom-app reserves 1025 MB of memory but its limit is 1024 MB; the reservation must be <= the limit",
        );
        assert.strictEqual(
            judgeOne(reservationWithinLimit, container("app", cpuReservation("app", "1.5"))).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(reservationWithinLimit, container("app", cpuReservation("app", "1.51")))
                .message,
            "container chom-app reserves 1.51 CPU but its limit (cpus) is 1.5; the reservation must be <= the limit",
        );
        const noCpuLimit = container("app", cpuReservation("app", "2"));
        noCpuLimit.props.cpus = "0";
        assert.strictEqual(judgeOne(reservationWithinLimit, noCpuLimit).state, "PASS");
        delete noCpuLimit.props.cpus;
        assert.strictEqual(judgeOne(reservationWithinLimit, noCpuLimit).state, "PASS");
    });
    it("without the reservation label, the CPU reservation is not judged", () => {
        const c = container("app", { labels: [], cpus: "0.1" });
        assert.strictEqual(judgeOne(reservationWithinLimit, c).state, "PASS");
    });
});
