/**
 * Pulumi's passphrase secrets provider, byte-compatible with the CLI
 * (pulumi/pulumi pkg/secrets/passphrase/manager.go and sdk/go/common/resource/config/crypt.go):
 *
 * - key = PBKDF2-HMAC-SHA256(passphrase, salt, 1,000,000 iterations, 32 bytes);
 * - a value is `v1:<base64 12-byte nonce>:<base64 AES-256-GCM ciphertext with its 16-byte tag>`;
 * - the stack file's `encryptionsalt` is `v1:<base64 8-byte salt>:` followed by the value of the
 *   plaintext "pulumi", which is how a passphrase is checked.
 *
 * Offline evaluation never needs this (secrets are redacted); it exists to write the committed
 * stack files' `secure:` values and to decrypt one when an operator supplies the passphrase.
 */
import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from "crypto";

export const PBKDF2_ITERATIONS = 1_000_000;
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 8;
const CHECK_PLAINTEXT = "pulumi";

/** A derived key with the `encryptionsalt` that proves it. */
export interface PassphraseKey {
    /** The stack file's `encryptionsalt` value. */
    encryptionSalt: string;
    /** The AES-256 key. Keep it in memory only. */
    key: Buffer;
}

/** Strict base64 decode: Go's StdEncoding refuses what Node would silently skip. */
function decodeBase64(text: string, what: string): Buffer {
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text))
        throw new Error(`bad value: ${what} is not base64`);
    return Buffer.from(text, "base64");
}

export function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) =>
        pbkdf2(
            Buffer.from(passphrase, "utf8"),
            salt,
            PBKDF2_ITERATIONS,
            KEY_BYTES,
            "sha256",
            (err, key) => (err ? reject(err) : resolve(key)),
        ),
    );
}

/** Encrypts one value: `v1:<nonce>:<ciphertext+tag>`. */
export function encryptValue(key: Buffer, plaintext: string): string {
    if (key.length !== KEY_BYTES) throw new Error("AES-256-GCM needs a 32 byte key");
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    const sealed = Buffer.concat([
        cipher.update(plaintext, "utf8"),
        cipher.final(),
        cipher.getAuthTag(),
    ]);
    return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
}

/** Decrypts one `v1:` value; throws on a wrong key or a malformed value (never echoing it). */
export function decryptValue(key: Buffer, value: string): string {
    if (key.length !== KEY_BYTES) throw new Error("AES-256-GCM needs a 32 byte key");
    const parts = value.split(":");
    if (parts.length !== 3) throw new Error("bad value: expected v1:<nonce>:<ciphertext>");
    if (parts[0] !== "v1") throw new Error("unknown value version");
    const nonce = decodeBase64(parts[1], "nonce");
    const sealed = decodeBase64(parts[2], "ciphertext");
    if (nonce.length !== NONCE_BYTES) throw new Error("bad value: nonce size is incorrect");
    if (sealed.length < TAG_BYTES) throw new Error("bad value: ciphertext is shorter than its tag");
    const decipher = createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
        return Buffer.concat([
            decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
            decipher.final(),
        ]).toString("utf8");
    } catch {
        throw new Error("cannot decrypt: wrong passphrase or corrupted value");
    }
}

/** A fresh salt and key for a new stack file (what `pulumi stack init` does with a passphrase). */
export async function newPassphraseKey(passphrase: string): Promise<PassphraseKey> {
    const salt = randomBytes(SALT_BYTES);
    const key = await deriveKey(passphrase, salt);
    return {
        encryptionSalt: `v1:${salt.toString("base64")}:${encryptValue(key, CHECK_PLAINTEXT)}`,
        key,
    };
}

/**
 * The key for an existing `encryptionsalt`; throws "incorrect passphrase" when it does not check.
 */
export async function keyFromEncryptionSalt(
    passphrase: string,
    encryptionSalt: string,
): Promise<PassphraseKey> {
    const first = encryptionSalt.indexOf(":");
    const second = encryptionSalt.indexOf(":", first + 1);
    if (first < 0 || second < 0) throw new Error("malformed encryptionsalt");
    if (encryptionSalt.slice(0, first) !== "v1") throw new Error("unknown encryptionsalt version");
    const salt = decodeBase64(encryptionSalt.slice(first + 1, second), "salt");
    const key = await deriveKey(passphrase, salt);
    let check: string;
    try {
        check = decryptValue(key, encryptionSalt.slice(second + 1));
    } catch {
        throw new Error("incorrect passphrase");
    }
    if (check !== CHECK_PLAINTEXT) throw new Error("incorrect passphrase");
    return { encryptionSalt, key };
}
