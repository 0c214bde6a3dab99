import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName } from "./support/container-facts";
import {
    compilePatterns,
    credentialPatternsProperty,
    hasUrlCredentials,
    REDACTED_SECRET,
} from "./support/credentials";

/** Config of CHOM-RES-015. */
export type NoSecretsInEnvConfig = {
    /**
     * Case-insensitive regular expressions; a variable whose name matches one is secret-looking.
     */
    patterns: string[];
    /**
     * Variable names that match a pattern but hold no secret (flags such as
     * MYSQL_RANDOM_ROOT_PASSWORD).
     */
    ignoredNames: string[];
};

/**
 * Variables that switch a password off: the database then accepts its root or every user with
 * none. The official MySQL and MariaDB entrypoints take any non-empty value as yes.
 */
const NO_PASSWORD: {
    name: string;
    when: (value: string) => boolean;
    what: string;
    instead: string;
}[] = [
    {
        name: "MYSQL_ALLOW_EMPTY_PASSWORD",
        when: (v) => v !== "",
        what: "MySQL's root account gets no password (any non-empty value means yes)",
        instead: "MYSQL_ROOT_PASSWORD_FILE",
    },
    {
        name: "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
        when: (v) => v !== "",
        what: "MariaDB's root account gets no password (any non-empty value means yes)",
        instead: "MARIADB_ROOT_PASSWORD_FILE",
    },
    {
        name: "MARIADB_ALLOW_EMPTY_PASSWORD",
        when: (v) => v !== "",
        what: "MariaDB's root account gets no password (any non-empty value means yes)",
        instead: "MARIADB_ROOT_PASSWORD_FILE",
    },
    {
        name: "ALLOW_EMPTY_PASSWORD",
        when: (v) => /^(yes|true|1)$/i.test(v),
        what: "the service accepts logins with no password",
        instead: "the image's *_PASSWORD_FILE variable",
    },
    {
        name: "POSTGRES_HOST_AUTH_METHOD",
        when: (v) => v.trim().toLowerCase() === "trust",
        what: "PostgreSQL lets every connection in without a password (trust)",
        instead: "POSTGRES_PASSWORD_FILE with the default scram-sha-256",
    },
];

/**
 * The `*_FILE` twin the image reads: Grafana reads `GF_<SECTION>_<KEY>__FILE` (two underscores).
 */
export function fileVariableFor(name: string): string {
    return /^GF_/i.test(name) ? `${name}__FILE` : `${name}_FILE`;
}

/**
 * CHOM-RES-015: a plain environment variable is visible to anyone who can `docker inspect`, in
 * the Pulumi state and in crash dumps. Secrets go in files (`*_FILE`). The value is never
 * repeated in a message, only the variable and container names. Entries are read one by one
 * (not through envEntries) because a secret entry may not be a string at all.
 */
export const noSecretsInEnv: ResourceRule<NoSecretsInEnvConfig> = {
    id: "CHOM-RES-015",
    policyName: "chom-res-no-secrets-in-env",
    title: "No secret-looking values in plain container environment variables",
    category: "Security",
    severity: "critical",
    framework: certificateRef("Secrets management validated"),
    description:
        "An environment variable whose name looks like a secret (a word ending in PASS, PASSWORD, PWD, TOKEN, SECRET or KEY: " +
        "DB_PASS, MYSQL_PWD, API_TOKEN, APP_KEY, AWS_SECRET_ACCESS_KEY, PGPASSWORD...) must not carry a literal value; no variable " +
        "may hold a URL with a password in it (DATABASE_URL=mysql://user:password@host); no variable may switch a database " +
        "password off (MYSQL_ALLOW_EMPTY_PASSWORD, POSTGRES_HOST_AUTH_METHOD=trust...); an entry that is a Pulumi secret is still " +
        "plain text to `docker inspect` and fails too (the same answer in a preview and from a state export, where it is redacted). " +
        "A name ending in `_FILE` whose value is an absolute path is fine; Grafana reads `GF_..._PASSWORD__FILE` (two " +
        "underscores) and ignores the single-underscore form, which fails.",
    remediation:
        "Upload the secret as a file (a Pulumi secret rendered into `uploads`) and pass `<NAME>_FILE=/run/secrets/<name>` instead " +
        "(`<NAME>__FILE` for Grafana's GF_ variables); build connection URLs inside the service from a password file.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: a literal secret in a container's environment is readable by anyone who can inspect the container or read the Pulumi state, exposing the credential; the certificate's \"Secrets management validated\" requires secrets kept out of plain inputs.",
    appliesTo: [TYPES.container],
    certificateItem: "Secrets management validated",
    scope: "resource",
    config: {
        patterns: credentialPatternsProperty(
            "Case-insensitive regular expressions matched against variable names.",
        ),
        ignoredNames: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [
                "MYSQL_RANDOM_ROOT_PASSWORD",
                "MARIADB_RANDOM_ROOT_PASSWORD",
                "MYSQL_ONETIME_PASSWORD",
                "MARIADB_ONETIME_PASSWORD",
                "PWD",
                "OLDPWD",
            ],
            description:
                "Exact variable names that match a pattern but hold a flag or a path, not a secret (PWD is the working directory).",
        },
    },
    check(subject, config) {
        const c = subject.props as ContainerProps;
        const patterns = compilePatterns("CHOM-RES-015", config.patterns);
        const name = containerName(subject);
        const envs: unknown = c.envs;
        if (envs === undefined || envs === null) return [];
        const secretEntry = (which: string) => ({
            message: `container ${name} passes a Pulumi secret in its plain environment (${which}, value not shown); a secret in envs is plain text to docker inspect: upload it as a file and pass its path in <NAME>_FILE`,
        });
        if (!Array.isArray(envs)) return [secretEntry("the whole envs list")];
        const found: Violation[] = [];
        envs.forEach((entry: unknown, i) => {
            // A secret entry: redacted in a state export, unreadable from a real one, rendered with
            // the marker offline.
            if (typeof entry !== "string" || entry.includes(REDACTED_SECRET)) {
                found.push(secretEntry(`entry #${i + 1}`));
                return;
            }
            const at = entry.indexOf("=");
            const env =
                at < 0
                    ? { name: entry, value: undefined }
                    : { name: entry.slice(0, at), value: entry.slice(at + 1) };
            // A bare NAME (no "=") inherits from the daemon: no literal here.
            if (env.value === undefined) return;
            // A password switch is a flag, not a secret: a finding when it turns the password off,
            // else nothing.
            const flag = NO_PASSWORD.find((n) => n.name === env.name.toUpperCase());
            if (flag !== undefined) {
                if (flag.when(env.value))
                    found.push({
                        message: `container ${name} sets ${env.name}: ${flag.what}; remove it and set ${flag.instead}`,
                    });
                return;
            }
            if (hasUrlCredentials(env.value)) {
                found.push({
                    message: `container ${name} has a URL with a password in the environment variable ${env.name} (value not shown); build the URL in the service from a password file`,
                });
                return;
            }
            if (config.ignoredNames.includes(env.name) || !patterns.some((p) => p.test(env.name)))
                return;
            if (/_FILE$/i.test(env.name)) {
                if (/^GF_/i.test(env.name) && !/__FILE$/i.test(env.name)) {
                    const base = env.name.slice(0, -"_FILE".length);
                    found.push({
                        message: `container ${name}: Grafana ignores ${env.name} (it reads ${base}__FILE, two underscores), so the setting keeps its default; rename it ${base}__FILE`,
                    });
                    return;
                }
                if (env.value.startsWith("/")) return;
                found.push({
                    message: `container ${name}: ${env.name} should name a file (an absolute path) but holds something else; its value is not shown`,
                });
                return;
            }
            found.push({
                message: `container ${name} has a literal value in the secret-looking environment variable ${env.name} (value not shown); pass it as a file with ${fileVariableFor(env.name)}`,
            });
        });
        return found;
    },
};
