import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
    decryptValue,
    encryptValue,
    keyFromEncryptionSalt,
    newPassphraseKey,
} from "../../../infra/secrets/passphrase";

const REPO = path.resolve(__dirname, "../../..");
// Public test vector from pulumi/pulumi pkg/secrets/passphrase/manager_test.go (passphrase
// "password").
const PULUMI_STATE = "v1:fozI5u6B030=:v1:F+6ZduKKd8G0/V7L:PGMFeIzwobWRKmEAzUdaQHqC5mMRIQ==";

describe("Pulumi passphrase secrets (infra/secrets/passphrase)", function () {
    this.timeout(60000); // PBKDF2 with 1,000,000 iterations: about a second per key

    it("opens the encryptionsalt the Pulumi CLI wrote in its own tests, and refuses a wrong passphrase", async () => {
        const { key } = await keyFromEncryptionSalt("password", PULUMI_STATE);
        assert.strictEqual(key.length, 32);
        await assert.rejects(
            keyFromEncryptionSalt("password123", PULUMI_STATE),
            /^Error: incorrect passphrase$/,
        );
    });

    it("round-trips values through a new key, with a fresh nonce each time", async () => {
        const made = await newPassphraseKey("correct horse battery staple");
        assert.match(
            made.encryptionSalt,
            /^v1:[A-Za-z0-9+/]{11}=:v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/=]+$/,
        );
        const reopened = await keyFromEncryptionSalt(
            "correct horse battery staple",
            made.encryptionSalt,
        );
        const secret = 'p@ss\'word "with" $pecial ✓';
        const a = encryptValue(made.key, secret);
        const b = encryptValue(made.key, secret);
        assert.notStrictEqual(a, b);
        assert.match(a, /^v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/=]+$/);
        assert.strictEqual(decryptValue(reopened.key, a), secret);
        assert.strictEqual(decryptValue(reopened.key, b), secret);
    });

    it("refuses a tampered value or another key without showing the value", async () => {
        const one = await newPassphraseKey("one");
        const value = encryptValue(one.key, "s3cret-value");
        const [v, nonce, ct] = value.split(":");
        const flipped = Buffer.from(ct, "base64");
        flipped[0] ^= 1;
        assert.throws(
            () => decryptValue(one.key, `${v}:${nonce}:${flipped.toString("base64")}`),
            /^Error: cannot decrypt: wrong passphrase or corrupted value$/,
        );
        assert.throws(
            () => decryptValue(Buffer.alloc(32), value),
            (e: Error) => !e.message.includes("s3cret"),
        );
        assert.throws(() => decryptValue(one.key, "v2:abc:def"), /unknown value version/);
        assert.throws(() => decryptValue(one.key, "v1:!!!:def"), /nonce is not base64/);
    });

    it("the committed stack files carry a well-formed encryptionsalt and secure values", () => {
        for (const stack of ["landsraad_tst", "mentat_tst", "richese_tst"]) {
            const doc = parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as {
                encryptionsalt: string;
                config: Record<string, unknown>;
            };
            assert.match(
                doc.encryptionsalt,
                /^v1:[A-Za-z0-9+/]{11}=:v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/=]{30,}$/,
                stack,
            );
            const secure = Object.values(doc.config).filter(
                (v): v is { secure: string } =>
                    typeof v === "object" && v !== null && "secure" in v,
            );
            assert.ok(secure.length >= 2, stack);
            for (const { secure: value } of secure) {
                const [version, nonce, ct] = value.split(":");
                assert.strictEqual(version, "v1");
                assert.strictEqual(Buffer.from(nonce, "base64").length, 12);
                assert.ok(Buffer.from(ct, "base64").length > 16);
            }
        }
    });
});
