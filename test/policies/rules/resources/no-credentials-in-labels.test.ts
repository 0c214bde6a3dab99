import * as assert from "assert";
import { noCredentialsInLabels } from "../../../../policies/rules/resources/no-credentials-in-labels";
import { REDACTED_SECRET } from "../../../../policies/rules/resources/support/credentials";
import { REDACTED } from "../../../../policies/certify/stack-file";
import { TYPES } from "../../../../policies/lib/subjects";
import { compliantStack, container, containerProps } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

const SECRET = "hunter2-Zq8vX3";
const withLabel = (label: string, value: unknown) =>
    container("app", {
        labels: [...containerProps("app").labels!, { label, value: value as string }],
    });

describe("CHOM-RES-023 no credentials in labels", () => {
    itResourceCases(noCredentialsInLabels, __filename);
    it("passes every compliant container, network and volume (chom.* labels, exception labels included)", () => {
        assertEveryContainerPasses(noCredentialsInLabels);
        for (const r of compliantStack().filter(
            (x) => x.type === TYPES.network || x.type === TYPES.volume,
        ))
            assert.strictEqual(judgeOne(noCredentialsInLabels, r).state, "PASS", r.name);
        for (const [label, value] of [
            ["chom.exception.CHOM-RES-015", "2027-01-01 token rotation pending"],
            ["traefik.tcp.routers.db.tls.passthrough", "true"],
            ["traefik.http.middlewares.auth.basicauth.usersfile", "/run/secrets/htpasswd"],
        ])
            assert.strictEqual(
                judgeOne(noCredentialsInLabels, withLabel(label, value)).state,
                "PASS",
            );
    });
    it("fails a Pulumi secret in a label the same way whether redacted (--state) or unreadable", () => {
        assert.strictEqual(
            REDACTED_SECRET,
            REDACTED,
            "the marker the rule knows is the one certify redacts with",
        );
        const expected =
            "container chom-app label com.example.note holds a Pulumi secret (value not shown); a label is plain text to anyone who can inspect it: keep credentials out of labels";
        assert.strictEqual(
            judgeOne(noCredentialsInLabels, withLabel("com.example.note", REDACTED)).message,
            expected,
        );
        assert.strictEqual(
            judgeOne(noCredentialsInLabels, withLabel("com.example.note", undefined)).message,
            expected,
        );
    });
    it("config: patterns and ignoredLabels", () => {
        const c = withLabel("com.example.signing-key", "public-key-id-17");
        assert.strictEqual(
            judgeOne(noCredentialsInLabels, c, { ignoredLabels: ["com.example.signing-key"] })
                .state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(noCredentialsInLabels, withLabel("com.example.cred", SECRET), {
                patterns: ["cred$"],
            }).state,
            "FAIL",
        );
        assert.throws(
            () => judgeOne(noCredentialsInLabels, c, { patterns: ["("] }),
            (e: Error) =>
                e.message.startsWith(
                    'CHOM-RES-023 config patterns[0] "(" is not a valid regular expression: ',
                ),
        );
    });
    it("throws UnknownValueError when a label value is unknown at preview", () => {
        assertThrowsUnknown(
            (c) => judgeOne(noCredentialsInLabels, c),
            withLabel("com.example.note", UNKNOWN_SENTINEL),
        );
    });
});
