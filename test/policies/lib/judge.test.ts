import * as assert from "assert";
import {
    EXCEPTED_PREFIX,
    judgeAbsence,
    judgeResource,
    judgeStack,
    rootOf,
    today,
} from "../../../policies/lib/judge";
import { ImageIndex } from "../../../policies/lib/service-identity";
import { TYPES } from "../../../policies/lib/subjects";
import {
    notApplicable,
    ResourceRule,
    StackRule,
    Subject,
    Violation,
    withDefaults,
} from "../../../policies/lib/rule";
import { containerLimits } from "../../../policies/rules/resources/container-limits";
import { container, network, urn } from "../../helpers/fixture-stack";
import { judgeOne, TEST_RULE_META, TODAY, TOMORROW, validConfig } from "../../helpers/rules";

const A = "test:index:A";
const B = "test:index:B";

const meta = { ...TEST_RULE_META, policyName: "test-rule", severity: "low" as const };

/**
 * A resource rule on A and B whose findings are the subject's `findings` prop (or N/A when `na` is
 * set).
 */
const resourceRule: ResourceRule<{ limit: number }> = {
    ...meta,
    id: "TEST-001",
    appliesTo: [A, B],
    scope: "resource",
    config: { limit: { type: "number", default: 3, description: "a limit" } },
    check(subject, config) {
        if (typeof subject.props.na === "string") return notApplicable(subject.props.na);
        return ((subject.props.findings as string[]) ?? []).map((message) => ({
            message: `${message} (limit ${config.limit})`,
        }));
    },
};

const subject = (name: string, props: Record<string, unknown> = {}, type = A): Subject => ({
    type,
    name,
    urn: urn(type, name),
    props,
});
const labelled = (value: unknown, ruleId = "TEST-001") =>
    subject("r1", { findings: ["bad"], labels: [{ label: `chom.exception.${ruleId}`, value }] });
/** The `exception` of an outcome on r1 when the exception names r1 by name. */
const r1Exception = (reason: string, expires: string, expired: boolean) => ({
    resource: "r1",
    reason,
    expires,
    expired,
});

/** A stack rule on A that reports whatever violations it is built with. */
const stackRule = (found: Violation[] | { notApplicable: string }): StackRule => ({
    ...meta,
    id: "TEST-002",
    appliesTo: [A, B],
    scope: "stack",
    config: {},
    check: () => found,
});

describe("lib/judge", () => {
    describe("judgeResource", () => {
        it("passes a subject without findings, with an empty message", () => {
            assert.deepStrictEqual(judgeResource(resourceRule, subject("r1"), {}, TODAY), {
                state: "PASS",
                urn: urn(A, "r1"),
                message: "",
            });
        });
        it("is not applicable to a type outside appliesTo, listing the types", () => {
            assert.deepStrictEqual(
                judgeResource(resourceRule, subject("n", {}, "test:index:C"), {}, TODAY),
                {
                    state: "NOT_APPLICABLE",
                    urn: urn("test:index:C", "n"),
                    message: `applies only to ${A}, ${B}`,
                },
            );
        });
        it("passes the check's own not-applicable reason through", () => {
            assert.deepStrictEqual(
                judgeResource(resourceRule, subject("r1", { na: "nothing to judge" }), {}, TODAY),
                {
                    state: "NOT_APPLICABLE",
                    urn: urn(A, "r1"),
                    message: "nothing to judge",
                },
            );
        });
        it("joins several findings with '; ' and hands the check its config with defaults filled in", () => {
            const o = judgeResource(
                resourceRule,
                subject("r1", { findings: ["one", "two"] }),
                {},
                TODAY,
            );
            assert.deepStrictEqual(o, {
                state: "FAIL",
                urn: urn(A, "r1"),
                message: "one (limit 3); two (limit 3)",
            });
            assert.strictEqual(
                judgeResource(
                    resourceRule,
                    subject("r1", { findings: ["one"] }),
                    { limit: 7 },
                    TODAY,
                ).message,
                "one (limit 7)",
            );
        });
    });

    describe("exceptions from policy config", () => {
        const failing = subject("r1", { findings: ["bad"] });
        const exceptions = (resource: string, expires: string) =>
            validConfig(resourceRule, { exceptions: [{ resource, reason: "migration", expires }] });
        it("excepts a finding on the resource named by name", () => {
            assert.deepStrictEqual(
                judgeResource(resourceRule, failing, exceptions("r1", "2027-01-01"), TODAY),
                {
                    state: "EXCEPTED",
                    urn: urn(A, "r1"),
                    message: "EXCEPTED until 2027-01-01 (migration): bad (limit 3)",
                    exception: r1Exception("migration", "2027-01-01", false),
                },
            );
        });
        it("excepts a finding on the resource named by URN", () => {
            const o = judgeResource(
                resourceRule,
                failing,
                exceptions(urn(A, "r1"), "2027-01-01"),
                TODAY,
            );
            assert.strictEqual(o.state, "EXCEPTED");
            assert.strictEqual(o.message, "EXCEPTED until 2027-01-01 (migration): bad (limit 3)");
            assert.strictEqual(o.exception?.resource, urn(A, "r1"));
        });
        it("ignores an exception for another resource", () => {
            assert.deepStrictEqual(
                judgeResource(resourceRule, failing, exceptions("r2", "2027-01-01"), TODAY),
                { state: "FAIL", urn: urn(A, "r1"), message: "bad (limit 3)" },
            );
            assert.strictEqual(
                judgeResource(resourceRule, failing, exceptions(urn(A, "r2"), "2027-01-01"), TODAY)
                    .state,
                "FAIL",
            );
        });
        it("an exception expiring today has expired; one expiring tomorrow still excepts", () => {
            assert.deepStrictEqual(
                judgeResource(resourceRule, failing, exceptions("r1", TODAY), TODAY),
                {
                    state: "FAIL",
                    urn: urn(A, "r1"),
                    message: `exception expired on ${TODAY} (migration): bad (limit 3)`,
                    exception: r1Exception("migration", TODAY, true),
                },
            );
            assert.deepStrictEqual(
                judgeResource(resourceRule, failing, exceptions("r1", TOMORROW), TODAY),
                {
                    state: "EXCEPTED",
                    urn: urn(A, "r1"),
                    message: `${EXCEPTED_PREFIX} ${TOMORROW} (migration): bad (limit 3)`,
                    exception: r1Exception("migration", TOMORROW, false),
                },
            );
        });
        it("a passing subject stays PASS whatever exception it has", () => {
            assert.strictEqual(
                judgeResource(resourceRule, subject("r1"), exceptions("r1", "2027-01-01"), TODAY)
                    .state,
                "PASS",
            );
        });
        it("a config exception wins over an exception label", () => {
            const both = subject("r1", {
                findings: ["bad"],
                labels: [{ label: "chom.exception.TEST-001", value: "2099-01-01 from the label" }],
            });
            assert.strictEqual(
                judgeResource(resourceRule, both, exceptions("r1", "2027-01-01"), TODAY).message,
                "EXCEPTED until 2027-01-01 (migration): bad (limit 3)",
            );
        });
        it("a real rule (RES-001) honours a valid config exception by name and by URN", () => {
            const c = container("backup", { memory: undefined });
            const config = (resource: string) =>
                validConfig(containerLimits, {
                    exceptions: [{ resource, reason: "sized after load test", expires: TOMORROW }],
                });
            assert.strictEqual(
                judgeOne(containerLimits, c, config("backup")).message,
                `EXCEPTED until ${TOMORROW} (sized after load test): container chom-backup has no memory limit (\`memory\`)`,
            );
            assert.strictEqual(judgeOne(containerLimits, c, config(c.urn)).state, "EXCEPTED");
            assert.strictEqual(judgeOne(containerLimits, c, config("chom-backup")).state, "FAIL");
        });
        it("the config schema rejects an exception without a reason or with a malformed date", () => {
            assert.throws(
                () =>
                    validConfig(resourceRule, {
                        exceptions: [{ resource: "r1", expires: "2027-01-01" }],
                    }),
                /invalid config for TEST-001/,
            );
            assert.throws(
                () =>
                    validConfig(resourceRule, {
                        exceptions: [{ resource: "r1", reason: "x", expires: "1 Jan 2027" }],
                    }),
                /invalid config for TEST-001/,
            );
        });
    });

    describe("exception labels", () => {
        it("excepts until the label's date, with its reason", () => {
            assert.deepStrictEqual(
                judgeResource(resourceRule, labelled("2027-01-01 vendor image"), {}, TODAY),
                {
                    state: "EXCEPTED",
                    urn: urn(A, "r1"),
                    message: "EXCEPTED until 2027-01-01 (vendor image): bad (limit 3)",
                    exception: r1Exception("vendor image", "2027-01-01", false),
                },
            );
        });
        it("trims the value and accepts several spaces before the reason", () => {
            assert.strictEqual(
                judgeResource(resourceRule, labelled("  2027-01-01   vendor image  "), {}, TODAY)
                    .message,
                "EXCEPTED until 2027-01-01 (vendor image): bad (limit 3)",
            );
        });
        it("a label expiring today has expired", () => {
            assert.strictEqual(
                judgeResource(resourceRule, labelled(`${TODAY} vendor image`), {}, TODAY).message,
                `exception expired on ${TODAY} (vendor image): bad (limit 3)`,
            );
        });
        it("a malformed label never excuses: it fails, quoting the label", () => {
            for (const value of [
                "next year",
                "2027-01-01",
                "2027-01-01vendor",
                "x2027-01-01 vendor",
                "27-01-01 vendor",
                "2027-1-01 vendor",
            ]) {
                assert.deepStrictEqual(
                    judgeResource(resourceRule, labelled(value), {}, TODAY),
                    {
                        state: "FAIL",
                        urn: urn(A, "r1"),
                        message: `exception expired on 0000-00-00 (malformed exception label "${value}"): bad (limit 3)`,
                        exception: r1Exception(
                            `malformed exception label "${value}"`,
                            "0000-00-00",
                            true,
                        ),
                    },
                    value,
                );
            }
        });
        it("ignores a label for another rule, a non-string value and labels that are not a list", () => {
            assert.deepStrictEqual(
                judgeResource(resourceRule, labelled("2027-01-01 x", "TEST-002"), {}, TODAY),
                { state: "FAIL", urn: urn(A, "r1"), message: "bad (limit 3)" },
            );
            assert.deepStrictEqual(judgeResource(resourceRule, labelled(20270101), {}, TODAY), {
                state: "FAIL",
                urn: urn(A, "r1"),
                message: "bad (limit 3)",
            });
            const notAList = subject("r1", {
                findings: ["bad"],
                labels: { "chom.exception.TEST-001": "2027-01-01 x" },
            });
            assert.strictEqual(judgeResource(resourceRule, notAList, {}, TODAY).state, "FAIL");
        });
    });

    describe("judgeStack", () => {
        const a1 = subject("a1");
        const b1 = subject("b1", {}, B);
        const c1 = subject("c1", {}, "test:index:C");
        it("gives every subject of the appliesTo types an outcome, and one to each other resource a violation names", () => {
            const out = judgeStack(
                stackRule([
                    { urn: a1.urn, message: "x" },
                    { urn: a1.urn, message: "y" },
                    { urn: c1.urn, message: "z" },
                ]),
                [a1, b1, c1],
                {},
                TODAY,
            );
            assert.deepStrictEqual(out, [
                { state: "FAIL", urn: a1.urn, message: "x; y" },
                { state: "PASS", urn: b1.urn, message: "" },
                { state: "FAIL", urn: c1.urn, message: "z" },
            ]);
        });
        it("applies config exceptions per subject", () => {
            const config = validConfig(stackRule([]), {
                exceptions: [{ resource: "c1", reason: "later", expires: TOMORROW }],
            });
            const out = judgeStack(
                stackRule([{ urn: c1.urn, message: "z" }]),
                [a1, c1],
                config,
                TODAY,
            );
            assert.deepStrictEqual(Array.isArray(out) && out.map((o) => o.message), [
                "",
                `EXCEPTED until ${TOMORROW} (later): z`,
            ]);
        });
        it("is not applicable when the stack has no subject, naming the types", () => {
            assert.deepStrictEqual(judgeStack(stackRule([]), [c1], {}, TODAY), {
                notApplicable: `TEST-002 judges ${A} or ${B}; the stack has none, and needs none: the stack has no ${A}; the stack has no ${B}`,
            });
        });
        it("passes the check's own not-applicable reason through", () => {
            assert.deepStrictEqual(
                judgeStack(stackRule({ notApplicable: "no plan" }), [a1], {}, TODAY),
                { notApplicable: "no plan" },
            );
        });
        it("throws on a violation without a URN, naming the rule", () => {
            assert.throws(() => judgeStack(stackRule([{ message: "lost" }]), [a1], {}, TODAY), {
                message: "rule TEST-002 reported a stack violation without a resource URN: lost",
            });
        });
    });

    describe("what a check may return", () => {
        /** A resource rule returning whatever it is given, as a rule with a bug would. */
        const returning = (value: unknown): ResourceRule => ({
            ...meta,
            id: "TEST-003",
            appliesTo: [A],
            scope: "resource",
            config: {},
            check: () => value as Violation[],
        });
        const judged = (value: unknown) =>
            judgeResource(returning(value), subject("r1"), {}, TODAY);
        it("throws on a finding that is not an object with a non-empty message, naming the rule and the index", () => {
            const cases: [unknown[], number, string][] = [
                [[null], 0, "null"],
                [["text"], 0, '"text"'],
                [[{ message: "ok" }, { message: "" }], 1, '{"message":""}'],
                [[{ message: 5 }], 0, '{"message":5}'],
                [[{}], 0, "{}"],
                [[Object.assign(() => undefined, { message: "a function" })], 0, "undefined"],
            ];
            for (const [found, i, shown] of cases) {
                assert.throws(
                    () => judged(found),
                    {
                        message: `rule TEST-003 returned an invalid finding at [${i}] (${shown}): a finding needs a non-empty message`,
                    },
                    shown,
                );
            }
            assert.deepStrictEqual(judged([{ message: "ok" }]), {
                state: "FAIL",
                urn: urn(A, "r1"),
                message: "ok",
            });
        });
        it("throws on anything but a list or notApplicable(reason), naming what it got", () => {
            const tail = "a rule must return a list of findings or notApplicable(reason)";
            const cases: [unknown, string][] = [
                [null, "null (null)"],
                [undefined, "undefined (undefined)"],
                [42, "number (42)"],
                ["fine", 'string ("fine")'],
                [{}, "object ({})"],
                [{ notApplicable: "" }, 'object ({"notApplicable":""})'],
                [{ notApplicable: 7 }, 'object ({"notApplicable":7})'],
            ];
            for (const [found, shown] of cases)
                assert.throws(
                    () => judged(found),
                    { message: `rule TEST-003 returned ${shown}: ${tail}` },
                    shown,
                );
            assert.throws(
                () =>
                    judgeStack(
                        stackRule(null as unknown as Violation[]),
                        [subject("a1")],
                        {},
                        TODAY,
                    ),
                { message: `rule TEST-002 returned null (null): ${tail}` },
            );
        });
    });

    describe("rootOf", () => {
        it("is the stack resource when there is one, else a stand-in named stack with an empty URN", () => {
            const stack: Subject = {
                type: TYPES.stack,
                name: "chom-tst",
                urn: "urn:stack",
                props: {},
            };
            assert.strictEqual(rootOf([subject("a1"), stack]), stack);
            assert.deepStrictEqual(rootOf([subject("a1")]), {
                type: TYPES.stack,
                name: "stack",
                urn: "",
                props: {},
            });
        });
    });

    describe("judgeAbsence", () => {
        const stack: Subject = { type: TYPES.stack, name: "chom-tst", urn: "urn:stack", props: {} };
        const web = (props: Record<string, unknown> = {}): Subject => ({
            type: TYPES.container,
            name: "web",
            urn: "urn:web",
            props: { name: "web", image: "myorg/web:1", ...props },
        });
        const rule = (appliesTo: string[]): StackRule => ({
            ...meta,
            id: "TEST-004",
            appliesTo,
            scope: "stack",
            config: {},
            check: () => [],
        });
        it("says nothing when every type is present, or when some are and the missing ones are not needed", () => {
            assert.strictEqual(judgeAbsence(rule([A]), [subject("a1")], {}, TODAY), undefined);
            assert.strictEqual(
                judgeAbsence(rule([A, TYPES.tls]), [subject("a1"), web()], {}, TODAY),
                undefined,
            );
        });
        it("is NOT_APPLICABLE at the stack, with every reason, when nothing is present and nothing needed", () => {
            assert.deepStrictEqual(
                judgeAbsence(rule([TYPES.tls, TYPES.monitoring]), [stack, web()], {}, TODAY),
                {
                    state: "NOT_APPLICABLE",
                    urn: "urn:stack",
                    message: `TEST-004 judges ${TYPES.tls} or ${TYPES.monitoring}; the stack has none, and needs none: no container publishes port 80 or 443 and none is a web server; the stack runs no Prometheus (the observability stack itself is judged by CHOM-OBS-001)`,
                },
            );
        });
        it("FAILs at the stack naming every needed type and why, even beside present subjects", () => {
            const published = web({ ports: [{ internal: 8443, external: 443 }] });
            assert.deepStrictEqual(
                judgeAbsence(
                    rule([A, TYPES.tls, TYPES.firewall]),
                    [stack, subject("a1"), published],
                    {},
                    TODAY,
                ),
                {
                    state: "FAIL",
                    urn: "urn:stack",
                    message: `the stack declares no ${TYPES.tls} and no ${TYPES.firewall}: web publishes 443: TLS termination must be declared; web publishes 443 on the host: a firewall must be declared`,
                },
            );
        });
        it("an exception on the stack excepts the missing subject", () => {
            const config = validConfig(rule([TYPES.server]), {
                exceptions: [
                    { resource: "chom-tst", reason: "host declared later", expires: TOMORROW },
                ],
            });
            const o = judgeAbsence(rule([TYPES.server]), [stack, web()], config, TODAY);
            assert.strictEqual(o?.state, "EXCEPTED");
            assert.strictEqual(
                o?.message,
                `EXCEPTED until ${TOMORROW} (host declared later): the stack declares no ${TYPES.server}: 1 container(s) run (web), so the host they run on must be declared with its specs`,
            );
        });
        it("uses the image index it is given (images resolved by the caller), not one of its own", () => {
            const remote = subject("edge-image", { name: "nginx:1.27" }, TYPES.image);
            const edge: Subject = {
                ...subject(
                    "edge",
                    { name: "edge", image: `sha256:${"ab".repeat(32)}` },
                    TYPES.container,
                ),
                dependencies: { image: [remote.urn] },
            };
            assert.strictEqual(
                judgeAbsence(rule([TYPES.tls]), [stack, edge], {}, TODAY)?.state,
                "NOT_APPLICABLE",
            );
            assert.deepStrictEqual(
                judgeAbsence(rule([TYPES.tls]), [stack, edge], {}, TODAY, new ImageIndex([remote])),
                {
                    state: "FAIL",
                    urn: "urn:stack",
                    message: `the stack declares no ${TYPES.tls}: edge (nginx, a web server): TLS termination must be declared`,
                },
            );
        });
    });

    describe("judgeStack and absence", () => {
        const stack: Subject = { type: TYPES.stack, name: "chom-tst", urn: "urn:stack", props: {} };
        const published: Subject = {
            type: TYPES.container,
            name: "web",
            urn: "urn:web",
            props: { name: "web", image: "myorg/web:1", ports: [{ internal: 80, external: 80 }] },
        };
        const rule = (appliesTo: string[], found: Violation[] = []): StackRule => ({
            ...meta,
            id: "TEST-005",
            appliesTo,
            scope: "stack",
            config: {},
            check: () => found,
        });
        it("a rule judging no type at all is not applicable, saying so", () => {
            assert.deepStrictEqual(judgeStack(rule([]), [stack, published], {}, TODAY), {
                notApplicable: "no  in the stack",
            });
        });
        it("a needed subject missing with no subject present: one FAIL for the stack", () => {
            assert.deepStrictEqual(judgeStack(rule([TYPES.tls]), [stack, published], {}, TODAY), [
                {
                    state: "FAIL",
                    urn: "urn:stack",
                    message: `the stack declares no ${TYPES.tls}: web publishes 80: TLS termination must be declared`,
                },
            ]);
        });
        it("a needed subject missing beside present ones: the present ones' outcomes and one FAIL for the stack", () => {
            const a1 = subject("a1");
            assert.deepStrictEqual(
                judgeStack(rule([A, TYPES.tls]), [stack, a1, published], {}, TODAY),
                [
                    { state: "PASS", urn: a1.urn, message: "" },
                    {
                        state: "FAIL",
                        urn: "urn:stack",
                        message: `the stack declares no ${TYPES.tls}: web publishes 80: TLS termination must be declared`,
                    },
                ],
            );
        });
        it("no extra stack answer when a violation already names the stack", () => {
            const out = judgeStack(
                rule([A, TYPES.tls], [{ urn: "urn:stack", message: "own finding" }]),
                [stack, subject("a1"), published],
                {},
                TODAY,
            );
            assert.deepStrictEqual(out, [
                { state: "FAIL", urn: "urn:stack", message: "own finding" },
                { state: "PASS", urn: urn(A, "a1"), message: "" },
            ]);
        });
        it("a not-needed absence adds nothing beside the resources a violation names", () => {
            const other = subject("c1", {}, "test:index:C");
            assert.deepStrictEqual(
                judgeStack(
                    rule([A], [{ urn: other.urn, message: "z" }]),
                    [stack, other],
                    {},
                    TODAY,
                ),
                [{ state: "FAIL", urn: other.urn, message: "z" }],
            );
        });
    });

    describe("exception label edge cases", () => {
        it("a label value spanning lines is malformed (the reason is one line)", () => {
            assert.strictEqual(
                judgeResource(resourceRule, labelled("2027-01-01 vendor\nimage"), {}, TODAY).state,
                "FAIL",
            );
        });
    });

    describe("today and defaults", () => {
        it("today() is the UTC date as YYYY-MM-DD", () => {
            const before = new Date().toISOString().slice(0, 10);
            const t = today();
            assert.match(t, /^\d{4}-\d{2}-\d{2}$/);
            assert.ok(t === before || t === new Date().toISOString().slice(0, 10));
        });
        it("today() turns at UTC midnight, forward and back (it is kept within its day)", () => {
            const now = Date.now;
            const at = (iso: string) => (Date.now = () => Date.parse(iso));
            try {
                at("2026-12-01T23:59:59.999Z");
                assert.strictEqual(today(), "2026-12-01");
                at("2026-12-02T00:00:00.000Z");
                assert.strictEqual(today(), "2026-12-02");
                at("2026-11-30T12:00:00.000Z");
                assert.strictEqual(today(), "2026-11-30");
            } finally {
                Date.now = now;
            }
            assert.strictEqual(today(), new Date().toISOString().slice(0, 10));
        });
        it("withDefaults fills defaults, keeps configured values, drops enforcementLevel and undefined values", () => {
            assert.deepStrictEqual(withDefaults(resourceRule, {}), { limit: 3, exceptions: [] });
            assert.deepStrictEqual(
                withDefaults(resourceRule, { limit: 5, enforcementLevel: "mandatory" }),
                { limit: 5, exceptions: [] },
            );
            assert.deepStrictEqual(withDefaults(resourceRule, { limit: undefined, other: 1 }), {
                limit: 3,
                exceptions: [],
                other: 1,
            });
            // Asked twice, the defaults are the same (computed once and not shared with the
            // result).
            const first = withDefaults(resourceRule, { limit: 9 });
            assert.deepStrictEqual(withDefaults(resourceRule, {}), { limit: 3, exceptions: [] });
            assert.strictEqual(first.limit, 9);
        });
        it("a network is not judged by a container rule", () => {
            assert.strictEqual(
                judgeOne(containerLimits, network("chom-edge", false)).message,
                "applies only to docker:index/container:Container",
            );
        });
    });
});
