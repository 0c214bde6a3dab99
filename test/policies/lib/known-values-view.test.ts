/**
 * The pack hands rules a view of each resource's properties (withKnownValuesUnwrapped) instead of
 * the SDK's preview proxy. Every rule must judge the same through both: same outcome, or the same
 * UnknownValueError message, on the compliant stack and on each variant with one property of one
 * subject unknown.
 */
import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { judgeResource, judgeStack } from "../../../policies/lib/judge";
import { withKnownValuesUnwrapped } from "../../../policies/lib/preview-proxy";
import type { Rule, Subject } from "../../../policies/lib/rule";
import { RULES } from "../../../policies/rules";
import { compliantStack } from "../../helpers/fixture-stack";
import { UNKNOWN_SENTINEL } from "../../helpers/unknown-props";

const DAY = "2026-12-01";

function judged(read: () => unknown): unknown {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) return `UnknownValueError: ${(e as Error).message}`;
        throw e;
    }
}

/** The compliant stack, then each variant with one top-level property of one subject unknown. */
function variants(): Subject[][] {
    const base = compliantStack();
    const out = [base];
    base.forEach((s, i) => {
        for (const key of Object.keys(s.props)) {
            const changed = { ...s, props: { ...s.props, [key]: UNKNOWN_SENTINEL } };
            out.push(base.map((r, j) => (j === i ? changed : r)));
        }
    });
    return out;
}

/** The stack as the pack's rules saw it before (proxy) and now (the view over the same objects). */
function both(stack: Subject[]): [Subject[], Subject[]] {
    const proxied = stack.map((s) => ({ ...s, props: unknownCheckingProxy(s.props) }));
    const viewed = proxied.map((s) => ({ ...s, props: withKnownValuesUnwrapped(s.props) }));
    return [proxied, viewed];
}

function judge(rule: Rule, stack: Subject[]): unknown[] {
    if (rule.scope === "stack") return [judged(() => judgeStack(rule, stack, {}, DAY))];
    return stack
        .filter((s) => rule.appliesTo.includes(s.type))
        .map((s) => judged(() => judgeResource(rule, s, {}, DAY)));
}

describe("rules judge the known-values view as they judge the preview proxy", () => {
    const stacks = variants().map(both);
    it("covers every subject's every property made unknown", () => {
        const base = compliantStack();
        const properties = base.reduce((n, s) => n + Object.keys(s.props).length, 0);
        assert.strictEqual(stacks.length, 1 + properties);
        assert.ok(properties > base.length);
    });
    for (const rule of RULES)
        it(`${rule.id} (${rule.policyName})`, () => {
            for (const [proxied, viewed] of stacks)
                assert.deepStrictEqual(judge(rule, viewed), judge(rule, proxied));
        });
});
