import * as assert from "assert";
import {
    cipherWeakness,
    ciphersMozillaIntermediate,
} from "../../../../policies/rules/tls/ciphers-mozilla-intermediate";
import { MOZILLA_INTERMEDIATE_CIPHERS } from "../../../../policies/lib/frameworks";
import { MOZILLA_INTERMEDIATE_TLS12, tls } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import { assertThrowsWhenUnknown, itResourceCases } from "../../../helpers/rule-cases";

/** `cipherWeakness` of each suite: why it is out of the profile, undefined when it is in. */
function assertWeaknesses(table: [suite: string, why: string | undefined][]): void {
    for (const [suite, why] of table) assert.strictEqual(cipherWeakness(suite), why, suite);
}

describe("CHOM-TLS-002 ciphers within Mozilla intermediate 6.0", () => {
    itResourceCases(ciphersMozillaIntermediate, __filename);
    it("defaults to the same list as the fixture, and passes it", () => {
        assert.deepStrictEqual(MOZILLA_INTERMEDIATE_CIPHERS, MOZILLA_INTERMEDIATE_TLS12);
        assert.strictEqual(judgeOne(ciphersMozillaIntermediate, tls()).state, "PASS");
    });
    it("names why each construction is out", () => {
        assertWeaknesses([
            ["DHE-RSA-AES128-GCM-SHA256", "DHE key exchange"],
            ["ECDHE-RSA-AES128-SHA", "CBC mode, not AEAD"],
            ["ECDHE-ECDSA-AES256-SHA384", "CBC mode, not AEAD"],
            ["AES128-GCM-SHA256", "RSA key exchange, no forward secrecy"],
            ["ECDHE-RSA-DES-CBC3-SHA", "3DES/DES"],
            ["RC4-SHA", "RC4"],
            ["NULL-SHA256", "NULL: no encryption or no authentication"],
            ["EXP-RC4-MD5", "EXPORT-grade"],
            ["ADH-AES128-GCM-SHA256", "anonymous key exchange"],
            ["ECDHE-ECDSA-AES128-CCM", "AES-CCM, not in the profile"],
            ...MOZILLA_INTERMEDIATE_TLS12.map((c): [string, undefined] => [c, undefined]),
        ]);
    });
    it("cipherWeakness reads prefixes, not substrings", () => {
        assertWeaknesses([
            ["ECDHE-RSA-AES128-GCM-SHA256-EXP", "EXPORT-grade"],
            ["ECDHE-RSA-AES128-GCM-EXPSHA", "EXPORT-grade"],
            ["ECDHE-RSA-AES128-GCM-SHAEXP", undefined],
            ["AECDH-AES128-SHA", "anonymous key exchange"],
            ["EDH-RSA-AES128-GCM-SHA256", "DHE key exchange"],
            ["PSK-AES128-GCM-SHA256", "not ECDHE key exchange"],
            ["CAMELLIA128-SHA", "RSA key exchange, no forward secrecy"],
            ["ECDHE-ECDSA-AES128-CCM", "AES-CCM, not in the profile"],
        ]);
    });
    it("throws UnknownValueError when ciphers are unknown at preview", () => {
        assertThrowsWhenUnknown(ciphersMozillaIntermediate, tls(), "ciphers");
    });
});
