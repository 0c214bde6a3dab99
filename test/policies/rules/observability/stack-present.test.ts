import * as assert from "assert";
import { stackPresent } from "../../../../policies/rules/observability/stack-present";
import { TYPES } from "../../../../policies/lib/subjects";
import type { Outcome } from "../../../../policies/lib/judge";
import { compliantStack } from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";
import { itStackCases } from "../../../helpers/rule-cases";

type Outcomes = Map<string, Outcome>;

describe("CHOM-OBS-001 observability stack present", () => {
    itStackCases(stackPresent, __filename);
    it("without Monitoring or server, reports on the Pulumi stack resource, else on the first resource", () => {
        const stackResource = {
            type: TYPES.stack,
            name: "chom-landsraad_tst",
            urn: "urn:pulumi:landsraad_tst::chom::pulumi:pulumi:Stack::chom-landsraad_tst",
            props: {},
        };
        const containers = compliantStack().filter((r) => r.type === TYPES.container);
        const onStack = judgeAll(stackPresent, [...containers, stackResource]) as Outcomes;
        assert.deepStrictEqual(namesIn(onStack, "FAIL"), ["chom-landsraad_tst"]);
        assert.strictEqual(
            onStack.get("chom-landsraad_tst")!.message,
            "the stack declares no chom:observability:Monitoring (scrape targets, alert rules, log retention)",
        );
        const onFirst = judgeAll(stackPresent, containers) as Outcomes;
        // ...plus the stack-level answer: Prometheus runs, so a Monitoring declaration is needed.
        assert.deepStrictEqual(namesIn(onFirst, "FAIL"), [containers[0]!.name, "stack"]);
    });
    it("is not applicable to an empty stack", () => {
        assert.deepStrictEqual(stackPresent.check([], { requiredComponents: {} }), {
            notApplicable: "the stack has no resources",
        });
    });
});
