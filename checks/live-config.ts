/**
 * `chom:live`: how the checker reaches a stack's host over SSH. Validated with zod, like every
 * other setting of the stack file (infra/config.ts takes this schema as one of its sections).
 * The private key path and the passphrase are never copied into an output: the key is read
 * from the path, the passphrase from the environment variable the config names.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import { isIP } from "net";
import { z } from "zod";

/**
 * A host key as `ssh-keyscan` or a `.pub` file prints it: `<type> <base64 blob>` (a comment may
 * follow).
 */
const HOST_KEY =
    /^(ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|ssh-rsa) ([A-Za-z0-9+/]+={0,2})(?: .*)?$/;
const HOSTNAME =
    /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const address = z
    .string()
    .refine((s) => isIP(s) !== 0 || HOSTNAME.test(s), "must be an IP address or a host name");
const port = z.number().int().min(1).max(65535);
const absPath = z
    .string()
    .regex(/^\/[A-Za-z0-9._/@+-]*$/, "must be an absolute path of plain characters");
/** URLs the checker asks the host to fetch with curl: plain http(s), no shell characters. */
const hostUrl = z
    .string()
    .regex(
        /^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[A-Za-z0-9._~/-]*)?$/,
        "must be an http(s) URL of plain characters",
    );

export const liveConfigSchema = z.strictObject({
    /** Address the checker connects to (SSH and, unless `tls.address` says otherwise, TLS). */
    address,
    /** SSH port (default 22). */
    sshPort: port.default(22),
    /** SSH user; key authentication only. */
    user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "must be a plain Unix user name"),
    /** Path of the private key on the machine running the checker. Never printed. */
    privateKeyPath: z.string().min(1),
    /** Name of the environment variable holding the key's passphrase, if the key has one. */
    passphraseEnv: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name")
        .optional(),
    /**
     * The host's public key, pinned: `ssh-ed25519 AAAA…` (as `ssh-keyscan` prints it). Any other
     * key is refused.
     */
    hostKey: z.string().regex(HOST_KEY, "must be '<key type> <base64>' as ssh-keyscan prints it"),
    /**
     * Everything for this host (connect, commands, TLS probes) must finish within this many
     * seconds.
     */
    deadlineSeconds: z.number().positive().max(600).default(20),
    /**
     * Docker endpoint on the host (`unix:///var/run/docker.sock` when not set). When set, the
     * container list is read from this socket with curl (a GET) and the docker CLI runs once,
     * not three times.
     */
    dockerHost: z
        .string()
        .regex(/^unix:\/\/\/[A-Za-z0-9._/-]+$/, "must be unix:///<path>")
        .optional(),
    /** Docker client on the host (default `docker` on the session's PATH). */
    dockerCli: absPath.optional(),
    /**
     * Where the checker reaches the TLS edge (default: `address`, 443 and 80, SNI = the first
     * declared domain).
     */
    tls: z
        .strictObject({
            address: address.optional(),
            httpsPort: port.default(443),
            httpPort: port.default(80),
            serverName: z.string().regex(HOSTNAME).optional(),
            /** PEM CA bundle to verify the chain against (default: Node's bundled CAs). */
            caFile: z.string().min(1).optional(),
        })
        .optional(),
    /**
     * Monitoring endpoints as reached from the host itself (defaults: 127.0.0.1 and the usual
     * ports).
     */
    monitoring: z
        .strictObject({
            prometheus: hostUrl.optional(),
            grafana: hostUrl.optional(),
            loki: hostUrl.optional(),
        })
        .optional(),
});

export type LiveConfig = z.infer<typeof liveConfigSchema>;

/** What a host's checks need: the validated config plus the decoded pinned key. */
export interface LiveTarget {
    /** Stack name (for messages and subjects). */
    stack: string;
    config: LiveConfig;
    /** The pinned host key blob (what the server presents in the SSH handshake). */
    hostKeyBlob: Buffer;
    hostKeyType: string;
}

/** Decodes the pinned key. */
export function toTarget(stack: string, config: LiveConfig): LiveTarget {
    const m = HOST_KEY.exec(config.hostKey) as RegExpExecArray;
    return { stack, config, hostKeyType: m[1], hostKeyBlob: Buffer.from(m[2], "base64") };
}

/** Validates a `chom:live` value; returns the config or one line naming the first bad path. */
export function parseLiveConfig(
    value: unknown,
): { ok: true; config: LiveConfig } | { ok: false; message: string } {
    const r = liveConfigSchema.safeParse(value);
    if (r.success) return { ok: true, config: r.data };
    const issue = r.error.issues[0];
    const where = issue.path.length ? `.${issue.path.map(String).join(".")}` : "";
    return { ok: false, message: `chom:live${where}: ${issue.message}` };
}

/** A private key as ssh2 parsed it (decrypted). */
export interface ParsedKey {
    type: string;
    isPrivateKey(): boolean;
}

// ssh2 (node-ssh's transport) ships no types: the one function used here, typed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { utils } = require("ssh2") as {
    utils: { parseKey(data: Buffer, passphrase?: string): ParsedKey | ParsedKey[] | Error };
};

/**
 * Decrypted keys by path and passphrase, in memory only: a fleet usually shares one audit key, and
 * decrypting an OpenSSH key runs bcrypt-pbkdf (about half a second of CPU) that would otherwise be
 * paid, blocking, once per host.
 */
const decrypted = new Map<string, ParsedKey>();

/**
 * Reads and decrypts the private key (its passphrase from the environment); errors name the
 * setting, never the path or passphrase.
 */
export function readPrivateKey(config: LiveConfig): ParsedKey {
    const passphrase = config.passphraseEnv ? process.env[config.passphraseEnv] : undefined;
    if (config.passphraseEnv && passphrase === undefined)
        throw new Error(
            `the key passphrase variable chom:live.passphraseEnv (${config.passphraseEnv}) is not set`,
        );
    const cacheKey = createHash("sha256")
        .update(`${config.privateKeyPath}\0${passphrase ?? ""}`)
        .digest("hex");
    const cached = decrypted.get(cacheKey);
    if (cached) return cached;
    let text: Buffer;
    try {
        text = fs.readFileSync(config.privateKeyPath);
    } catch {
        throw new Error("chom:live.privateKeyPath cannot be read");
    }
    const parsed = utils.parseKey(text, passphrase);
    if (parsed instanceof Error) {
        throw new Error(
            /passphrase|decrypt|encrypted/i.test(parsed.message)
                ? "the private key could not be decrypted (wrong or missing passphrase from chom:live.passphraseEnv)"
                : "the private key at chom:live.privateKeyPath is not a valid private key",
        );
    }
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key || !key.isPrivateKey())
        throw new Error("the private key at chom:live.privateKeyPath is not a valid private key");
    decrypted.set(cacheKey, key);
    return key;
}
