/** How the real-CLI tests turn the committed stack file into one they can re-encrypt. */
import * as assert from "assert";
import { stripSecureValues } from "../helpers/pulumi-cli";

describe("stripSecureValues (stack file copy for the real-CLI tests)", function () {
    it("drops the salt and every secure value, top-level and nested, and returns their --path keys", function () {
        const { cleaned, secure } = stripSecureValues({
            encryptionsalt: "v1:abc:def",
            config: {
                "chom:appKey": { secure: "v1:aaa" },
                "chom:host": { hostname: "landsraad_tst", address: "10.10.100.20" },
                "chom:backup": {
                    key: { secure: "v1:bbb" },
                    targets: [{ token: { secure: "v1:ccc" }, url: "s3://x" }],
                },
            },
        });
        assert.deepStrictEqual(cleaned, {
            config: {
                "chom:host": { hostname: "landsraad_tst", address: "10.10.100.20" },
                "chom:backup": { targets: [{ url: "s3://x" }] },
            },
        });
        assert.deepStrictEqual(
            secure.map((s) => s.key),
            ["chom:appKey", "chom:backup.key", "chom:backup.targets[0].token"],
        );
    });

    it("keeps a mapping that merely has a `secure` key among others", function () {
        const { cleaned, secure } = stripSecureValues({
            config: { "chom:x": { secure: "no", other: 1 } },
        });
        assert.deepStrictEqual(cleaned, { config: { "chom:x": { secure: "no", other: 1 } } });
        assert.deepStrictEqual(secure, []);
    });

    it("names the problem when config is not a mapping", function () {
        assert.throws(
            () => stripSecureValues({ config: ["a"] }),
            /stack file: `config` must be a mapping/,
        );
    });
});
