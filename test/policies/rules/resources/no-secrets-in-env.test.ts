import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { noSecretsInEnv } from "../../../../policies/rules/resources/no-secrets-in-env";
import { REDACTED } from "../../../../policies/certify/stack-file";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const SECRET = "hunter2-Zq8vX3";

describe("CHOM-RES-015 no secrets in plain environment variables", () => {
    it("passes every compliant container (secrets come in as *_FILE paths)", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(noSecretsInEnv, container(s)).state, "PASS", s);
    });
    it("fails a literal password, naming the variable and container but never the value", () => {
        const o = judgeOne(
            noSecretsInEnv,
            container("app", { envs: [`DB_PASSWORD=${SECRET}`, "APP_ENV=production"] }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-app has a literal value in the secret-looking environment variable DB_PASSWORD (value not shown); pass it as a file with DB_PASSWORD_FILE",
        );
        assert.ok(!o.message.includes(SECRET));
    });
    it("fails the original Grafana admin password default, and keys and tokens", () => {
        const o = judgeOne(
            noSecretsInEnv,
            container("grafana", { envs: ["GF_SECURITY_ADMIN_PASSWORD=admin"] }),
        );
        assert.strictEqual(
            o.message,
            "container chom-grafana has a literal value in the secret-looking environment variable GF_SECURITY_ADMIN_PASSWORD (value not shown); pass it as a file with GF_SECURITY_ADMIN_PASSWORD__FILE",
        );
        const many = judgeOne(
            noSecretsInEnv,
            container("app", {
                envs: [
                    `APP_KEY=base64:${SECRET}`,
                    `STRIPE_API_KEY=${SECRET}`,
                    `GITHUB_TOKEN=${SECRET}`,
                    `SIGNING_KEY=${SECRET}`,
                ],
            }),
        );
        assert.deepStrictEqual(many.message.match(/environment variable \w+/g), [
            "environment variable APP_KEY",
            "environment variable STRIPE_API_KEY",
            "environment variable GITHUB_TOKEN",
            "environment variable SIGNING_KEY",
        ]);
        assert.ok(!many.message.includes(SECRET));
    });
    it("fails a *_FILE variable that does not hold a path, without showing it", () => {
        const o = judgeOne(
            noSecretsInEnv,
            container("mysql", { envs: [`MYSQL_PASSWORD_FILE=${SECRET}`] }),
        );
        assert.strictEqual(
            o.message,
            "container chom-mysql: MYSQL_PASSWORD_FILE should name a file (an absolute path) but holds something else; its value is not shown",
        );
        assert.ok(!o.message.includes(SECRET));
    });
    it("passes ignored flags and bare names inherited from the daemon", () => {
        assert.strictEqual(
            judgeOne(
                noSecretsInEnv,
                container("mysql", { envs: ["MYSQL_RANDOM_ROOT_PASSWORD=yes", "DB_PASSWORD"] }),
            ).state,
            "PASS",
        );
    });
    it("takes patterns and ignoredNames from config", () => {
        const c = container("app", { envs: [`DB_PASSWORD=${SECRET}`, `CUSTOM_CRED=${SECRET}`] });
        const o = judgeOne(noSecretsInEnv, c, { patterns: ["^CUSTOM_"] });
        assert.strictEqual(
            o.message,
            "container chom-app has a literal value in the secret-looking environment variable CUSTOM_CRED (value not shown); pass it as a file with CUSTOM_CRED_FILE",
        );
        assert.strictEqual(
            judgeOne(noSecretsInEnv, c, { ignoredNames: ["DB_PASSWORD", "CUSTOM_CRED"] }).state,
            "PASS",
        );
    });
    it("rejects an invalid pattern with an error naming it", () => {
        assert.throws(
            () => judgeOne(noSecretsInEnv, container("app"), { patterns: ["PASSWORD", "("] }),
            (e: Error) =>
                e.message.startsWith(
                    'CHOM-RES-015 config patterns[1] "(" is not a valid regular expression: ',
                ),
        );
    });
    it("fails names with PASS, PWD, TOKEN, SECRET or KEY as a word, not words that merely contain them", () => {
        const names = [
            "DB_PASS",
            "MYSQL_PWD",
            "API_TOKEN",
            "APP_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "PGPASSWORD",
            "JWT_SECRET",
            "STRIPE_APIKEY",
        ];
        const o = judgeOne(
            noSecretsInEnv,
            container("app", { envs: names.map((n) => `${n}=${SECRET}`) }),
        );
        assert.deepStrictEqual(
            o.message.match(/environment variable \w+/g),
            names.map((n) => `environment variable ${n}`),
        );
        assert.ok(!o.message.includes(SECRET));
        const fine = [
            "PASSENGER_APP_ENV=production",
            "KEYCLOAK_URL=http://kc:8080",
            "TOKENIZER=simple",
            "PWD=/var/www",
            "MYSQL_RANDOM_ROOT_PASSWORD=yes",
            "MYSQL_ONETIME_PASSWORD=yes",
        ];
        assert.strictEqual(
            judgeOne(noSecretsInEnv, container("app", { envs: fine })).state,
            "PASS",
        );
    });
    it("fails any variable holding a URL with a password, without showing it", () => {
        const o = judgeOne(
            noSecretsInEnv,
            container("app", {
                envs: [
                    `DATABASE_URL=mysql://chom:${SECRET}@mysql/chom`,
                    `REDIS_URL=redis://:${SECRET}@redis:6379`,
                    "REDIS_ADDR=redis://redis:6379",
                    "UPSTREAM=https://user@example.com/x",
                ],
            }),
        );
        assert.strictEqual(
            o.message,
            [
                "container chom-app has a URL with a password in the environment variable DATABASE_URL (value not shown); build the URL in the service from a password file",
                "container chom-app has a URL with a password in the environment variable REDIS_URL (value not shown); build the URL in the service from a password file",
            ].join("; "),
        );
    });
    it("fails a variable that switches the database password off, with its own message", () => {
        const o = judgeOne(
            noSecretsInEnv,
            container("mysql", { envs: ["MYSQL_ALLOW_EMPTY_PASSWORD=no"] }),
        );
        assert.strictEqual(
            o.message,
            "container chom-mysql sets MYSQL_ALLOW_EMPTY_PASSWORD: MySQL's root account gets no password (any non-empty value means yes); remove it and set MYSQL_ROOT_PASSWORD_FILE",
        );
        const pg = judgeOne(
            noSecretsInEnv,
            container("app", { envs: ["POSTGRES_HOST_AUTH_METHOD=trust"] }),
        );
        assert.strictEqual(
            pg.message,
            "container chom-app sets POSTGRES_HOST_AUTH_METHOD: PostgreSQL lets every connection in without a password (trust); remove it and set POSTGRES_PASSWORD_FILE with the default scram-sha-256",
        );
        assert.strictEqual(
            judgeOne(
                noSecretsInEnv,
                container("mysql", {
                    envs: [
                        "MYSQL_ALLOW_EMPTY_PASSWORD=",
                        "ALLOW_EMPTY_PASSWORD=no",
                        "POSTGRES_HOST_AUTH_METHOD=scram-sha-256",
                    ],
                }),
            ).state,
            "PASS",
        );
    });
    it("fails Grafana's single-underscore _FILE, which Grafana ignores, and passes its __FILE", () => {
        const o = judgeOne(
            noSecretsInEnv,
            container("grafana", {
                envs: ["GF_SECURITY_ADMIN_PASSWORD_FILE=/run/secrets/grafana-admin-password"],
            }),
        );
        assert.strictEqual(
            o.message,
            "container chom-grafana: Grafana ignores GF_SECURITY_ADMIN_PASSWORD_FILE (it reads GF_SECURITY_ADMIN_PASSWORD__FILE, two underscores), so the setting keeps its default; rename it GF_SECURITY_ADMIN_PASSWORD__FILE",
        );
        assert.strictEqual(judgeOne(noSecretsInEnv, container("grafana")).state, "PASS");
    });
    it("fails a Pulumi secret entry with one message whether redacted (--state), unreadable or rendered offline", () => {
        const expected =
            "container chom-app passes a Pulumi secret in its plain environment (entry #2, value not shown); a secret in envs is plain text to docker inspect: upload it as a file and pass its path in <NAME>_FILE";
        for (const entry of [
            REDACTED,
            `SMTP_CONF=${REDACTED}`,
            undefined,
            {
                "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                ciphertext: "x",
            },
        ]) {
            const o = judgeOne(
                noSecretsInEnv,
                container("app", { envs: ["APP_ENV=production", entry as string] }),
            );
            assert.strictEqual(o.message, expected, JSON.stringify(entry));
        }
        const whole = judgeOne(
            noSecretsInEnv,
            container("app", { envs: REDACTED as unknown as string[] }),
        );
        assert.strictEqual(
            whole.message,
            "container chom-app passes a Pulumi secret in its plain environment (the whole envs list, value not shown); a secret in envs is plain text to docker inspect: upload it as a file and pass its path in <NAME>_FILE",
        );
    });
    it("throws UnknownValueError when an environment entry is unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({
            ...c.props,
            envs: ["APP_ENV=production", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"],
        });
        assert.throws(
            () => judgeOne(noSecretsInEnv, c),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
});
