/**
 * DSSE envelopes (https://github.com/secure-systems-lab/dsse, protocol v1), the signature
 * wrapper in-toto and cosign use for attestations: the signature is over
 * PAE(payloadType, payload), never over the JSON text of the envelope, so a verifier never has
 * to parse an unauthenticated payload first. ECDSA P-256 (SHA-256, ASN.1 DER signature, as
 * cosign and go-securesystemslib write it) and Ed25519, through Node's crypto only.
 */
import { createPublicKey, KeyObject, sign, verify } from "crypto";

/** The payload type of an in-toto Statement in a DSSE envelope. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** One signature of an envelope. */
export interface DsseSignature {
    /**
     * Unauthenticated hint of the key; empty here, as cosign writes it (a verifier is given the
     * key).
     */
    keyid: string;
    /** Standard base64 of the signature bytes. */
    sig: string;
}

/** A DSSE envelope as JSON carries it. */
export interface DsseEnvelope {
    /** What the payload is; part of what is signed. */
    payloadType: string;
    /** Standard base64 of the payload bytes. */
    payload: string;
    /** At least one signature over PAE(payloadType, payload). */
    signatures: DsseSignature[];
}

/** The signature schemes accepted. */
export type SigningAlgorithm = "ecdsa-p256-sha256" | "ed25519";

/** Signs bytes with a private key the caller loaded; holds the key, never shows it. */
export interface DsseSigner {
    /** Which scheme the key signs with. */
    readonly algorithm: SigningAlgorithm;
    /** The public half, for a verifier. */
    readonly publicKey: KeyObject;
    /** Signature over `data`. */
    sign(data: Buffer): Buffer;
}

/** A key of an algorithm DSSE here does not sign or verify with. */
export class UnsupportedKeyError extends Error {}

/**
 * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes as ASCII
 * decimals.
 */
export function pae(payloadType: string, payload: Buffer): Buffer {
    const type = Buffer.from(payloadType, "utf8");
    return Buffer.concat([
        Buffer.from(`DSSEv1 ${type.length} `, "ascii"),
        type,
        Buffer.from(` ${payload.length} `, "ascii"),
        payload,
    ]);
}

/** The scheme of a key (private or public), or throws naming what the key is. */
export function algorithmOf(key: KeyObject): SigningAlgorithm {
    if (key.asymmetricKeyType === "ed25519") return "ed25519";
    if (key.asymmetricKeyType === "ec") {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve === "prime256v1") return "ecdsa-p256-sha256";
        throw new UnsupportedKeyError(
            `an ECDSA key on curve ${curve ?? "unknown"}; only P-256 (prime256v1) is accepted`,
        );
    }
    throw new UnsupportedKeyError(
        `${key.asymmetricKeyType === undefined ? "a symmetric" : `an ${key.asymmetricKeyType.toUpperCase()}`} key; give an ECDSA P-256 or Ed25519 key`,
    );
}

function signWith(algorithm: SigningAlgorithm, key: KeyObject, data: Buffer): Buffer {
    return algorithm === "ed25519"
        ? sign(null, data, key)
        : sign("sha256", data, { key, dsaEncoding: "der" });
}

function verifyWith(
    algorithm: SigningAlgorithm,
    key: KeyObject,
    data: Buffer,
    sig: Buffer,
): boolean {
    try {
        return algorithm === "ed25519"
            ? verify(null, data, key, sig)
            : verify("sha256", data, { key, dsaEncoding: "der" }, sig);
    } catch {
        return false; // a signature that does not even parse verifies nothing
    }
}

/**
 * A signer over a private key object (ECDSA P-256 or Ed25519; anything else throws
 * UnsupportedKeyError).
 */
export function signerFor(privateKey: KeyObject): DsseSigner {
    if (privateKey.type !== "private") throw new UnsupportedKeyError("not a private key");
    const algorithm = algorithmOf(privateKey);
    return {
        algorithm,
        publicKey: createPublicKey(privateKey),
        sign: (data) => signWith(algorithm, privateKey, data),
    };
}

/** Signs `payload` (exact bytes) into an envelope. */
export function signEnvelope(
    payload: Buffer,
    payloadType: string,
    signer: DsseSigner,
): DsseEnvelope {
    return {
        payloadType,
        payload: payload.toString("base64"),
        signatures: [{ keyid: "", sig: signer.sign(pae(payloadType, payload)).toString("base64") }],
    };
}

/** The envelope as written to attestation.dsse.json: two-space indented, newline-terminated. */
export function renderEnvelope(envelope: DsseEnvelope): string {
    return `${JSON.stringify(envelope, null, 2)}\n`;
}

/**
 * Standard or URL-safe base64 (DSSE allows both), strictly: only the alphabet, correct padding,
 * and no unused bits set, so that two different texts never decode to the same bytes.
 * Returns null when `text` is not such base64.
 */
export function decodeBase64Strict(text: string): Buffer | null {
    const std = text.replace(/-/g, "+").replace(/_/g, "/");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(std)) return null;
    if (std.length % 4 === 1) return null;
    const padded = std.length % 4 === 0 ? std : std + "=".repeat(4 - (std.length % 4));
    const bytes = Buffer.from(padded, "base64");
    return bytes.toString("base64") === padded ? bytes : null;
}

/** What checking an envelope found. */
export type EnvelopeCheck =
    | { ok: true; payload: Buffer; payloadType: string; algorithm: SigningAlgorithm }
    | { ok: false; check: "envelope" | "signature"; reason: string };

/**
 * Parses and checks an envelope's shape, then verifies that one of its signatures is `publicKey`'s
 * over PAE.
 */
export function verifyEnvelope(doc: unknown, publicKey: KeyObject): EnvelopeCheck {
    const env = doc as Partial<DsseEnvelope> | null;
    if (typeof env !== "object" || env === null || Array.isArray(env))
        return { ok: false, check: "envelope", reason: "not a JSON object" };
    if (typeof env.payloadType !== "string")
        return { ok: false, check: "envelope", reason: '"payloadType" is not a string' };
    if (typeof env.payload !== "string")
        return { ok: false, check: "envelope", reason: '"payload" is not a string' };
    const payload = decodeBase64Strict(env.payload);
    if (payload === null)
        return { ok: false, check: "envelope", reason: '"payload" is not base64' };
    if (!Array.isArray(env.signatures) || env.signatures.length === 0)
        return { ok: false, check: "signature", reason: "the envelope has no signature" };
    const algorithm = algorithmOf(publicKey);
    const signed = pae(env.payloadType, payload);
    for (const s of env.signatures as unknown[]) {
        const sig =
            typeof (s as DsseSignature | null)?.sig === "string"
                ? decodeBase64Strict((s as DsseSignature).sig)
                : null;
        if (sig !== null && verifyWith(algorithm, publicKey, signed, sig))
            return { ok: true, payload, payloadType: env.payloadType, algorithm };
    }
    return {
        ok: false,
        check: "signature",
        reason: `no signature of the envelope verifies with the given ${algorithm} key`,
    };
}
