/**
 * What looks like a credential, shared by CHOM-RES-015 (environment) and CHOM-RES-023 (labels):
 * names by word (so `DB_PASS` and `PGPASSWORD` match, `tls.passthrough` and `KEYCLOAK_URL` do
 * not), and credentials written inside a URL (`scheme://user:password@host`).
 */

import type { ConfigProperty } from "../../../lib/rule";

/**
 * Default name patterns (case-insensitive): a word ending in PASS/PASSWORD/PASSWD, PWD, TOKEN,
 * SECRET or KEY. A word ends at a non-alphanumeric character or the end of the name.
 */
export const CREDENTIAL_NAME_PATTERNS = [
    "PASS(WORD|WD)?S?([^a-z0-9]|$)",
    "PWD([^a-z0-9]|$)",
    "TOKENS?([^a-z0-9]|$)",
    "SECRETS?([^a-z0-9]|$)",
    // KEY as a word (APP_KEY, API_KEY, AWS_SECRET_ACCESS_KEY, APIKEY), not inside one (VALKEY_URL,
    // KEYCLOAK_URL).
    "(^|[^a-z0-9]|API|PRIVATE)KEYS?([^a-z0-9]|$)",
];

/**
 * JSON-Schema of a rule's `patterns` (compilePatterns reads them): by default the credential name
 * patterns, and `more` of the rule's own.
 */
export function credentialPatternsProperty(
    description: string,
    more: string[] = [],
): ConfigProperty {
    return {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: [...CREDENTIAL_NAME_PATTERNS, ...more],
        description,
    };
}

/** Compiled pattern lists by rule and patterns: the same few lists serve every container. */
const compiled = new Map<string, readonly RegExp[]>();
/**
 * A stack holds a few lists; a long `--watch` session sees one more per config edit. Past this
 * many the cache starts again rather than grow for the life of the process.
 */
export const MAX_COMPILED_LISTS = 256;

/**
 * Compiles configured patterns, naming the bad one (a crash here is exit 2: the pack cannot
 * evaluate). The expressions have no `g` flag, so one compiled list is safe to share.
 */
export function compilePatterns(ruleId: string, patterns: string[]): readonly RegExp[] {
    const key = `${ruleId}\u0000${JSON.stringify(patterns)}`;
    let list = compiled.get(key);
    if (list === undefined) {
        list = compileEach(ruleId, patterns);
        if (compiled.size >= MAX_COMPILED_LISTS) compiled.clear();
        compiled.set(key, list);
    }
    return list;
}

function compileEach(ruleId: string, patterns: string[]): RegExp[] {
    return patterns.map((p, i) => {
        try {
            return new RegExp(p, "i");
        } catch (e) {
            throw new Error(
                `${ruleId} config patterns[${i}] ${JSON.stringify(p)} is not a valid regular expression: ${(e as Error).message}`,
                { cause: e },
            );
        }
    });
}

// A password part in the userinfo: `redis://:pw@host` and `mysql://u:pw@host` match,
// `redis://redis:6379` does not.
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:[^\s/?#@]+@/i;

/** True when the text holds a URL with a password in it. */
export function hasUrlCredentials(text: string): boolean {
    return URL_WITH_PASSWORD.test(text);
}

/**
 * What a Pulumi secret becomes once redacted (certify's `REDACTED`): in a state export the whole
 * value (e.g. a whole `NAME=value` env entry) is this marker; the offline preview renders a
 * secret config value as it too. Kept here so the pack does not load certify's modules.
 */
export const REDACTED_SECRET = "[secret]";
