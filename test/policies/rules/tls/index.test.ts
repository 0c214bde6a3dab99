import * as assert from "assert";
import Ajv from "ajv";
import { evaluateInProcess } from "../../../../policies/lib/evaluate";
import { configSchemaOf, withDefaults } from "../../../../policies/lib/rule";
import { findRule } from "../../../../policies/rules";
import { TLS_RULES } from "../../../../policies/rules/tls";
import { compliantStack } from "../../../fixtures/stack";
import { TODAY } from "../../../helpers/rules";

/** The certificate template's Critical Validations lines a rule may claim (exact text). */
const CERTIFICATE_LINES = [
    "OWASP Top 10 compliance validated", "SSL/TLS configured with A+ rating", "Security headers present and verified",
    "Secrets management validated", "2FA enforced for admin accounts", "Rate limiting active and tested", "Firewall rules configured correctly",
    "No known security vulnerabilities", "Monitoring active on all components", "Alerting configured and tested", "Health checks passing",
    "Metrics collecting (Prometheus)", "Logs aggregating (Loki)", "Dashboards operational (Grafana)", "Alerting rules configured",
];

/** Enforcement, severity and scope each rule must ship with (the brief's table). */
const EXPECTED: Record<string, [string, string, string]> = {
    "CHOM-TLS-001": ["mandatory", "high", "resource"],
    "CHOM-TLS-002": ["mandatory", "high", "resource"],
    "CHOM-TLS-003": ["mandatory", "medium", "resource"],
    "CHOM-TLS-004": ["mandatory", "medium", "resource"],
    "CHOM-TLS-005": ["mandatory", "medium", "resource"],
    "CHOM-TLS-006": ["mandatory", "high", "resource"],
    "CHOM-TLS-007": ["advisory", "low", "resource"],
    "CHOM-TLS-008": ["advisory", "medium", "resource"],
};

describe("TLS_RULES catalogue", () => {
    it("holds every rule of the family once, in ID order", () => {
        assert.deepStrictEqual(TLS_RULES.map((r) => r.id), Object.keys(EXPECTED));
    });
    for (const rule of TLS_RULES) {
        describe(rule.id, () => {
            it("ships the enforcement, severity and scope the brief fixes", () => {
                assert.deepStrictEqual([rule.enforcementLevel, rule.severity, rule.scope], EXPECTED[rule.id]);
            });
            it("has a kebab-case policy name of its family, unique in the pack, and is found by the catalogue", () => {
                assert.match(rule.policyName, /^chom-tls(-[a-z0-9]+)+$/);
                assert.strictEqual(findRule(rule.id), rule);
                assert.strictEqual(findRule(rule.policyName), rule);
            });
            it("states title, description, remediation and a framework reference", () => {
                for (const text of [rule.title, rule.description, rule.remediation, rule.framework.name, rule.framework.version, rule.framework.reference]) {
                    assert.ok(text.trim().length > 0);
                }
            });
            it("claims only an exact certificate line", () => {
                if (rule.certificateItem !== undefined) assert.ok(CERTIFICATE_LINES.includes(rule.certificateItem), rule.certificateItem);
            });
            it("has a config schema whose defaults validate, and which rejects a wrongly typed value", () => {
                const schema = { type: "object", ...configSchemaOf(rule) };
                const validate = new Ajv({ strict: false }).compile(schema);
                assert.ok(validate(withDefaults(rule, {})), JSON.stringify(validate.errors));
                for (const [key, prop] of Object.entries(rule.config)) {
                    assert.ok(prop.description.length > 0, key);
                    assert.strictEqual(validate({ ...withDefaults(rule, {}), [key]: "not-a-valid-value" }), prop.type === "string", key);
                }
            });
            it("passes the compliant stack (no FAIL, no UNKNOWN)", () => {
                const results = evaluateInProcess([rule], compliantStack(), {}, TODAY);
                assert.ok(results.length > 0);
                assert.deepStrictEqual(results.filter((r) => r.state !== "PASS" && r.state !== "NOT_APPLICABLE").map((r) => r.message), []);
            });
        });
    }
});
