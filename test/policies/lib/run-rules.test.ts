import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { runRules } from "../../../policies/lib/run-rules";
import {
    notApplicable,
    ResourceRule,
    StackRule,
    Subject,
    Violation,
} from "../../../policies/lib/rule";
import { TYPES } from "../../../policies/lib/subjects";
import { TEST_RULE_META, TODAY, TOMORROW } from "../../helpers/rules";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const A = "test:index:A";

const meta = { ...TEST_RULE_META, severity: "high" as const, config: {} };

/**
 * Findings from the subject's `findings`; reads `value` (unknown at preview when proxied); `boom`
 * makes the check itself fail.
 */
const resourceRule = (appliesTo: string[] = [A]): ResourceRule => ({
    ...meta,
    id: "TEST-020",
    policyName: "test-resource",
    appliesTo,
    scope: "resource",
    check(subject) {
        if (subject.props.boom) throw new Error("boom");
        void subject.props.value;
        return ((subject.props.findings as string[]) ?? []).map((message) => ({ message }));
    },
});
const stackRule = (
    check: (resources: Subject[]) => Violation[] | { notApplicable: string },
    appliesTo: string[] = [A],
): StackRule => ({
    ...meta,
    id: "TEST-021",
    policyName: "test-stack",
    appliesTo,
    scope: "stack",
    check,
});

const subject = (name: string, props: Record<string, unknown> = {}, type = A): Subject => ({
    type,
    name,
    urn: `urn:${name}`,
    props,
});
const stack: Subject = { type: TYPES.stack, name: "chom-tst", urn: "urn:stack", props: {} };
const ref = (s: Subject) => ({ urn: s.urn, type: s.type, name: s.name });
const STAND_IN = { urn: "", type: TYPES.stack, name: "stack" };
const base = (r: { id: string; policyName: string }, enforcementLevel = "advisory") => ({
    ruleId: r.id,
    policyName: r.policyName,
    category: "Security",
    severity: "high",
    enforcementLevel,
});
/** The result of an exception in force until TOMORROW, for `resource`, over `finding`. */
const excepted = (
    r: { id: string; policyName: string },
    s: Subject,
    exception: { resource: string; reason: string },
    finding: string,
) => ({
    ...base(r),
    subject: ref(s),
    state: "EXCEPTED",
    message: `EXCEPTED until ${TOMORROW} (${exception.reason}): ${finding}`,
    exception: { ...exception, expires: TOMORROW, expired: false },
});

describe("lib/run-rules: every rule in-process", () => {
    describe("enforcement", () => {
        const a1 = subject("a1");
        const levels = (config: Record<string, Record<string, unknown>>) =>
            runRules([resourceRule()], [a1], config, TODAY).map((r) => r.enforcementLevel);
        it("the policy's own level, then the pack's `all`, then the rule's default", () => {
            assert.deepStrictEqual(levels({}), ["advisory"]);
            assert.deepStrictEqual(levels({ all: { enforcementLevel: "mandatory" } }), [
                "mandatory",
            ]);
            assert.deepStrictEqual(
                levels({
                    all: { enforcementLevel: "mandatory" },
                    "test-resource": { enforcementLevel: "advisory" },
                }),
                ["advisory"],
            );
            assert.deepStrictEqual(
                levels({
                    all: { enforcementLevel: "disabled" },
                    "test-resource": { enforcementLevel: "mandatory" },
                }),
                ["mandatory"],
            );
        });
        it("a disabled rule gives no result at all", () => {
            assert.deepStrictEqual(
                levels({ "test-resource": { enforcementLevel: "disabled" } }),
                [],
            );
            assert.deepStrictEqual(levels({ all: { enforcementLevel: "disabled" } }), []);
        });
    });

    describe("resource rules", () => {
        it("one result per subject of its types, with the rule's fields", () => {
            const rule = resourceRule();
            const a1 = subject("a1");
            const a2 = subject("a2", { findings: ["one", "two"] });
            assert.deepStrictEqual(
                runRules([rule], [stack, a1, subject("c1", {}, "test:index:C"), a2], {}, TODAY),
                [
                    { ...base(rule), subject: ref(a1), state: "PASS", message: "" },
                    { ...base(rule), subject: ref(a2), state: "FAIL", message: "one; two" },
                ],
            );
        });
        it("carries an exception", () => {
            const rule = resourceRule();
            const a2 = subject("a2", { findings: ["bad"] });
            const config = {
                "test-resource": {
                    exceptions: [{ resource: "a2", reason: "later", expires: TOMORROW }],
                },
            };
            assert.deepStrictEqual(runRules([rule], [a2], config, TODAY), [
                excepted(rule, a2, { resource: "a2", reason: "later" }, "bad"),
            ]);
        });
        it("answers once at the stack for a missing subject: NOT_APPLICABLE, or FAIL (with its exception) when needed", () => {
            const na = resourceRule();
            assert.deepStrictEqual(runRules([na], [subject("c1", {}, "test:index:C")], {}, TODAY), [
                {
                    ...base(na),
                    subject: STAND_IN,
                    state: "NOT_APPLICABLE",
                    message: `TEST-020 judges ${A}; the stack has none, and needs none: the stack has no ${A}`,
                },
            ]);
            const needsHost = resourceRule([TYPES.server]);
            const web = subject("web", { name: "web" }, TYPES.container);
            const why = `the stack declares no ${TYPES.server}: 1 container(s) run (web), so the host they run on must be declared with its specs`;
            assert.deepStrictEqual(runRules([needsHost], [stack, web], {}, TODAY), [
                { ...base(needsHost), subject: ref(stack), state: "FAIL", message: why },
            ]);
            const config = {
                "test-resource": {
                    exceptions: [
                        { resource: "chom-tst", reason: "declared next sprint", expires: TOMORROW },
                    ],
                },
            };
            assert.deepStrictEqual(runRules([needsHost], [stack, web], config, TODAY), [
                excepted(
                    needsHost,
                    stack,
                    { resource: "chom-tst", reason: "declared next sprint" },
                    why,
                ),
            ]);
        });
        it("a value unknown at preview makes that subject UNKNOWN; any other error is the pack's", () => {
            const rule = resourceRule();
            const a1 = subject("a1", unknownCheckingProxy({ value: UNKNOWN }));
            const a2 = subject("a2", { findings: ["bad"] });
            assert.deepStrictEqual(runRules([rule], [a1, a2], {}, TODAY), [
                {
                    ...base(rule),
                    subject: ref(a1),
                    state: "UNKNOWN",
                    message:
                        "unknown during preview: string value at .value can't be known during preview",
                },
                { ...base(rule), subject: ref(a2), state: "FAIL", message: "bad" },
            ]);
            // A crash names the rule and the resource (under a real preview this runs inside the
            // attestation policy).
            assert.throws(() => runRules([rule], [subject("a3", { boom: true })], {}, TODAY), {
                message: "rule TEST-020 on urn:a3: boom",
            });
        });
    });

    describe("stack rules", () => {
        const a1 = subject("a1");
        const a2 = subject("a2");
        it("one result per subject, a violation's subject named by its URN", () => {
            const rule = stackRule(() => [{ urn: "urn:a2", message: "bad" }]);
            assert.deepStrictEqual(runRules([rule], [stack, a1, a2], {}, TODAY), [
                { ...base(rule), subject: ref(a1), state: "PASS", message: "" },
                { ...base(rule), subject: ref(a2), state: "FAIL", message: "bad" },
            ]);
        });
        it("carries an exception", () => {
            const rule = stackRule(() => [{ urn: "urn:a2", message: "bad" }]);
            const config = {
                "test-stack": {
                    exceptions: [{ resource: "urn:a2", reason: "later", expires: TOMORROW }],
                },
            };
            const out = runRules([rule], [a1, a2], config, TODAY);
            assert.deepStrictEqual(
                out[1],
                excepted(rule, a2, { resource: "urn:a2", reason: "later" }, "bad"),
            );
        });
        it("the rule's own not-applicable reason: once per subject", () => {
            const rule = stackRule(() => notApplicable("no plan"));
            assert.deepStrictEqual(runRules([rule], [stack, a1, a2], {}, TODAY), [
                { ...base(rule), subject: ref(a1), state: "NOT_APPLICABLE", message: "no plan" },
                { ...base(rule), subject: ref(a2), state: "NOT_APPLICABLE", message: "no plan" },
            ]);
        });
        it("no subject and none needed: once, at the stack", () => {
            const rule = stackRule(() => []);
            assert.deepStrictEqual(runRules([rule], [stack], {}, TODAY), [
                {
                    ...base(rule),
                    subject: ref(stack),
                    state: "NOT_APPLICABLE",
                    message: `TEST-021 judges ${A}; the stack has none, and needs none: the stack has no ${A}`,
                },
            ]);
        });
        it("a needed subject missing: a FAIL at the stack (the stand-in when the list has no stack resource)", () => {
            const rule = stackRule(() => [], [A, TYPES.server]);
            const web = subject("web", { name: "web" }, TYPES.container);
            assert.deepStrictEqual(runRules([rule], [a1, web], {}, TODAY), [
                { ...base(rule), subject: ref(a1), state: "PASS", message: "" },
                {
                    ...base(rule),
                    subject: STAND_IN,
                    state: "FAIL",
                    message: `the stack declares no ${TYPES.server}: 1 container(s) run (web), so the host they run on must be declared with its specs`,
                },
            ]);
        });
        it("a value unknown at preview makes the stack's one result UNKNOWN, where the engine reports it; any other error is the pack's", () => {
            const unknown = unknownCheckingProxy({ value: UNKNOWN });
            const rule = stackRule(() => [{ urn: "urn:a1", message: String(unknown.value) }]);
            assert.deepStrictEqual(runRules([rule], [stack, a1, a2], {}, TODAY), [
                {
                    ...base(rule),
                    subject: ref(stack),
                    state: "UNKNOWN",
                    message:
                        "unknown during preview: string value at .value can't be known during preview",
                },
            ]);
            assert.throws(
                () =>
                    runRules(
                        [
                            stackRule(() => {
                                throw new Error("boom");
                            }),
                        ],
                        [a1],
                        {},
                        TODAY,
                    ),
                { message: "rule TEST-021 on the stack: boom" },
            );
        });
    });
});
