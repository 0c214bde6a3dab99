import { judgeStack } from "../../../../policies/lib/judge";
import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import { TYPES } from "../../../../policies/lib/subjects";
import { memoryFitsServer } from "../../../../policies/rules/resources/memory-fits-server";
import {
    compliantStack,
    container,
    replace,
    server,
    SERVICES,
} from "../../../helpers/fixture-stack";
import { judgeAll, TODAY, namesIn } from "../../../helpers/rules";

const outcomeOfServer = (stack: Subject[], config: Record<string, unknown> = {}) => {
    const all = judgeAll(memoryFitsServer, stack, config);
    assert.notStrictEqual(all, "NOT_APPLICABLE");
    return (all as Exclude<typeof all, "NOT_APPLICABLE">).get("landsraad_tst")!;
};

describe("CHOM-RES-003 memory fits server", () => {
    it("passes the compliant stack (6496 MB of limits within 6758.4 MB)", () => {
        const all = judgeAll(memoryFitsServer, compliantStack());
        assert.deepStrictEqual(namesIn(all, "PASS"), ["landsraad_tst"]);
        assert.deepStrictEqual(namesIn(all, "FAIL"), []);
    });
    it("fails when the limits exceed usable memory minus headroom, naming MB and GiB", () => {
        const o = outcomeOfServer(replace(compliantStack(), container("app", { memory: 2048 })));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "server landsraad_tst: the containers' memory limits sum to 7008 MB (6.84 GiB), above the 6758.4 MB (6.6 GiB) available: " +
                "7.6 GiB usable (7782.4 MB) minus 1024 MB OS headroom",
        );
    });
    it("takes osHeadroomMb from config", () => {
        const stack = replace(compliantStack(), container("app", { memory: 2048 }));
        assert.strictEqual(outcomeOfServer(stack, { osHeadroomMb: 0 }).state, "PASS");
        assert.strictEqual(outcomeOfServer(compliantStack(), { osHeadroomMb: 1500 }).state, "FAIL");
    });
    it("fails the original design: no memory limit on any container", () => {
        let stack = compliantStack();
        for (const s of SERVICES) stack = replace(stack, container(s, { memory: undefined }));
        const o = outcomeOfServer(stack);
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `server landsraad_tst: the containers cannot be shown to fit its 7.6 GiB: 16 container(s) have no memory limit (${SERVICES.map((s) => `chom-${s}`).join(", ")})`,
        );
    });
    it("fails a server whose usable memory is not a positive number", () => {
        const o = outcomeOfServer(replace(compliantStack(), server({ usableMemoryGib: 0 })));
        assert.strictEqual(
            o.message,
            "server landsraad_tst declares usableMemoryGib 0, which is not a positive number of GiB",
        );
    });
    it("fails once for the stack when containers run but no server is declared (absence is a finding)", () => {
        const out = judgeStack(
            memoryFitsServer,
            compliantStack().filter((r) => r.type !== TYPES.server),
            {},
            TODAY,
        );
        assert.ok(Array.isArray(out));
        assert.deepStrictEqual(
            out.map((o) => o.state),
            ["FAIL"],
        );
        assert.match(
            out[0].message,
            /^the stack declares no chom:host:Server: 16 container\(s\) run \(chom-nginx, chom-app, chom-queue and 13 more\)/,
        );
    });
    it("is not applicable, with the reason, to a stack with neither server nor containers", () => {
        const out = judgeStack(
            memoryFitsServer,
            compliantStack().filter((r) => r.type !== TYPES.server && r.type !== TYPES.container),
            {},
            TODAY,
        );
        assert.deepStrictEqual(out, {
            notApplicable:
                "CHOM-RES-003 judges chom:host:Server; the stack has none, and needs none: the stack runs no container",
        });
    });
    it("throws UnknownValueError when a container's memory is unknown at preview", () => {
        const app = container("app");
        app.props = unknownCheckingProxy({
            ...app.props,
            memory: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeAll(memoryFitsServer, replace(compliantStack(), app)),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
    it("exactly the full memory budget passes; one MB over fails", () => {
        // 6496 MB of limits; 8 GiB usable = 8192 MB, minus 1696 MB headroom = exactly 6496 MB.
        const stack = replace(compliantStack(), server({ usableMemoryGib: 8 }));
        assert.strictEqual(outcomeOfServer(stack, { osHeadroomMb: 1696 }).state, "PASS");
        assert.strictEqual(
            outcomeOfServer(stack, { osHeadroomMb: 1697 }).message,
            "server landsraad_tst: the containers' memory limits sum to 6496 MB (6.34 GiB), above the 6495 MB (6.34 GiB) available: 8 GiB usable (8192 MB) minus 1697 MB OS headroom",
        );
    });
    it("names a server by its resource name without a hostname, and fails a usable memory that is not a positive number", () => {
        const unnamed = server({ hostname: undefined as unknown as string, usableMemoryGib: 0 });
        assert.strictEqual(
            outcomeOfServer(replace(compliantStack(), unnamed)).message,
            "server landsraad_tst declares usableMemoryGib 0, which is not a positive number of GiB",
        );
        const text = server();
        text.props.usableMemoryGib = "8";
        assert.strictEqual(
            outcomeOfServer(replace(compliantStack(), text)).message,
            'server landsraad_tst declares usableMemoryGib "8", which is not a positive number of GiB',
        );
    });
});
