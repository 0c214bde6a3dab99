/**
 * Rule IDs and policy names that were retired. Neither may ever name another rule: policy
 * configs, exceptions, SARIF baselines and signed attestations keep referring to them. None
 * has been retired yet (checked against the git history on 2026-11-30); retiring a rule means
 * deleting its file and adding it here with the date and the reason.
 */
export interface RetiredRule {
    id: string;
    policyName: string;
    /** YYYY-MM-DD. */
    retired: string;
    why: string;
}

export const RETIRED_RULES: readonly RetiredRule[] = [];
