/**
 * The secret settings: which they are, which service needs each, how the stack file must hold them
 * (Pulumi secrets, values never read here except to check they are set), and how the program
 * gets them (as Outputs only).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ServiceName } from "../services";
import { NAMESPACE } from "./types";
import type { ConfigError } from "./types";

/** Settings that must be Pulumi secrets (`secure:` in the stack file). */
export const SECRET_SETTINGS = [
    "mysqlRootPassword",
    "mysqlPassword",
    "redisPassword",
    "grafanaAdminPassword",
    "backupEncryptionKey",
    "appKey",
] as const;
export type SecretSetting = (typeof SECRET_SETTINGS)[number];

/** The service whose presence makes a secret required (a stack without it may omit the secret). */
export const SECRET_REQUIRED_BY: Record<SecretSetting, ServiceName> = {
    mysqlRootPassword: "mysql",
    mysqlPassword: "mysql",
    redisPassword: "redis",
    grafanaAdminPassword: "grafana",
    backupEncryptionKey: "backup",
    appKey: "app",
};

function isSecureObject(value: unknown): value is { secure: string } {
    return (
        typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}

/** Every secret setting that is missing where required, or not a Pulumi secret. */
export function secretErrors(
    raw: Record<string, unknown>,
    secretKeys: ReadonlySet<string>,
    declared: ReadonlySet<string>,
): ConfigError[] {
    const errors: ConfigError[] = [];
    for (const name of SECRET_SETTINGS) {
        const key = `${NAMESPACE}:${name}`;
        const how = `set it with \`pulumi config set --secret ${key}\` (it prompts for the value)`;
        const value = raw[key];
        if (value === undefined) {
            const service = SECRET_REQUIRED_BY[name];
            if (declared.has(service))
                errors.push({
                    path: key,
                    message: `missing: required because chom:services declares ${service}; ${how}`,
                });
        } else if (isSecureObject(value)) {
            continue;
        } else if (typeof value !== "string") {
            errors.push({
                path: key,
                message: `must be a secret string, not ${kindOf(value)}; ${how}`,
            });
        } else if (!secretKeys.has(key)) {
            // Never echo the value: it is a password in plain text.
            errors.push({
                path: key,
                message: `is plain text in the stack file; it must be a Pulumi secret: ${how}`,
            });
        } else if (value.length === 0) {
            errors.push({ path: key, message: `is empty; ${how}` });
        }
    }
    return errors;
}

/** `null`, `a list`, `a map`, `a number`...: what a value is, for messages (never the value). */
export function kindOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    return typeof value === "object" ? "a map" : `a ${typeof value}`;
}

/** The secret settings that are set, as Pulumi secrets (plaintext never leaves an Output). */
export type StackSecrets = Partial<Record<SecretSetting, pulumi.Output<string>>>;

/** A secret the declared services need (validation guarantees it is set). */
export function requireSecret(secrets: StackSecrets, name: SecretSetting): pulumi.Output<string> {
    const value = secrets[name];
    if (!value)
        throw new pulumi.RunError(
            `${NAMESPACE}:${name} is not set; set it with \`pulumi config set --secret ${NAMESPACE}:${name}\``,
        );
    return value;
}
