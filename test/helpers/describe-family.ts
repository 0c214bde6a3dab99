/**
 * The checks every rule family's catalogue gets: the enforcement, severity and scope each rule
 * ships with (the table is the decision record), naming, metadata, exact certificate lines,
 * config schemas, and a clean pass on the compliant fixture stack.
 */
import * as assert from "assert";
import Ajv from "ajv";
import { runRules } from "../../policies/lib/run-rules";
import { CERTIFICATE_LINES } from "../../policies/lib/frameworks";
import { configSchemaOf, Rule, withDefaults } from "../../policies/lib/rule";
import { findRule } from "../../policies/rules";
import { compliantStack } from "./fixture-stack";
import { TODAY } from "./rules";

/** Rule ID -> [enforcement, severity, scope]. */
export type Expected = Record<string, [string, string, string]>;

export function describeFamily(
    label: string,
    prefix: string,
    rules: Rule[],
    expected: Expected,
): void {
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
