/**
 * What the real pack tells the engine about itself in GetAnalyzerInfo (shown by `pulumi preview`
 * and Pulumi Cloud): the pack's display name, readme and tags, and per policy a display name and
 * a framework whose specification is not the rule's description.
 */
import * as assert from "assert";
import type { AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";
import { PACK, PACK_METADATA, ruleUrl } from "../../policies/lib/pack-info";
import { RULES } from "../../policies/rules";
import { realPackAnalyzerInfo } from "../helpers/real-pack";

describe("the pack's metadata, as the real pack reports it in GetAnalyzerInfo", function () {
    this.timeout(60_000);
    let info: AnalyzerInfo;
    before(async () => {
        info = await realPackAnalyzerInfo();
    });

    it("names the pack, tags it, and carries the rule catalogue as its readme", () => {
        assert.strictEqual(info.getName(), PACK.name);
        assert.strictEqual(info.getDisplayname(), PACK_METADATA.displayName);
        assert.deepStrictEqual(info.getTagsList(), PACK_METADATA.tags);
        for (const r of RULES) assert.ok(info.getReadme().includes(`## ${r.id}: ${r.title}`), r.id);
    });

    it("gives every rule's policy its title as display name and its own framework reference", () => {
        const byName = new Map(info.getPoliciesList().map((p) => [p.getName(), p]));
        for (const r of RULES) {
            const p = byName.get(r.policyName);
            assert.ok(p, `${r.policyName} is reported`);
            assert.strictEqual(p.getDisplayname(), r.title, r.id);
            assert.strictEqual(p.getUrl(), ruleUrl(r.id) ?? "", r.id);
            const framework = p.getFramework();
            assert.ok(framework, `${r.id} has a framework`);
            assert.deepStrictEqual(
                [framework.getName(), framework.getVersion(), framework.getReference()],
                [r.framework.name, r.framework.version, r.framework.reference],
                r.id,
            );
            // The standard's own document, named once per framework in lib/frameworks.ts.
            assert.strictEqual(framework.getSpecification(), r.framework.specification, r.id);
            assert.match(framework.getSpecification(), /^(https:\/\/|docs\/)\S+$/, r.id);
        }
    });
});
