/** The catalogue as a whole: complete metadata, unique stable IDs, and docs/rules.md in sync. */
import * as assert from "assert";
import * as fs from "fs";
import Ajv from "ajv";
import { RETIRED_RULES } from "../../../policies/rules/retired";
import { RULES_DOC } from "../../../policies/docs/write-rules-doc";
import { renderRulesDoc } from "../../../policies/docs/rules-doc";
import { LIVE_RULES } from "../../../checks/live-rules";
import { PACK, ruleUrl } from "../../../policies/lib/pack-info";
import { CATEGORIES, configSchemaOf } from "../../../policies/lib/rule";
import { RULES } from "../../../policies/rules";

describe("rule catalogue", () => {
    it("has stable, unique IDs and policy names in family order", () => {
        const ids = RULES.map((r) => r.id);
        assert.deepStrictEqual([...new Set(ids)], ids, "IDs are unique");
        assert.strictEqual(
            new Set(RULES.map((r) => r.policyName)).size,
            RULES.length,
            "policy names are unique",
        );
        for (const r of RULES) {
            assert.match(r.id, /^CHOM-(FW|TLS|BAK|RES|OBS)-\d{3}$/, r.id);
            assert.match(r.policyName, /^chom-[a-z]+-[a-z0-9-]+$/, r.policyName);
        }
    });

    it("never gives a retired rule's ID or policy name to another rule", () => {
        const live = new Set(RULES.flatMap((r) => [r.id, r.policyName]));
        const retired = RETIRED_RULES.flatMap((r) => [r.id, r.policyName]);
        assert.deepStrictEqual(
            retired.filter((x) => live.has(x)),
            [],
            "reused",
        );
        assert.deepStrictEqual([...new Set(retired)], retired, "each retired once");
        for (const r of RETIRED_RULES) assert.match(r.retired, /^\d{4}-\d{2}-\d{2}$/, r.id);
    });

    it("declares complete metadata for every rule", () => {
        for (const r of RULES) {
            for (const field of ["title", "description", "remediation"] as const)
                assert.ok(r[field].trim().length > 10, `${r.id} ${field}`);
            assert.ok((CATEGORIES as readonly string[]).includes(r.category), `${r.id} category`);
            assert.ok(
                ["low", "medium", "high", "critical"].includes(r.severity),
                `${r.id} severity`,
            );
            assert.ok(
                ["mandatory", "advisory"].includes(r.enforcementLevel),
                `${r.id} enforcement`,
            );
            assert.ok(
                r.framework.name && r.framework.version && r.framework.reference,
                `${r.id} framework`,
            );
            assert.ok(r.appliesTo.length > 0, `${r.id} appliesTo`);
            assert.ok(r.scope === "resource" || r.scope === "stack", `${r.id} scope`);
        }
    });

    it("gives every config property a description and a default that its own schema accepts", () => {
        const ajv = new Ajv({ strict: false });
        for (const r of RULES) {
            const { properties } = configSchemaOf(r);
            for (const [k, p] of Object.entries(properties))
                assert.ok(p.description.length > 5, `${r.id}.${k} description`);
            const defaults = Object.fromEntries(
                Object.entries(properties).map(([k, p]) => [k, p.default]),
            );
            const valid = ajv.validate({ type: "object", properties }, defaults);
            assert.ok(valid, `${r.id}: ${ajv.errorsText()}`);
        }
    });

    // The rules that must block a deployment, by what their failure does.
    const MUST_BLOCK: Record<string, string[]> = {
        "leaves data exposed or unrecoverable": [
            "CHOM-FW-001",
            "CHOM-FW-002",
            "CHOM-FW-004",
            "CHOM-FW-007",
            "CHOM-RES-010",
            "CHOM-RES-011",
            "CHOM-RES-015",
            "CHOM-RES-016",
            "CHOM-BAK-001",
            "CHOM-BAK-004",
            "CHOM-BAK-005",
        ],
        "takes the site down on one crash, reboot, load peak or redeploy": [
            "CHOM-TLS-006",
            "CHOM-RES-001",
            "CHOM-RES-003",
            "CHOM-RES-006",
            "CHOM-RES-007",
            "CHOM-RES-008",
            "CHOM-RES-009",
            "CHOM-RES-014",
        ],
    };
    for (const [failure, mustBlock] of Object.entries(MUST_BLOCK)) {
        it(`marks as mandatory every rule whose failure ${failure}`, () => {
            for (const id of mustBlock) {
                const level = RULES.find((r) => r.id === id)?.enforcementLevel;
                assert.strictEqual(level, "mandatory", id);
            }
        });
    }

    it("says for every rule why it ships at its level, naming that level and never the other", () => {
        const doc = renderRulesDoc(RULES, PACK.name, PACK.version);
        for (const r of RULES) {
            const level = r.enforcementLevel;
            const other = level === "mandatory" ? "advisory" : "mandatory";
            const why = r.enforcementRationale;
            assert.strictEqual(typeof why, "string", `${r.id} enforcementRationale`);
            assert.ok(
                why.trim().length >= 60,
                `${r.id}: the rationale says what breaks or which standard asks for it`,
            );
            assert.ok(
                why.startsWith(`${level[0].toUpperCase()}${level.slice(1)}: `),
                `${r.id}: the rationale starts with "${level[0].toUpperCase()}${level.slice(1)}: "`,
            );
            assert.doesNotMatch(
                why,
                new RegExp(`\\b${other}\\b`, "i"),
                `${r.id} is ${level}; its rationale must not say ${other}`,
            );
            assert.ok(
                !why.includes("\n") && !why.includes("|"),
                `${r.id}: the rationale is one line of prose`,
            );
            assert.ok(
                doc.includes(`\n- Why this level: ${why}\n`),
                `${r.id}: docs/rules.md shows the rationale`,
            );
        }
    });

    it("gives every pack and live rule an anchor in docs/rules.md that its URL points at", () => {
        const doc = fs.readFileSync(RULES_DOC, "utf8");
        for (const { id } of [...RULES, ...LIVE_RULES]) {
            const url = ruleUrl(id, "https://docs.example/rules.md");
            assert.strictEqual(url, `https://docs.example/rules.md#${id.toLowerCase()}`);
            const anchor = `<a id="${id.toLowerCase()}"></a>`;
            assert.strictEqual(
                doc.split(anchor).length,
                2,
                `${id}: one ${anchor} in docs/rules.md`,
            );
            assert.ok(
                doc.includes(`${anchor}\n\n## ${id}: `),
                `${id}: the anchor heads its section`,
            );
        }
        assert.strictEqual(ruleUrl("CHOM-FW-001", undefined), undefined, "no home, no URL");
    });

    it("has docs/rules.md in sync with the code (npm run docs:rules)", () => {
        const expected = renderRulesDoc(RULES, PACK.name, PACK.version, LIVE_RULES);
        assert.ok(fs.existsSync(RULES_DOC), "docs/rules.md exists");
        assert.strictEqual(
            fs.readFileSync(RULES_DOC, "utf8"),
            expected,
            "docs/rules.md is stale: run npm run docs:rules",
        );
    });
});
