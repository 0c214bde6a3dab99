import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { noSecretsInEnv } from "../../../../policies/rules/resources/no-secrets-in-env";
import { container, SERVICES } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

const SECRET = "hunter2-Zq8vX3";

describe("CHOM-RES-015 no secrets in plain environment variables", () => {
    it("passes every compliant container (secrets come in as *_FILE paths)", () => {
        for (const s of SERVICES) assert.strictEqual(judgeOne(noSecretsInEnv, container(s)).state, "PASS", s);
    });
    it("fails a literal password, naming the variable and container but never the value", () => {
        const o = judgeOne(noSecretsInEnv, container("app", { envs: [`DB_PASSWORD=${SECRET}`, "APP_ENV=production"] }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, "container chom-app has a literal value in the secret-looking environment variable DB_PASSWORD (value not shown); pass it as a file with DB_PASSWORD_FILE");
        assert.ok(!o.message.includes(SECRET));
    });
    it("fails the original Grafana admin password default, and keys and tokens", () => {
        const o = judgeOne(noSecretsInEnv, container("grafana", { envs: ["GF_SECURITY_ADMIN_PASSWORD=admin"] }));
        assert.strictEqual(o.message, "container chom-grafana has a literal value in the secret-looking environment variable GF_SECURITY_ADMIN_PASSWORD (value not shown); pass it as a file with GF_SECURITY_ADMIN_PASSWORD_FILE");
        const many = judgeOne(noSecretsInEnv, container("app", { envs: [`APP_KEY=base64:${SECRET}`, `STRIPE_API_KEY=${SECRET}`, `GITHUB_TOKEN=${SECRET}`, `SIGNING_KEY=${SECRET}`] }));
        assert.deepStrictEqual(many.message.match(/environment variable \w+/g), [
            "environment variable APP_KEY", "environment variable STRIPE_API_KEY", "environment variable GITHUB_TOKEN", "environment variable SIGNING_KEY",
        ]);
        assert.ok(!many.message.includes(SECRET));
    });
    it("fails a *_FILE variable that does not hold a path, without showing it", () => {
        const o = judgeOne(noSecretsInEnv, container("mysql", { envs: [`MYSQL_PASSWORD_FILE=${SECRET}`] }));
        assert.strictEqual(o.message, "container chom-mysql: MYSQL_PASSWORD_FILE should name a file (an absolute path) but holds something else; its value is not shown");
        assert.ok(!o.message.includes(SECRET));
    });
    it("passes ignored flags and bare names inherited from the daemon", () => {
        assert.strictEqual(judgeOne(noSecretsInEnv, container("mysql", { envs: ["MYSQL_RANDOM_ROOT_PASSWORD=yes", "DB_PASSWORD"] })).state, "PASS");
    });
    it("takes patterns and ignoredNames from config", () => {
        const c = container("app", { envs: [`DB_PASSWORD=${SECRET}`, `CUSTOM_CRED=${SECRET}`] });
        const o = judgeOne(noSecretsInEnv, c, { patterns: ["^CUSTOM_"] });
        assert.strictEqual(o.message, "container chom-app has a literal value in the secret-looking environment variable CUSTOM_CRED (value not shown); pass it as a file with CUSTOM_CRED_FILE");
        assert.strictEqual(judgeOne(noSecretsInEnv, c, { ignoredNames: ["DB_PASSWORD", "CUSTOM_CRED"] }).state, "PASS");
    });
    it("rejects an invalid pattern with an error naming it", () => {
        assert.throws(
            () => judgeOne(noSecretsInEnv, container("app"), { patterns: ["PASSWORD", "("] }),
            (e: Error) => e.message.startsWith('CHOM-RES-015 config patterns[1] "(" is not a valid regular expression: '),
        );
    });
    it("throws UnknownValueError when an environment entry is unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({ ...c.props, envs: ["APP_ENV=production", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"] });
        assert.throws(() => judgeOne(noSecretsInEnv, c), (e: Error) => e.constructor.name === "UnknownValueError");
    });
});
