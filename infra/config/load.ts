/**
 * Reads the stack's config from the Pulumi runtime and validates it: a `RunError` (printed without
 * a stack trace) lists every problem before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_SETTINGS, StackSecrets } from "./secrets";
import { NAMESPACE } from "./types";
import type { StackConfig } from "./types";
import { formatConfigErrors, parseStackConfig } from "./validate";

/** What the program needs to declare the stack. */
export interface LoadedStack {
    config: StackConfig;
    secrets: StackSecrets;
}

/**
 * `isConfigSecret` is exported by the SDK's runtime but not typed; it reads
 * PULUMI_CONFIG_SECRET_KEYS.
 */
interface RuntimeSecretKeys {
    isConfigSecret?: (key: string) => boolean;
}

function isSecretConfigKey(key: string): boolean {
    const check = (pulumi.runtime as unknown as RuntimeSecretKeys).isConfigSecret;
    if (typeof check !== "function")
        throw new pulumi.RunError(
            "this @pulumi/pulumi has no runtime.isConfigSecret: cannot tell which settings are secrets",
        );
    const [namespace, ...rest] = key.split(":");
    // The language host may name keys either `ns:key` or the legacy `ns:config:key`.
    return check(key) || check(`${namespace}:config:${rest.join(":")}`);
}

/** Config text as the language host passes it: structured values are JSON. */
function parseConfigText(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

/**
 * Reads and validates the stack's config. Throws `pulumi.RunError` (printed without a stack
 * trace) listing every problem, before any resource is registered.
 */
export function loadStackConfig(): LoadedStack {
    const raw: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (!key.startsWith(`${NAMESPACE}:`)) continue;
        if (isSecretConfigKey(key)) secretKeys.add(key);
        // A secret stays the string it is: parsing it could turn "123" into a number.
        raw[key] = secretKeys.has(key) ? value : parseConfigText(value);
    }
    const result = parseStackConfig(raw, secretKeys);
    if (!result.ok)
        throw new pulumi.RunError(
            formatConfigErrors(result.errors, `Pulumi.${pulumi.getStack()}.yaml`),
        );
    const config = new pulumi.Config(NAMESPACE);
    const secrets: StackSecrets = {};
    for (const name of SECRET_SETTINGS) {
        const value = config.getSecret(name);
        if (value) secrets[name] = value;
    }
    return { config: result.config, secrets };
}
