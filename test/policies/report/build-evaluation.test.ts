import * as assert from "assert";
import { createHash } from "crypto";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../policies/lib/rule";
import { containerLimits } from "../../../policies/rules/resources/container-limits";
import { subjectDigest as resourcesDigest } from "../../../policies/lib/subject-digest";
import {
    buildEvaluation,
    canonicalJson,
    ruleSummaries,
} from "../../../policies/report/build-evaluation";
import * as fixture from "../../helpers/fixture-evaluation";
import { compliantStack, container, replace } from "../../helpers/fixture-stack";

describe("report/build-evaluation", () => {
    it("writes canonical JSON with sorted keys at every level and no whitespace", () => {
        assert.strictEqual(
            canonicalJson({ b: 1, a: [{ d: true, c: null }, "x"], u: undefined }),
            '{"a":[{"c":null,"d":true},"x"],"b":1}',
        );
    });

    it("digests [{type, urn, props}] sorted by URN: order of resources and of keys does not matter", () => {
        const stack = compliantStack();
        const expected = createHash("sha256")
            .update(
                canonicalJson(
                    [...stack]
                        .sort((a, b) => (a.urn < b.urn ? -1 : 1))
                        .map((r) => ({ type: r.type, urn: r.urn, props: r.props })),
                ),
            )
            .digest("hex");
        assert.strictEqual(resourcesDigest(stack), expected);
        assert.strictEqual(resourcesDigest([...stack].reverse()), expected);
        const reordered = stack.map((r) => ({
            ...r,
            props: Object.fromEntries(Object.entries(r.props).reverse()),
        }));
        assert.strictEqual(resourcesDigest(reordered), expected);
    });

    it("changes the digest when one input changes, and ignores names (the URN carries them)", () => {
        const stack = compliantStack();
        const base = resourcesDigest(stack);
        assert.notStrictEqual(
            resourcesDigest(replace(stack, container("app", { memory: 1537 }))),
            base,
        );
        assert.strictEqual(resourcesDigest(stack.map((r) => ({ ...r, name: "renamed" }))), base);
    });

    it("digests preview props (unknownCheckingProxy) without throwing, unknowns as the engine's sentinels", () => {
        const app = container("app", {
            memory: "3eeb2bf0-c639-47a8-9e75-3b44932eb421" as unknown as number,
        });
        const proxied: Subject = {
            ...app,
            props: unknownCheckingProxy(app.props) as Record<string, unknown>,
        };
        assert.strictEqual(resourcesDigest([proxied]), resourcesDigest([app]));
    });

    it("carries the catalogue with the enforcement in force: own entry, then `all`, then the default", () => {
        assert.strictEqual(ruleSummaries([containerLimits], {})[0].enforcementLevel, "mandatory");
        assert.strictEqual(
            ruleSummaries([containerLimits], { all: { enforcementLevel: "advisory" } })[0]
                .enforcementLevel,
            "advisory",
        );
        const both = {
            all: { enforcementLevel: "advisory" as const },
            "chom-res-container-limits": { enforcementLevel: "disabled" as const },
        };
        assert.deepStrictEqual(ruleSummaries([containerLimits], both)[0], {
            id: "CHOM-RES-001",
            policyName: "chom-res-container-limits",
            title: containerLimits.title,
            category: "Performance",
            severity: "high",
            framework: containerLimits.framework,
            description: containerLimits.description,
            remediation: containerLimits.remediation,
            enforcementLevel: "disabled",
            defaultEnforcementLevel: "mandatory",
        });
    });

    it("assembles an Evaluation with the appendix, digest and counts", () => {
        const e = fixture.compliantEvaluation();
        assert.strictEqual(e.stack, "landsraad_tst");
        assert.strictEqual(e.evaluatedAt, fixture.EVALUATED_AT);
        assert.strictEqual(e.resourceCount, compliantStack().length);
        assert.strictEqual(e.resourcesDigest, resourcesDigest(compliantStack()));
        assert.strictEqual(e.server?.hostname, "landsraad_tst");
        assert.strictEqual(e.containers.length, 16);
        assert.strictEqual(e.codeQuality, null);
        // 1 firewall + 1 tls + 16 containers + 1 backup + 1 monitoring + 16 containers + 16 images.
        assert.strictEqual(e.results.length, 52);
    });

    it("rejects input that cannot make a truthful evaluation, naming the field", () => {
        const base = {
            stack: "landsraad_tst",
            project: "chom",
            pack: fixture.FIXTURE_PACK,
            source: "preview" as const,
            resources: compliantStack(),
            results: [],
            rules: fixture.FIXTURE_RULES.map((r) => r.summary),
        };
        assert.throws(() => buildEvaluation({ ...base, stack: "" }), {
            message: 'buildEvaluation: stack must be a non-empty string, got ""',
        });
        assert.throws(() => buildEvaluation({ ...base, source: "live" as "state" }), {
            message: 'buildEvaluation: source must be "preview" or "state", got "live"',
        });
        assert.throws(
            () => buildEvaluation({ ...base, evaluatedAt: "yesterday" }),
            /evaluatedAt must be an ISO timestamp, got "yesterday"/,
        );
        const orphan = fixture.result(
            { ...fixture.FIXTURE_RULES[0].summary, id: "CHOM-XX-999" },
            compliantStack()[0],
        );
        assert.throws(() => buildEvaluation({ ...base, results: [orphan] }), {
            message: "buildEvaluation: results[0] is of rule CHOM-XX-999, which is not in rules",
        });
        assert.throws(
            () => buildEvaluation({ ...base, resources: [...base.resources, base.resources[0]] }),
            /resource URN urn:pulumi:landsraad_tst::chom::chom:host:Server::landsraad_tst appears twice/,
        );
        assert.throws(
            () => buildEvaluation({ ...base, codeQuality: { score: 120, source: "ci" } }),
            /codeQuality.score must be a number from 0 to 100, got 120/,
        );
    });
});
