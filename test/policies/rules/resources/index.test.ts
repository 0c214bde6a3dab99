import * as assert from "assert";
import { CATEGORIES, withDefaults } from "../../../../policies/lib/rule";
import { RESOURCES_RULES } from "../../../../policies/rules/resources";

describe("resources rule catalogue", () => {
    it("registers CHOM-RES-001..017 in ID order with unique chom-res-* policy names", () => {
        assert.deepStrictEqual(RESOURCES_RULES.map((r) => r.id), Array.from({ length: 17 }, (_, i) => `CHOM-RES-${String(i + 1).padStart(3, "0")}`));
        const names = RESOURCES_RULES.map((r) => r.policyName);
        assert.strictEqual(new Set(names).size, names.length);
        for (const n of names) assert.match(n, /^chom-res-[a-z0-9-]+$/);
    });
    it("gives every rule complete metadata and a default for every config property", () => {
        for (const r of RESOURCES_RULES) {
            assert.ok(CATEGORIES.includes(r.category), r.id);
            assert.ok(r.title && r.description && r.remediation && r.framework.reference, r.id);
            for (const [key, prop] of Object.entries(r.config)) assert.ok(prop.default !== undefined && prop.description, `${r.id} ${key}`);
            assert.deepStrictEqual(Object.keys(withDefaults(r, {})).sort(), [...Object.keys(r.config), "exceptions"].sort(), r.id);
        }
    });
});
