/**
 * The pack hands rules a view of each resource's properties (withKnownValuesUnwrapped) instead of
 * the SDK's preview proxy. Every rule must judge the same through both: same outcome, or the same
 * UnknownValueError message, on the compliant stack and on each variant with one property of one
 * subject unknown.
 */
import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { judgeResource, judgeStack } from "../../../policies/lib/judge";
import { canonicalJson } from "../../../policies/lib/canonical-json";
import {
    isSharedRequestProps,
    isUnknownProperty,
    withKnownValuesUnwrapped,
} from "../../../policies/lib/preview-proxy";
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

describe("withKnownValuesUnwrapped", () => {
    const unknownImage = () => ({
        name: "chom-redis",
        image: UNKNOWN_SENTINEL,
        labels: [{ label: "chom.service", value: "redis" }],
        envs: ["A=1"],
        memory: 256,
    });

    it("hands over the raw properties where no value is unknown", () => {
        const target = { name: "chom-redis", labels: [{ label: "a", value: "b" }], memory: 256 };
        const props = unknownCheckingProxy(target);
        assert.strictEqual(withKnownValuesUnwrapped(props), target);
        assert.ok(isSharedRequestProps(target));
    });

    it("reads known properties raw and an unknown one through the proxy, which throws as before", () => {
        const target = unknownImage();
        const props = unknownCheckingProxy(target);
        const view = withKnownValuesUnwrapped(props);
        assert.strictEqual(view.labels, target.labels);
        assert.strictEqual(view.memory, 256);
        assert.strictEqual(view.missing, undefined);
        assert.deepStrictEqual(Object.keys(view), Object.keys(target));
        const thrown = (read: () => unknown) => {
            try {
                read();
            } catch (e) {
                return e as Error;
            }
            assert.fail("no UnknownValueError");
        };
        const fromView = thrown(() => view.image);
        assert.ok(fromView instanceof UnknownValueError);
        assert.strictEqual(fromView.message, thrown(() => props.image).message);
        assert.ok(isSharedRequestProps(view));
    });

    it("keeps the proxy for a nested unknown and for values that are not plain data", () => {
        const nested = { envs: ["A=1", UNKNOWN_SENTINEL], memory: 1 };
        const view = withKnownValuesUnwrapped(unknownCheckingProxy(nested));
        assert.strictEqual(view.memory, 1);
        assert.strictEqual(view.envs[0], "A=1");
        assert.throws(() => view.envs[1], UnknownValueError);
        class Asset {
            path = UNKNOWN_SENTINEL.slice(1);
        }
        const withAsset = { asset: new Asset(), memory: 1 };
        const viewOfAsset = withKnownValuesUnwrapped(unknownCheckingProxy(withAsset));
        assert.notStrictEqual(viewOfAsset.asset, withAsset.asset);
        assert.strictEqual(viewOfAsset.asset.path, withAsset.asset.path);
    });

    it("is found through as the proxy is: the digest text is the same", () => {
        const props = unknownCheckingProxy(unknownImage());
        const view = withKnownValuesUnwrapped(props);
        assert.strictEqual(canonicalJson(view), canonicalJson(props));
        assert.strictEqual(canonicalJson([{ props: view }]), canonicalJson([{ props }]));
    });

    it("makes one view per object (the policies of a request share it) and leaves plain objects alone", () => {
        const target = unknownImage();
        const first = withKnownValuesUnwrapped(unknownCheckingProxy(target));
        assert.strictEqual(withKnownValuesUnwrapped(unknownCheckingProxy(target)), first);
        const plain = unknownImage();
        assert.strictEqual(withKnownValuesUnwrapped(plain), plain);
        assert.ok(!isSharedRequestProps(plain));
    });
});

describe("isUnknownProperty", () => {
    it("tells a property that is itself unknown, read raw, through the proxy or the view, without throwing", () => {
        const target = {
            image: UNKNOWN_SENTINEL,
            envs: ["A=1", UNKNOWN_SENTINEL],
            name: "chom-redis",
            id: "0123456789abcdef0123456789abcdef0123",
        };
        const forms = [
            target,
            unknownCheckingProxy(target),
            withKnownValuesUnwrapped(unknownCheckingProxy(target)),
        ];
        for (const props of forms) {
            assert.strictEqual(isUnknownProperty(props, "image"), true);
            // Unknown deeper down: the property itself reads, its element throws.
            assert.strictEqual(isUnknownProperty(props, "envs"), false);
            // 36 characters, as a sentinel is, but no sentinel.
            assert.strictEqual(isUnknownProperty(props, "id"), false);
            assert.strictEqual(isUnknownProperty(props, "name"), false);
            assert.strictEqual(isUnknownProperty(props, "missing"), false);
        }
    });
});
