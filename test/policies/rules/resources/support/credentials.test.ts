import * as assert from "assert";
import {
    compilePatterns,
    CREDENTIAL_NAME_PATTERNS,
    MAX_COMPILED_LISTS,
    hasUrlCredentials,
    REDACTED_SECRET,
} from "../../../../../policies/rules/resources/support/credentials";
import { REDACTED } from "../../../../../policies/certify/stack-file";

const looksLikeCredential = (name: string) =>
    compilePatterns("CHOM-RES-015", CREDENTIAL_NAME_PATTERNS).some((p) => p.test(name));

describe("credentials (what CHOM-RES-015 and CHOM-RES-023 take for a credential)", () => {
    it("the default patterns match a credential word at the end of a word, in any case", () => {
        for (const name of [
            "DB_PASS",
            "PGPASSWORD",
            "MYSQL_PASSWD",
            "redis_password",
            "ADMIN_PWD",
            "GITHUB_TOKEN",
            "API_TOKENS",
            "CLIENT_SECRET",
            "APP_KEY",
            "API_KEY",
            "APIKEY",
            "AWS_SECRET_ACCESS_KEY",
            "PRIVATEKEY",
            "traefik.http.middlewares.auth.basicauth.password",
        ])
            assert.ok(looksLikeCredential(name), name);
    });

    it("the default patterns leave alone a credential word inside another word", () => {
        for (const name of [
            "tls.passthrough",
            "KEYCLOAK_URL",
            "VALKEY_URL",
            "MONKEY_MODE",
            "TOKENIZER",
            "SECRETARY",
            "PATH",
            "HOME",
        ])
            assert.ok(!looksLikeCredential(name), name);
    });

    it("compilePatterns compiles case-insensitively, and names a bad pattern with the rule and index", () => {
        const [p] = compilePatterns("CHOM-RES-023", ["^db_"]);
        assert.strictEqual(p.flags, "i");
        assert.ok(p.test("DB_HOST"));
        assert.throws(
            () => compilePatterns("CHOM-RES-023", ["ok", "(unclosed"]),
            (e: Error) =>
                e.message.startsWith(
                    'CHOM-RES-023 config patterns[1] "(unclosed" is not a valid regular expression: ',
                ) && e.cause instanceof SyntaxError,
        );
    });

    it("compilePatterns compiles a list once (every container reuses it); a bad list throws every time", () => {
        const first = compilePatterns("CHOM-RES-023", ["^db_", "token$"]);
        assert.strictEqual(compilePatterns("CHOM-RES-023", ["^db_", "token$"]), first);
        assert.notStrictEqual(compilePatterns("CHOM-RES-023", ["token$", "^db_"]), first);
        assert.notStrictEqual(compilePatterns("CHOM-RES-015", ["^db_", "token$"]), first);
        for (let i = 0; i < 2; i++)
            assert.throws(() => compilePatterns("CHOM-RES-023", ["(unclosed"]), /patterns\[0\]/);
    });

    it("compilePatterns keeps at most MAX_COMPILED_LISTS lists (a long --watch sees one per config edit)", () => {
        const first = compilePatterns("CHOM-RES-023", ["^kept_"]);
        assert.strictEqual(compilePatterns("CHOM-RES-023", ["^kept_"]), first, "cached");
        for (let i = 0; i < MAX_COMPILED_LISTS; i++) compilePatterns("CHOM-RES-023", [`^m${i}_`]);
        const again = compilePatterns("CHOM-RES-023", ["^kept_"]);
        assert.notStrictEqual(again, first, "the cache started again");
        assert.ok(again[0].test("KEPT_X"));
    });

    it("hasUrlCredentials finds a password in a URL's userinfo, and only there", () => {
        assert.ok(hasUrlCredentials("redis://:pw@redis:6379"));
        assert.ok(hasUrlCredentials("DATABASE_URL=mysql://chom:s3cret@mysql/chom"));
        assert.ok(!hasUrlCredentials("redis://redis:6379"));
        assert.ok(!hasUrlCredentials("https://user@example.com/"));
        assert.ok(!hasUrlCredentials("https://example.com/?a=b:c@d"));
        assert.ok(!hasUrlCredentials("no url here: user:pw@host"));
    });

    it("REDACTED_SECRET is certify's redaction marker (kept apart so the pack loads no certify code)", () => {
        assert.strictEqual(REDACTED_SECRET, REDACTED);
    });
});
