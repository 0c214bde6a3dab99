/**
 * The checks every rule family's catalogue gets: the enforcement, severity and scope each rule
 * ships with (DECISIONS, the decision record), naming, metadata, exact certificate lines,
 * config schemas, and a clean pass on the compliant fixture stack.
 */
import * as assert from "assert";
import Ajv from "ajv";
import { runRules } from "../../policies/lib/run-rules";
import { CERTIFICATE_LINES } from "../../policies/lib/frameworks";
import {
    configSchemaOf,
    DefaultEnforcement,
    Rule,
    Severity,
    withDefaults,
} from "../../policies/lib/rule";
import { findRule } from "../../policies/rules";
import { compliantStack } from "./fixture-stack";
import { TODAY } from "./rules";

/** Rule ID -> [enforcement, severity, scope]. */
export type Expected = Record<string, [DefaultEnforcement, Severity, Rule["scope"]]>;

/**
 * The enforcement, severity and scope decided for every rule of the pack, in ID order, family by
 * family (the order of RULES). A new rule gets its row here.
 */
export const DECISIONS: Expected = {
    // firewall/
    "CHOM-FW-001": ["mandatory", "critical", "resource"],
    "CHOM-FW-002": ["mandatory", "critical", "resource"],
    "CHOM-FW-003": ["mandatory", "high", "resource"],
    "CHOM-FW-004": ["mandatory", "critical", "stack"],
    "CHOM-FW-005": ["mandatory", "high", "resource"],
    "CHOM-FW-006": ["mandatory", "high", "stack"],
    "CHOM-FW-007": ["mandatory", "critical", "resource"],
    "CHOM-FW-008": ["advisory", "medium", "resource"],
    // tls/
    "CHOM-TLS-001": ["mandatory", "high", "resource"],
    "CHOM-TLS-002": ["mandatory", "high", "resource"],
    "CHOM-TLS-003": ["mandatory", "medium", "resource"],
    "CHOM-TLS-004": ["mandatory", "medium", "resource"],
    "CHOM-TLS-005": ["mandatory", "medium", "resource"],
    "CHOM-TLS-006": ["mandatory", "high", "resource"],
    "CHOM-TLS-007": ["advisory", "low", "resource"],
    "CHOM-TLS-008": ["advisory", "medium", "resource"],
    // backup/
    "CHOM-BAK-001": ["mandatory", "critical", "stack"],
    "CHOM-BAK-002": ["mandatory", "high", "resource"],
    "CHOM-BAK-003": ["mandatory", "high", "resource"],
    "CHOM-BAK-004": ["mandatory", "critical", "stack"],
    "CHOM-BAK-005": ["mandatory", "critical", "resource"],
    "CHOM-BAK-006": ["mandatory", "high", "resource"],
    "CHOM-BAK-007": ["advisory", "medium", "resource"],
    "CHOM-BAK-008": ["advisory", "medium", "resource"],
    // resources/
    "CHOM-RES-001": ["mandatory", "high", "resource"],
    "CHOM-RES-002": ["mandatory", "medium", "resource"],
    "CHOM-RES-003": ["mandatory", "high", "stack"],
    "CHOM-RES-004": ["advisory", "medium", "stack"],
    "CHOM-RES-005": ["advisory", "medium", "resource"],
    "CHOM-RES-006": ["mandatory", "high", "resource"],
    "CHOM-RES-007": ["mandatory", "medium", "resource"],
    "CHOM-RES-008": ["mandatory", "high", "resource"],
    "CHOM-RES-009": ["mandatory", "high", "resource"],
    "CHOM-RES-010": ["mandatory", "critical", "resource"],
    "CHOM-RES-011": ["mandatory", "critical", "resource"],
    "CHOM-RES-012": ["mandatory", "medium", "resource"],
    "CHOM-RES-013": ["advisory", "low", "resource"],
    "CHOM-RES-014": ["mandatory", "medium", "stack"],
    "CHOM-RES-015": ["mandatory", "critical", "resource"],
    "CHOM-RES-016": ["mandatory", "critical", "resource"],
    "CHOM-RES-017": ["advisory", "medium", "resource"],
    "CHOM-RES-018": ["mandatory", "high", "resource"],
    "CHOM-RES-019": ["mandatory", "high", "resource"],
    "CHOM-RES-020": ["mandatory", "high", "resource"],
    "CHOM-RES-021": ["mandatory", "critical", "resource"],
    "CHOM-RES-022": ["mandatory", "high", "resource"],
    "CHOM-RES-023": ["mandatory", "critical", "resource"],
    "CHOM-RES-024": ["mandatory", "high", "stack"],
    // observability/
    "CHOM-OBS-001": ["advisory", "medium", "stack"],
    "CHOM-OBS-002": ["advisory", "medium", "stack"],
    "CHOM-OBS-003": ["advisory", "medium", "resource"],
    "CHOM-OBS-004": ["mandatory", "high", "resource"],
    "CHOM-OBS-005": ["mandatory", "high", "stack"],
    "CHOM-OBS-006": ["advisory", "low", "resource"],
};

/** The family whose rules' policies are `chom-<prefix>-*` (IDs `CHOM-<PREFIX>-NNN`). */
export function describeFamily(label: string, prefix: string, rules: Rule[]): void {
    const expected: Expected = Object.fromEntries(
        Object.entries(DECISIONS).filter(([id]) => id.startsWith(`CHOM-${prefix.toUpperCase()}-`)),
    );
    describe(`${label} catalogue`, () => {
        it("holds every rule of the family once, in ID order", () => {
            assert.deepStrictEqual(
                rules.map((r) => r.id),
                Object.keys(expected),
            );
        });
        for (const rule of rules) {
            describe(rule.id, () => {
                it("ships the enforcement, severity and scope decided for it", () => {
                    assert.deepStrictEqual(
                        [rule.enforcementLevel, rule.severity, rule.scope],
                        expected[rule.id],
                    );
                });
                it("has a kebab-case policy name of its family, unique in the pack, and is found by the catalogue", () => {
                    assert.match(rule.policyName, new RegExp(`^chom-${prefix}(-[a-z0-9]+)+$`));
                    assert.strictEqual(findRule(rule.id), rule);
                    assert.strictEqual(findRule(rule.policyName), rule);
                });
                it("states title, description, remediation, why it ships at its level, and a framework reference", () => {
                    for (const text of [
                        rule.title,
                        rule.description,
                        rule.remediation,
                        rule.enforcementRationale,
                        rule.framework.name,
                        rule.framework.version,
                        rule.framework.reference,
                    ]) {
                        assert.ok(text.trim().length > 0);
                    }
                });
                it("claims only an exact certificate line", () => {
                    if (rule.certificateItem !== undefined)
                        assert.ok(
                            CERTIFICATE_LINES.includes(rule.certificateItem),
                            rule.certificateItem,
                        );
                });
                it("has a config schema whose defaults validate, and which rejects a wrongly typed value", () => {
                    const validate = new Ajv({ strict: false }).compile({
                        type: "object",
                        ...configSchemaOf(rule),
                    });
                    assert.ok(validate(withDefaults(rule, {})), JSON.stringify(validate.errors));
                    for (const [key, prop] of Object.entries(rule.config)) {
                        assert.ok(prop.description.length > 0, key);
                        assert.strictEqual(
                            validate({ ...withDefaults(rule, {}), [key]: "not-a-valid-value" }),
                            prop.type === "string",
                            key,
                        );
                    }
                });
                it("passes the compliant stack (no FAIL, no UNKNOWN), except the honest 7.6 GiB finding", () => {
                    const results = runRules([rule], compliantStack(), {}, TODAY);
                    assert.ok(results.length > 0);
                    const bad = results
                        .filter((r) => r.state !== "PASS" && r.state !== "NOT_APPLICABLE")
                        .map((r) => r.message);
                    assert.deepStrictEqual(
                        bad,
                        rule.id === "CHOM-RES-017"
                            ? [
                                  "server landsraad_tst has 7.6 GiB usable memory (8 GB nominal); at least 8 GiB is required",
                              ]
                            : [],
                    );
                });
            });
        }
    });
}
