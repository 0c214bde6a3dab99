/** The rule catalogue: every rule of the pack, in ID order. */
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
