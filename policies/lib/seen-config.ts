/**
 * The config each policy was given, as it ran. A policy sees only its own config (and not its
 * enforcement level); the attestation policy runs after all of them (AnalyzeStack comes last)
 * and evaluates every rule in-process with what they recorded here.
 */
import type { PackConfig } from "./run-rules";

const seen: PackConfig = {};

/** Records the config a policy got, so the in-process evaluation uses it. */
export function recordPolicyConfig(policyName: string, config: PackConfig[string]): void {
    seen[policyName] = { ...config };
}

/** The pack config recorded so far. */
export function packConfigSeen(): PackConfig {
    return { ...seen };
}
