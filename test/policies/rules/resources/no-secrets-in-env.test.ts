import * as assert from "assert";
import { noSecretsInEnv } from "../../../../policies/rules/resources/no-secrets-in-env";
import { REDACTED } from "../../../../policies/certify/stack-file";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-015 no secrets in plain environment variables", () => {
    it("passes every compliant container (secrets come in as *_FILE paths)", () => {
        assertEveryContainerPasses(noSecretsInEnv);
    });
    itResourceCases(noSecretsInEnv, __filename);
    it("rejects an invalid pattern with an error naming it", () => {
        assert.throws(
            () => judgeOne(noSecretsInEnv, container("app"), { patterns: ["PASSWORD", "("] }),
            (e: Error) =>
                e.message.startsWith(
                    'CHOM-RES-015 config patterns[1] "(" is not a valid regular expression: ',
                ),
        );
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
        assertThrowsUnknown((c) => judgeOne(noSecretsInEnv, c), container("app"), {
            envs: ["APP_ENV=production", UNKNOWN_SENTINEL],
        });
    });
});
