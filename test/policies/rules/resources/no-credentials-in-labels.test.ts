import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { noCredentialsInLabels } from "../../../../policies/rules/resources/no-credentials-in-labels";
import { REDACTED_SECRET } from "../../../../policies/rules/resources/support/credentials";
import { REDACTED } from "../../../../policies/certify/stack-file";
import { TYPES } from "../../../../policies/lib/subjects";
import {
    compliantStack,
    container,
    containerProps,
    network,
    SERVICES,
    volume,
} from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const SECRET = "hunter2-Zq8vX3";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const withLabel = (label: string, value: unknown) =>
    container("app", {
        labels: [...containerProps("app").labels!, { label, value: value as string }],
    });

describe("CHOM-RES-023 no credentials in labels", () => {
    it("passes every compliant container, network and volume (chom.* labels, exception labels included)", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(noCredentialsInLabels, container(s)).state, "PASS", s);
        for (const r of compliantStack().filter(
            (x) => x.type === TYPES.network || x.type === TYPES.volume,
        ))
            assert.strictEqual(judgeOne(noCredentialsInLabels, r).state, "PASS", r.name);
        assert.strictEqual(
            judgeOne(
                noCredentialsInLabels,
                withLabel("chom.exception.CHOM-RES-015", "2027-01-01 token rotation pending"),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                noCredentialsInLabels,
                withLabel("traefik.tcp.routers.db.tls.passthrough", "true"),
            ).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(
                noCredentialsInLabels,
                withLabel(
                    "traefik.http.middlewares.auth.basicauth.usersfile",
                    "/run/secrets/htpasswd",
                ),
            ).state,
            "PASS",
        );
    });
    it("fails a credential-looking label name, never showing the value", () => {
        const o = judgeOne(noCredentialsInLabels, withLabel("com.example.api-token", SECRET));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-app label com.example.api-token looks like a credential and has a literal value (value not shown); keep credentials out of labels",
        );
        for (const name of [
            "db.password",
            "backup.PASS",
            "MYSQL_PWD",
            "app.secret",
            "x-api-key",
            "traefik.http.middlewares.h.headers.customrequestheaders.X-Api-Key",
        ]) {
            const r = judgeOne(noCredentialsInLabels, withLabel(name, SECRET));
            assert.strictEqual(r.state, "FAIL", name);
            assert.ok(!r.message.includes(SECRET));
        }
    });
    it("fails Traefik basic and digest auth user lists (hashes are credentials)", () => {
        const o = judgeOne(
            noCredentialsInLabels,
            withLabel(
                "traefik.http.middlewares.auth.basicauth.users",
                "admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/",
            ),
        );
        assert.strictEqual(
            o.message,
            "container chom-app label traefik.http.middlewares.auth.basicauth.users looks like a credential and has a literal value (value not shown); keep credentials out of labels",
        );
        assert.strictEqual(
            judgeOne(
                noCredentialsInLabels,
                withLabel("traefik.http.middlewares.d.digestauth.users", "u:realm:hash"),
            ).state,
            "FAIL",
        );
    });
    it("fails a URL with a password in any label value, chom.* included", () => {
        const o = judgeOne(
            noCredentialsInLabels,
            withLabel("com.example.upstream", `https://bot:${SECRET}@git.example.com/repo`),
        );
        assert.strictEqual(
            o.message,
            "container chom-app label com.example.upstream holds a URL with a password in it (value not shown); keep credentials out of labels",
        );
        assert.strictEqual(
            judgeOne(noCredentialsInLabels, withLabel("chom.note", `redis://:${SECRET}@redis:6379`))
                .state,
            "FAIL",
        );
        assert.strictEqual(
            judgeOne(
                noCredentialsInLabels,
                withLabel("com.example.upstream", "https://git.example.com:443/repo"),
            ).state,
            "PASS",
        );
    });
    it("fails labels on networks and volumes too", () => {
        const net = network("chom-edge", false);
        net.props.labels = [{ label: "vpn.psk.secret", value: SECRET }];
        assert.strictEqual(
            judgeOne(noCredentialsInLabels, net).message,
            "network chom-edge label vpn.psk.secret looks like a credential and has a literal value (value not shown); keep credentials out of labels",
        );
        const vol = volume("chom-data");
        vol.props.labels = [{ label: "backup.target", value: `s3://AKIA:${SECRET}@bucket/prefix` }];
        assert.strictEqual(
            judgeOne(noCredentialsInLabels, vol).message,
            "volume chom-data label backup.target holds a URL with a password in it (value not shown); keep credentials out of labels",
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
        const c = withLabel("com.example.note", UNKNOWN);
        c.props = unknownCheckingProxy(c.props);
        assert.throws(() => judgeOne(noCredentialsInLabels, c), UnknownValueError);
    });
});
