/**
 * Policy pack config in Pulumi's own format (`{"all": "mandatory", "<policy>": "advisory" |
 * {"enforcementLevel": ..., <property>: ...}}`), parsed, reconciled against each policy's schema
 * defaults and validated the way the engine does before `Configure`.
 */
import * as fs from "fs";
import { sha256Of } from "../lib/pack-digest";
import { objectSchema, validatorFor } from "./config-validators";
import { EvaluationError } from "./errors";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface PolicyConfigEntry {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}

/** What the pack told GetAnalyzerInfo about one policy. */
export interface PolicyInfoLite {
    name: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: { properties: Record<string, Record<string, unknown>>; required?: string[] };
}

/** Parses a config file's text; errors name the file and the key, like the engine. */
export function parsePolicyConfig(text: string, where: string): Record<string, PolicyConfigEntry> {
    if (text.trim() === "") return {};
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new EvaluationError(`${where}: not valid JSON: ${(e as Error).message}`);
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc))
        throw new EvaluationError(
            `${where}: the policy config must be a JSON object of policy names`,
        );
    const result: Record<string, PolicyConfigEntry> = {};
    for (const [key, value] of Object.entries(doc)) {
        if (typeof value === "string") {
            if (!LEVELS.includes(value))
                throw new EvaluationError(
                    `${where}: parsing enforcement level for "${key}": "${value}" is not a valid enforcement level`,
                );
            result[key] = { enforcementLevel: value as EnforcementLevel };
        } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            if (
                enforcementLevel !== undefined &&
                (typeof enforcementLevel !== "string" || !LEVELS.includes(enforcementLevel))
            ) {
                throw new EvaluationError(
                    `${where}: parsing enforcement level for "${key}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`,
                );
            }
            result[key] = {
                ...(enforcementLevel
                    ? { enforcementLevel: enforcementLevel as EnforcementLevel }
                    : {}),
                ...(Object.keys(properties).length ? { properties } : {}),
            };
        } else {
            throw new EvaluationError(
                `${where}: parsing "${key}": ${JSON.stringify(value)} is not a valid value; must be a string or object`,
            );
        }
    }
    return result;
}

/** The file's config, and the digest of the very bytes parsed (what the attestation binds). */
export function readPolicyConfigFile(file: string): {
    config: Record<string, PolicyConfigEntry>;
    sha256: string;
} {
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(file);
    } catch {
        throw new EvaluationError(`--policy-config ${file}: cannot read the file`);
    }
    return { config: parsePolicyConfig(bytes.toString("utf8"), file), sha256: sha256Of(bytes) };
}

/**
 * Defaults from each policy's schema, then `all`, then per-policy config (the engine's
 * ReconcilePolicyPackConfig); every policy's properties validated against its schema.
 * Returns the reconciled config, or throws with one line per invalid field.
 */
export function reconcilePolicyConfig(
    packLabel: string,
    policies: PolicyInfoLite[],
    given: Record<string, PolicyConfigEntry>,
): { config: Record<string, Required<PolicyConfigEntry>>; warnings: string[] } {
    const config: Record<string, Required<PolicyConfigEntry>> = {};
    for (const p of policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {}))
            if ("default" in schema) properties[k] = schema.default;
        config[p.name] = {
            enforcementLevel: given.all?.enforcementLevel ?? p.enforcementLevel,
            properties,
        };
    }
    const warnings: string[] = [];
    for (const [name, entry] of Object.entries(given)) {
        if (name === "all") continue;
        const target = config[name];
        if (!target) {
            // The engine ignores unknown names; a typo would then silently change nothing, so say
            // so.
            warnings.push(
                `policy config names "${name}", which is not a policy of ${packLabel}: ignored`,
            );
            continue;
        }
        if (entry.enforcementLevel) target.enforcementLevel = entry.enforcementLevel;
        Object.assign(target.properties, entry.properties ?? {});
    }
    const errors: string[] = [];
    for (const p of policies) {
        if (!p.configSchema) continue;
        const validate = validatorFor(
            objectSchema(p.configSchema.properties, p.configSchema.required),
        );
        if (validate(config[p.name].properties)) continue;
        for (const e of validate.errors ?? []) {
            const field = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "(root)";
            errors.push(`${p.name}: ${field}: ${e.message ?? "is invalid"}`);
        }
    }
    if (errors.length)
        throw new EvaluationError(
            `validating policy config: ${packLabel}:\n  ${errors.join("\n  ")}`,
        );
    return { config, warnings };
}
