import * as assert from "assert";
import { stackPresent } from "../../../../policies/rules/observability/stack-present";
import { LABELS, TYPES } from "../../../../policies/lib/subjects";
import type { Outcome } from "../../../../policies/lib/judge";
import { compliantStack, container, replace } from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";

type Outcomes = Map<string, Outcome>;
const without = (...services: string[]) =>
    compliantStack().filter((r) => !(r.type === TYPES.container && services.includes(r.name)));

describe("CHOM-OBS-001 observability stack present", () => {
    it("passes the compliant stack, on the Monitoring resource", () => {
        const out = judgeAll(stackPresent, compliantStack());
        assert.deepStrictEqual(namesIn(out, "PASS"), ["landsraad_tst-monitoring"]);
    });
    it("fails missing Grafana and log shipper, naming what is accepted", () => {
        const out = judgeAll(stackPresent, without("grafana", "alloy")) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["landsraad_tst-monitoring"]);
        assert.strictEqual(
            out.get("landsraad_tst-monitoring")!.message,
            "the stack runs no grafana container (service grafana), no log shipper container (service alloy or promtail)",
        );
    });
    it("accepts promtail as the log shipper", () => {
        const promtail = container("alloy", {
            labels: [{ label: LABELS.service, value: "promtail" }],
            image: "grafana/promtail:3.3.0",
        });
        assert.deepStrictEqual(
            namesIn(judgeAll(stackPresent, replace(compliantStack(), promtail)), "FAIL"),
            [],
        );
    });
    it("finds a container without the service label by its image", () => {
        const unlabelled = container("loki", { labels: [] });
        assert.deepStrictEqual(
            namesIn(judgeAll(stackPresent, replace(compliantStack(), unlabelled)), "FAIL"),
            [],
        );
        const byName = container("loki", { labels: [], image: "example/log-store:1.0" });
        assert.deepStrictEqual(
            namesIn(judgeAll(stackPresent, replace(compliantStack(), byName)), "FAIL"),
            [],
            "an unfamiliar image: the name chom-loki says Loki",
        );
        const other = container("loki", {
            labels: [],
            image: "example/log-store:1.0",
            name: "chom-log-store",
        });
        const out = judgeAll(stackPresent, replace(compliantStack(), other)) as Outcomes;
        assert.strictEqual(
            out.get("landsraad_tst-monitoring")!.message,
            "the stack runs no loki container (service loki)",
        );
    });
    it("reports on the server when the stack declares no Monitoring resource", () => {
        const stack = compliantStack().filter(
            (r) =>
                r.type !== TYPES.monitoring &&
                !(r.type === TYPES.container && r.name === "prometheus"),
        );
        const out = judgeAll(stackPresent, stack) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["landsraad_tst"]);
        assert.strictEqual(
            out.get("landsraad_tst")!.message,
            "the stack declares no chom:observability:Monitoring (scrape targets, alert rules, log retention); the stack runs no prometheus container (service prometheus)",
        );
    });
    it("config requiredComponents: requiring alertmanager fails the compliant stack", () => {
        const out = judgeAll(stackPresent, compliantStack(), {
            requiredComponents: { alertmanager: ["alertmanager"] },
        }) as Outcomes;
        assert.strictEqual(
            out.get("landsraad_tst-monitoring")!.message,
            "the stack runs no alertmanager container (service alertmanager)",
        );
    });
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
