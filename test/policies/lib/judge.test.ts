import * as assert from "assert";
import { EXCEPTED_PREFIX, judgeResource, judgeStack, today } from "../../../policies/lib/judge";
import { notApplicable, ResourceRule, StackRule, Subject, Violation, withDefaults } from "../../../policies/lib/rule";
import { containerLimits } from "../../../policies/rules/resources/container-limits";
import { container, network, urn } from "../../fixtures/stack";
import { judgeOne, TODAY, TOMORROW, validConfig } from "../../helpers/rules";

const A = "test:index:A";
const B = "test:index:B";

const meta = {
    policyName: "test-rule", title: "t", category: "Security" as const, severity: "low" as const,
    framework: { name: "f", version: "1", reference: "r" }, description: "d", remediation: "r", enforcementLevel: "advisory" as const,
    enforcementRationale: "Advisory: a test rule.",
};

/** A resource rule on A and B whose findings are the subject's `findings` prop (or N/A when `na` is set). */
const resourceRule: ResourceRule<{ limit: number }> = {
    ...meta, id: "TEST-001", appliesTo: [A, B], scope: "resource",
    config: { limit: { type: "number", default: 3, description: "a limit" } },
    check(subject, config) {
        if (typeof subject.props.na === "string") return notApplicable(subject.props.na);
        return ((subject.props.findings as string[]) ?? []).map((message) => ({ message: `${message} (limit ${config.limit})` }));
    },
};

const subject = (name: string, props: Record<string, unknown> = {}, type = A): Subject => ({ type, name, urn: urn(type, name), props });
const labelled = (value: unknown, ruleId = "TEST-001") => subject("r1", { findings: ["bad"], labels: [{ label: `chom.exception.${ruleId}`, value }] });

/** A stack rule on A that reports whatever violations it is built with. */
const stackRule = (found: Violation[] | { notApplicable: string }): StackRule => ({
    ...meta, id: "TEST-002", appliesTo: [A, B], scope: "stack", config: {}, check: () => found,
});

describe("lib/judge", () => {
    describe("judgeResource", () => {
        it("passes a subject without findings, with an empty message", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, subject("r1"), {}, TODAY), { state: "PASS", urn: urn(A, "r1"), message: "" });
        });
        it("is not applicable to a type outside appliesTo, listing the types", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, subject("n", {}, "test:index:C"), {}, TODAY), {
                state: "NOT_APPLICABLE", urn: urn("test:index:C", "n"), message: `applies only to ${A}, ${B}`,
            });
        });
        it("passes the check's own not-applicable reason through", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, subject("r1", { na: "nothing to judge" }), {}, TODAY), {
                state: "NOT_APPLICABLE", urn: urn(A, "r1"), message: "nothing to judge",
            });
        });
        it("joins several findings with '; ' and hands the check its config with defaults filled in", () => {
            const o = judgeResource(resourceRule, subject("r1", { findings: ["one", "two"] }), {}, TODAY);
            assert.deepStrictEqual(o, { state: "FAIL", urn: urn(A, "r1"), message: "one (limit 3); two (limit 3)" });
            assert.strictEqual(judgeResource(resourceRule, subject("r1", { findings: ["one"] }), { limit: 7 }, TODAY).message, "one (limit 7)");
        });
    });

    describe("exceptions from policy config", () => {
        const failing = subject("r1", { findings: ["bad"] });
        const exceptions = (resource: string, expires: string) => validConfig(resourceRule, { exceptions: [{ resource, reason: "migration", expires }] });
        it("excepts a finding on the resource named by name", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, failing, exceptions("r1", "2027-01-01"), TODAY), {
                state: "EXCEPTED", urn: urn(A, "r1"), message: "EXCEPTED until 2027-01-01 (migration): bad (limit 3)",
                exception: { resource: "r1", reason: "migration", expires: "2027-01-01", expired: false },
            });
        });
        it("excepts a finding on the resource named by URN", () => {
            const o = judgeResource(resourceRule, failing, exceptions(urn(A, "r1"), "2027-01-01"), TODAY);
            assert.strictEqual(o.state, "EXCEPTED");
            assert.strictEqual(o.message, "EXCEPTED until 2027-01-01 (migration): bad (limit 3)");
            assert.strictEqual(o.exception?.resource, urn(A, "r1"));
        });
        it("ignores an exception for another resource", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, failing, exceptions("r2", "2027-01-01"), TODAY), { state: "FAIL", urn: urn(A, "r1"), message: "bad (limit 3)" });
            assert.strictEqual(judgeResource(resourceRule, failing, exceptions(urn(A, "r2"), "2027-01-01"), TODAY).state, "FAIL");
        });
        it("an exception expiring today has expired; one expiring tomorrow still excepts", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, failing, exceptions("r1", TODAY), TODAY), {
                state: "FAIL", urn: urn(A, "r1"), message: `exception expired on ${TODAY} (migration): bad (limit 3)`,
                exception: { resource: "r1", reason: "migration", expires: TODAY, expired: true },
            });
            assert.deepStrictEqual(judgeResource(resourceRule, failing, exceptions("r1", TOMORROW), TODAY), {
                state: "EXCEPTED", urn: urn(A, "r1"), message: `${EXCEPTED_PREFIX} ${TOMORROW} (migration): bad (limit 3)`,
                exception: { resource: "r1", reason: "migration", expires: TOMORROW, expired: false },
            });
        });
        it("a passing subject stays PASS whatever exception it has", () => {
            assert.strictEqual(judgeResource(resourceRule, subject("r1"), exceptions("r1", "2027-01-01"), TODAY).state, "PASS");
        });
        it("a config exception wins over an exception label", () => {
            const both = subject("r1", { findings: ["bad"], labels: [{ label: "chom.exception.TEST-001", value: "2099-01-01 from the label" }] });
            assert.strictEqual(judgeResource(resourceRule, both, exceptions("r1", "2027-01-01"), TODAY).message, "EXCEPTED until 2027-01-01 (migration): bad (limit 3)");
        });
        it("a real rule (RES-001) honours a valid config exception by name and by URN", () => {
            const c = container("backup", { memory: undefined });
            const config = (resource: string) => validConfig(containerLimits, { exceptions: [{ resource, reason: "sized after load test", expires: TOMORROW }] });
            assert.strictEqual(judgeOne(containerLimits, c, config("backup")).message, `EXCEPTED until ${TOMORROW} (sized after load test): container chom-backup has no memory limit (\`memory\`)`);
            assert.strictEqual(judgeOne(containerLimits, c, config(c.urn)).state, "EXCEPTED");
            assert.strictEqual(judgeOne(containerLimits, c, config("chom-backup")).state, "FAIL");
        });
        it("the config schema rejects an exception without a reason or with a malformed date", () => {
            assert.throws(() => validConfig(resourceRule, { exceptions: [{ resource: "r1", expires: "2027-01-01" }] }), /invalid config for TEST-001/);
            assert.throws(() => validConfig(resourceRule, { exceptions: [{ resource: "r1", reason: "x", expires: "1 Jan 2027" }] }), /invalid config for TEST-001/);
        });
    });

    describe("exception labels", () => {
        it("excepts until the label's date, with its reason", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, labelled("2027-01-01 vendor image"), {}, TODAY), {
                state: "EXCEPTED", urn: urn(A, "r1"), message: "EXCEPTED until 2027-01-01 (vendor image): bad (limit 3)",
                exception: { resource: "r1", reason: "vendor image", expires: "2027-01-01", expired: false },
            });
        });
        it("trims the value and accepts several spaces before the reason", () => {
            assert.strictEqual(judgeResource(resourceRule, labelled("  2027-01-01   vendor image  "), {}, TODAY).message, "EXCEPTED until 2027-01-01 (vendor image): bad (limit 3)");
        });
        it("a label expiring today has expired", () => {
            assert.strictEqual(judgeResource(resourceRule, labelled(`${TODAY} vendor image`), {}, TODAY).message, `exception expired on ${TODAY} (vendor image): bad (limit 3)`);
        });
        it("a malformed label never excuses: it fails, quoting the label", () => {
            for (const value of ["next year", "2027-01-01", "2027-01-01vendor", "x2027-01-01 vendor", "27-01-01 vendor", "2027-1-01 vendor"]) {
                assert.deepStrictEqual(judgeResource(resourceRule, labelled(value), {}, TODAY), {
                    state: "FAIL", urn: urn(A, "r1"), message: `exception expired on 0000-00-00 (malformed exception label "${value}"): bad (limit 3)`,
                    exception: { resource: "r1", reason: `malformed exception label "${value}"`, expires: "0000-00-00", expired: true },
                }, value);
            }
        });
        it("ignores a label for another rule, a non-string value and labels that are not a list", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, labelled("2027-01-01 x", "TEST-002"), {}, TODAY), { state: "FAIL", urn: urn(A, "r1"), message: "bad (limit 3)" });
            assert.deepStrictEqual(judgeResource(resourceRule, labelled(20270101), {}, TODAY), { state: "FAIL", urn: urn(A, "r1"), message: "bad (limit 3)" });
            const notAList = subject("r1", { findings: ["bad"], labels: { "chom.exception.TEST-001": "2027-01-01 x" } });
            assert.strictEqual(judgeResource(resourceRule, notAList, {}, TODAY).state, "FAIL");
        });
    });

    describe("judgeStack", () => {
        const a1 = subject("a1");
        const b1 = subject("b1", {}, B);
        const c1 = subject("c1", {}, "test:index:C");
        it("gives every subject of the appliesTo types an outcome, and one to each other resource a violation names", () => {
            const out = judgeStack(stackRule([{ urn: a1.urn, message: "x" }, { urn: a1.urn, message: "y" }, { urn: c1.urn, message: "z" }]), [a1, b1, c1], {}, TODAY);
            assert.deepStrictEqual(out, [
                { state: "FAIL", urn: a1.urn, message: "x; y" },
                { state: "PASS", urn: b1.urn, message: "" },
                { state: "FAIL", urn: c1.urn, message: "z" },
            ]);
        });
        it("applies config exceptions per subject", () => {
            const config = validConfig(stackRule([]), { exceptions: [{ resource: "c1", reason: "later", expires: TOMORROW }] });
            const out = judgeStack(stackRule([{ urn: c1.urn, message: "z" }]), [a1, c1], config, TODAY);
            assert.deepStrictEqual(Array.isArray(out) && out.map((o) => o.message), ["", `EXCEPTED until ${TOMORROW} (later): z`]);
        });
        it("is not applicable when the stack has no subject, naming the types", () => {
            assert.deepStrictEqual(judgeStack(stackRule([]), [c1], {}, TODAY), { notApplicable: `TEST-002 judges ${A} or ${B}; the stack has none, and needs none: the stack has no ${A}; the stack has no ${B}` });
        });
        it("passes the check's own not-applicable reason through", () => {
            assert.deepStrictEqual(judgeStack(stackRule({ notApplicable: "no plan" }), [a1], {}, TODAY), { notApplicable: "no plan" });
        });
        it("throws on a violation without a URN, naming the rule", () => {
            assert.throws(() => judgeStack(stackRule([{ message: "lost" }]), [a1], {}, TODAY), {
                message: "rule TEST-002 reported a stack violation without a resource URN: lost",
            });
        });
    });

    describe("today and defaults", () => {
        it("today() is the UTC date as YYYY-MM-DD", () => {
            const before = new Date().toISOString().slice(0, 10);
            const t = today();
            assert.match(t, /^\d{4}-\d{2}-\d{2}$/);
            assert.ok(t === before || t === new Date().toISOString().slice(0, 10));
        });
        it("withDefaults fills defaults, keeps configured values, drops enforcementLevel and undefined values", () => {
            assert.deepStrictEqual(withDefaults(resourceRule, {}), { limit: 3, exceptions: [] });
            assert.deepStrictEqual(withDefaults(resourceRule, { limit: 5, enforcementLevel: "mandatory" }), { limit: 5, exceptions: [] });
            assert.deepStrictEqual(withDefaults(resourceRule, { limit: undefined, other: 1 }), { limit: 3, exceptions: [], other: 1 });
            // Asked twice, the defaults are the same (computed once and not shared with the result).
            const first = withDefaults(resourceRule, { limit: 9 });
            assert.deepStrictEqual(withDefaults(resourceRule, {}), { limit: 3, exceptions: [] });
            assert.strictEqual(first.limit, 9);
        });
        it("a network is not judged by a container rule", () => {
            assert.strictEqual(judgeOne(containerLimits, network("chom-edge", false)).message, "applies only to docker:index/container:Container");
        });
    });
});
