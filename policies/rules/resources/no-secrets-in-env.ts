import type { ResourceRule, Violation } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName, envEntries } from "./container-facts";

/** Config of CHOM-RES-015. */
export type NoSecretsInEnvConfig = {
    /** Case-insensitive regular expressions; a variable whose name matches one is secret-looking. */
    patterns: string[];
    /** Variable names that match a pattern but hold no secret (flags such as MYSQL_RANDOM_ROOT_PASSWORD). */
    ignoredNames: string[];
};

/** Compiles the configured patterns, naming the bad one (a crash here is exit 2: the pack cannot evaluate). */
function compile(patterns: string[]): RegExp[] {
    return patterns.map((p, i) => {
        try {
            return new RegExp(p, "i");
        } catch (e) {
            throw new Error(`CHOM-RES-015 config patterns[${i}] ${JSON.stringify(p)} is not a valid regular expression: ${(e as Error).message}`);
        }
    });
}

/**
 * CHOM-RES-015: a plain environment variable is visible to anyone who can `docker inspect`, in
 * the Pulumi state and in crash dumps. Secrets go in files (`*_FILE`). The value is never
 * repeated in a message, only the variable and container names.
 */
export const noSecretsInEnv: ResourceRule<NoSecretsInEnvConfig> = {
    id: "CHOM-RES-015",
    policyName: "chom-res-no-secrets-in-env",
    title: "No secret-looking values in plain container environment variables",
    category: "Security",
    severity: "critical",
    framework: { name: "CHOM Production Confidence Certificate", version: "1.0", reference: "Security Posture: Secrets management validated" },
    description:
        "An environment variable whose name looks like a secret (PASSWORD, SECRET, TOKEN, API_KEY, ... or ending in _KEY) must not " +
        "carry a literal value. A name ending in `_FILE` whose value is an absolute path (the file holding the secret) is fine.",
    remediation: "Upload the secret as a file (a Pulumi secret rendered into `uploads`) and pass `<NAME>_FILE=/run/secrets/<name>` instead.",
    enforcementLevel: "mandatory",
    enforcementRationale: "Mandatory: a literal secret in a container's environment is readable by anyone who can inspect the container or read the Pulumi state, exposing the credential; the certificate's \"Secrets management validated\" requires secrets kept out of plain inputs.",
    appliesTo: [TYPES.container],
    certificateItem: "Secrets management validated",
    scope: "resource",
    config: {
        patterns: {
            type: "array", items: { type: "string", minLength: 1 },
            default: ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "PRIVATE_KEY", "APP_KEY", "_KEY$"],
            description: "Case-insensitive regular expressions matched against variable names.",
        },
        ignoredNames: {
            type: "array", items: { type: "string", minLength: 1 }, default: ["MYSQL_RANDOM_ROOT_PASSWORD"],
            description: "Exact variable names that match a pattern but hold a flag, not a secret.",
        },
    },
    check(subject, config) {
        const c = subject.props as ContainerProps;
        const patterns = compile(config.patterns);
        const name = containerName(subject);
        const found: Violation[] = [];
        for (const env of envEntries(c)) {
            if (config.ignoredNames.includes(env.name) || !patterns.some((p) => p.test(env.name))) continue;
            // A bare NAME (no "=") inherits from the daemon: no literal here.
            if (env.value === undefined) continue;
            if (/_FILE$/i.test(env.name)) {
                if (env.value.startsWith("/")) continue;
                found.push({ message: `container ${name}: ${env.name} should name a file (an absolute path) but holds something else; its value is not shown` });
                continue;
            }
            found.push({
                message: `container ${name} has a literal value in the secret-looking environment variable ${env.name} (value not shown); pass it as a file with ${env.name}_FILE`,
            });
        }
        return found;
    },
};
