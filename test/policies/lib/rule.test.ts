import * as assert from "assert";
import {
    configSchemaOf,
    EXCEPTIONS_PROPERTY,
    isNotApplicable,
    notApplicable,
    ResourceRule,
    withDefaults,
} from "../../../policies/lib/rule";
import { TEST_RULE_META } from "../../helpers/rules";

/**
 * A fresh rule each time: defaults are cached per rule object, so a shared one would hide the first
 * computation.
 */
const freshRule = (): ResourceRule => ({
    id: "TEST-010",
    ...TEST_RULE_META,
    policyName: "test-rule",
    severity: "low",
    appliesTo: ["test:index:A"],
    scope: "resource",
    config: { limit: { type: "number", default: 3, description: "a limit" } },
    check: () => [],
});

describe("lib/rule", () => {
    it("isNotApplicable: only a plain object whose notApplicable is a string", () => {
        assert.strictEqual(isNotApplicable(notApplicable("no plan")), true);
        assert.strictEqual(isNotApplicable(notApplicable("")), true);
        const notIt: unknown[] = [
            [],
            [{ message: "x" }],
            Object.assign([], { notApplicable: "array" }),
            null,
            undefined,
            "notApplicable",
            1,
            {},
            { notApplicable: 3 },
            { notApplicable: null },
            Object.assign(() => undefined, { notApplicable: "a function" }),
        ];
        for (const v of notIt) assert.strictEqual(isNotApplicable(v as never), false, String(v));
    });
    it("configSchemaOf adds the exceptions property to the rule's own config", () => {
        const rule = freshRule();
        assert.deepStrictEqual(configSchemaOf(rule), {
            properties: { limit: rule.config.limit, exceptions: EXCEPTIONS_PROPERTY },
        });
    });
    it("withDefaults fills the defaults of a rule seen for the first time", () => {
        assert.deepStrictEqual(withDefaults(freshRule(), {}), { limit: 3, exceptions: [] });
        assert.deepStrictEqual(
            withDefaults(freshRule(), {
                limit: 5,
                enforcementLevel: "mandatory",
                exceptions: undefined,
            }),
            { limit: 5, exceptions: [] },
        );
    });
    it("computes a rule's defaults once (the pack asks per resource)", () => {
        const rule = freshRule();
        assert.deepStrictEqual(withDefaults(rule, {}), { limit: 3, exceptions: [] });
        rule.config = {
            ...rule.config,
            extra: { type: "string", default: "late", description: "added after the first call" },
        };
        assert.deepStrictEqual(withDefaults(rule, {}), { limit: 3, exceptions: [] });
        const out = withDefaults(rule, { limit: 4 });
        out.limit = 99;
        assert.deepStrictEqual(
            withDefaults(rule, {}),
            { limit: 3, exceptions: [] },
            "a result is a copy, never the cached defaults",
        );
    });
});
