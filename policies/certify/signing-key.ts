/**
 * The key chom-certify signs the attestation with: a PEM private key (PKCS#8 or SEC1, plain or
 * encrypted), ECDSA P-256 or Ed25519, from `--sign-key FILE` or the
 * environment variable CHOM_SIGN_KEY (the PEM text itself); an encrypted key's passphrase from
 * CHOM_SIGN_KEY_PASSPHRASE. Loaded and checked before anything runs. No message here ever
 * carries the key, the file's content or the passphrase: errors are this module's own words.
 */
import { createPrivateKey, KeyObject } from "crypto";
import * as fs from "fs";
import { DsseSigner, signerFor, UnsupportedKeyError } from "../report/dsse";
import { EvaluationError } from "./errors";

/** Environment variable holding the PEM private key. */
export const SIGN_KEY_ENV = "CHOM_SIGN_KEY";
/** Environment variable holding the passphrase of an encrypted key. */
export const SIGN_KEY_PASSPHRASE_ENV = "CHOM_SIGN_KEY_PASSPHRASE";

/** Largest key file read: a PEM private key is a few hundred bytes; anything bigger is not one. */
const MAX_KEY_BYTES = 64 * 1024;

function privateKeyFrom(pem: Buffer, passphrase: string | undefined, where: string): KeyObject {
    const encrypted = pem.includes("ENCRYPTED");
    if (encrypted && passphrase === undefined)
        throw new EvaluationError(
            `${where}: the key is encrypted: give its passphrase in ${SIGN_KEY_PASSPHRASE_ENV}`,
        );
    try {
        return createPrivateKey({
            key: pem,
            format: "pem",
            ...(passphrase !== undefined ? { passphrase } : {}),
        });
    } catch {
        // Node's own message is not repeated: it is not needed and must never risk echoing key
        // material.
        if (encrypted)
            throw new EvaluationError(
                `${where}: cannot decrypt the key: wrong passphrase (${SIGN_KEY_PASSPHRASE_ENV})`,
            );
        if (pem.includes("PUBLIC KEY"))
            throw new EvaluationError(
                `${where}: this is a public key; signing needs the private key`,
            );
        throw new EvaluationError(`${where}: not a PEM private key`);
    }
}

/**
 * The signer the user gave, or null for an unsigned run. `keyFile` is `--sign-key`; the
 * environment is read for CHOM_SIGN_KEY and the passphrase. Throws EvaluationError (exit 2).
 */
export function loadSigningKey(
    keyFile: string | undefined,
    env: NodeJS.ProcessEnv,
): DsseSigner | null {
    const fromEnv = env[SIGN_KEY_ENV];
    const passphrase = env[SIGN_KEY_PASSPHRASE_ENV];
    if (keyFile !== undefined && fromEnv !== undefined)
        throw new EvaluationError(
            `--sign-key and ${SIGN_KEY_ENV} are both given: give the signing key once`,
        );
    let pem: Buffer, where: string;
    if (keyFile !== undefined) {
        where = `--sign-key ${keyFile}`;
        let stat: fs.Stats;
        try {
            stat = fs.statSync(keyFile);
        } catch {
            throw new EvaluationError(`${where}: no such file`);
        }
        if (!stat.isFile()) throw new EvaluationError(`${where}: not a file`);
        if (stat.size > MAX_KEY_BYTES)
            throw new EvaluationError(
                `${where}: ${stat.size} bytes is not a PEM private key (at most ${MAX_KEY_BYTES} bytes)`,
            );
        try {
            pem = fs.readFileSync(keyFile);
        } catch {
            throw new EvaluationError(`${where}: cannot read the file`);
        }
    } else if (fromEnv !== undefined) {
        where = SIGN_KEY_ENV;
        if (fromEnv.trim() === "")
            throw new EvaluationError(
                `${where} is set but empty: give the PEM private key, or unset it for an unsigned run`,
            );
        pem = Buffer.from(fromEnv, "utf8");
    } else {
        return null;
    }
    if (!pem.includes("-----BEGIN ")) throw new EvaluationError(`${where}: not a PEM private key`);
    const key = privateKeyFrom(pem, passphrase, where);
    try {
        return signerFor(key);
    } catch (e) {
        if (e instanceof UnsupportedKeyError) throw new EvaluationError(`${where}: ${e.message}`);
        throw e;
    }
}

/**
 * Removes the key and passphrase from `env`, so no process this one starts (program, pack) inherits
 * them.
 */
export function forgetSigningEnv(env: NodeJS.ProcessEnv): void {
    delete env[SIGN_KEY_ENV];
    delete env[SIGN_KEY_PASSPHRASE_ENV];
}
