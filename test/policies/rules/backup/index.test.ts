import * as assert from "assert";
import { CATEGORIES, withDefaults } from "../../../../policies/lib/rule";
import { BACKUP_RULES } from "../../../../policies/rules/backup";

describe("backup rule catalogue", () => {
    it("registers CHOM-BAK-001..008 in ID order with unique chom-bak-* policy names", () => {
        assert.deepStrictEqual(BACKUP_RULES.map((r) => r.id), Array.from({ length: 8 }, (_, i) => `CHOM-BAK-00${i + 1}`));
        const names = BACKUP_RULES.map((r) => r.policyName);
        assert.strictEqual(new Set(names).size, names.length);
        for (const n of names) assert.match(n, /^chom-bak-[a-z0-9-]+$/);
    });
    it("gives every rule complete metadata and a default for every config property", () => {
        for (const r of BACKUP_RULES) {
            assert.ok(CATEGORIES.includes(r.category), r.id);
            assert.ok(r.title && r.description && r.remediation && r.framework.reference, r.id);
            for (const [key, prop] of Object.entries(r.config)) assert.ok(prop.default !== undefined && prop.description, `${r.id} ${key}`);
            assert.deepStrictEqual(Object.keys(withDefaults(r, {})).sort(), [...Object.keys(r.config), "exceptions"].sort(), r.id);
        }
    });
});
