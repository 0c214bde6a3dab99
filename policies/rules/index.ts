/**
 * The rule catalogue: every rule of the pack, in ID order.
 *
 * Layout (test/policies/rules/layout.test.ts holds it): `<family>/<name>.ts` is one rule whose
 * policy is `chom-<prefix>-<name>` and whose export is `<name>` in camelCase; helpers the rules of
 * a family share live in `<family>/support/`; every file has its test at the same path under
 * test/policies/rules/. A policy name never changes (configs are keyed by it): the file follows it.
 */
import type { Rule } from "../lib/rule";
import { BACKUP_RULES } from "./backup";
import { FIREWALL_RULES } from "./firewall";
import { OBSERVABILITY_RULES } from "./observability";
import { RESOURCES_RULES } from "./resources";
import { TLS_RULES } from "./tls";

export const RULES: Rule[] = [
    ...FIREWALL_RULES,
    ...TLS_RULES,
    ...BACKUP_RULES,
    ...RESOURCES_RULES,
    ...OBSERVABILITY_RULES,
];

/** Rule by stable ID or by policy name. */
export function findRule(idOrPolicyName: string): Rule | undefined {
    return RULES.find((r) => r.id === idOrPolicyName || r.policyName === idOrPolicyName);
}
