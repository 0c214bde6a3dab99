import { judgeStack } from "../../../../policies/lib/judge";
import * as assert from "assert";
import { TYPES } from "../../../../policies/lib/subjects";
import { memoryFitsServer } from "../../../../policies/rules/resources/memory-fits-server";
import { compliantStack, container, replace, SERVICES } from "../../../helpers/fixture-stack";
import { itStackCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeAll, TODAY } from "../../../helpers/rules";

/** The rule's answer on the compliant stack without the resources of the given types. */
const judgedWithout = (...types: string[]) =>
    judgeStack(
        memoryFitsServer,
        compliantStack().filter((r) => !types.includes(r.type)),
        {},
        TODAY,
    );

describe("CHOM-RES-003 memory fits server", () => {
    itStackCases(memoryFitsServer, __filename);
    it("fails the original design: no memory limit on any container", () => {
        let stack = compliantStack();
        for (const s of SERVICES) stack = replace(stack, container(s, { memory: undefined }));
        const all = judgeAll(memoryFitsServer, stack);
        assert.notStrictEqual(all, "NOT_APPLICABLE");
        const o = (all as Exclude<typeof all, "NOT_APPLICABLE">).get("landsraad_tst")!;
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `server landsraad_tst: the containers cannot be shown to fit its 7.6 GiB: 16 container(s) have no memory limit (${SERVICES.map((s) => `chom-${s}`).join(", ")})`,
        );
    });
    it("fails once for the stack when containers run but no server is declared (absence is a finding)", () => {
        const out = judgedWithout(TYPES.server);
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
        assert.deepStrictEqual(judgedWithout(TYPES.server, TYPES.container), {
            notApplicable:
                "CHOM-RES-003 judges chom:host:Server; the stack has none, and needs none: the stack runs no container",
        });
    });
    it("throws UnknownValueError when a container's memory is unknown at preview", () => {
        assertThrowsUnknown(
            (app) => judgeAll(memoryFitsServer, replace(compliantStack(), app)),
            container("app"),
            { memory: UNKNOWN_SENTINEL },
        );
    });
});
