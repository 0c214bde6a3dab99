/**
 * One SSH connection to one host (node-ssh over ssh2): the host key is pinned (anything else
 * is refused with a message naming both fingerprints), authentication is by key only, and the
 * whole batch runs as one `exec`. Errors carry what went wrong, never the key path or passphrase.
 */
import { createHash } from "crypto";
import * as net from "net";
import { NodeSSH } from "node-ssh";
import { BatchScript, parseOutput, SectionOutput } from "./batch-script";
import { LiveTarget, ParsedKey, readPrivateKey } from "./live-config";

/** A connection-level failure: every observation of the host becomes UNKNOWN with this reason. */
export class HostUnreachable extends Error {}

/** OpenSSH's fingerprint format: `SHA256:<base64 without padding>`. */
export function fingerprint(blob: Buffer): string {
    return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

function reason(e: unknown, target: LiveTarget, presented: Buffer | undefined): string {
    const where = `${target.config.user}@${target.config.address}:${target.config.sshPort}`;
    const err = e as { level?: string; code?: string; message?: string };
    if (presented && !presented.equals(target.hostKeyBlob)) {
        return `host key refused: ${where} presented ${fingerprint(presented)}, but chom:live.hostKey pins ${fingerprint(target.hostKeyBlob)} (a changed or unknown key; not connecting)`;
    }
    if (err.level === "client-authentication")
        return `permission denied: ${where} did not accept the key (chom:live.privateKeyPath)`;
    if (err.code === "ECONNREFUSED") return `connection refused: nothing listens on ${where}`;
    if (err.code === "EHOSTUNREACH" || err.code === "ENETUNREACH")
        return `host unreachable: ${where}`;
    if (/Timed out/i.test(err.message ?? "")) return `timed out connecting to ${where}`;
    if (/passphrase|Encrypted private/i.test(err.message ?? ""))
        return "the private key could not be decrypted (wrong or missing passphrase from chom:live.passphraseEnv)";
    if (/Cannot parse privateKey/i.test(err.message ?? ""))
        return "the private key at chom:live.privateKeyPath is not a valid key";
    return `cannot connect to ${where}: ${(err.message ?? String(e)).split("\n")[0]}`;
}

export class HostSession {
    private readonly ssh = new NodeSSH();

    private constructor(readonly target: LiveTarget) {}

    /** Connects, refusing any host key but the pinned one. Rejects with HostUnreachable. */
    static async open(target: LiveTarget, timeoutMs: number): Promise<HostSession> {
        const session = new HostSession(target);
        let presented: Buffer | undefined;
        let key: ParsedKey;
        try {
            key = readPrivateKey(target.config);
        } catch (e) {
            throw new HostUnreachable((e as Error).message);
        }
        try {
            await session.ssh.connect({
                // Our own socket, for TCP_NODELAY (ssh2 does not set it): without it, each
                // request/answer turn of the handshake can wait out a delayed ACK (40 ms on Linux).
                sock: net.connect({
                    host: target.config.address,
                    port: target.config.sshPort,
                    noDelay: true,
                }),
                host: target.config.address,
                port: target.config.sshPort,
                username: target.config.user,
                // Key authentication only: the one method offered is this public key (no password,
                // keyboard-interactive or agent).
                authHandler: [{ type: "publickey", username: target.config.user, key }],
                tryKeyboard: false,
                readyTimeout: Math.max(1000, timeoutMs),
                // ssh2 hands over the raw key blob; only the pinned blob is accepted.
                hostVerifier: (key: Buffer) => {
                    presented = Buffer.from(key);
                    return presented.equals(target.hostKeyBlob);
                },
            });
        } catch (e) {
            session.ssh.dispose();
            throw new HostUnreachable(reason(e, target, presented));
        }
        return session;
    }

    /** Runs the whole batch in one exec; resolves with each section's output. */
    async run(batch: BatchScript): Promise<Map<string, SectionOutput>> {
        const result = await this.ssh.execCommand("/bin/sh -s", { stdin: batch.script });
        return parseOutput(`${result.stdout}\n${result.stderr}`, batch.nonce);
    }

    close(): void {
        this.ssh.dispose();
    }
}
