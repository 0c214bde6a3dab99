/**
 * Interoperability with a DSSE implementation nobody here wrote: go-securesystemslib's `dsse`
 * verifier (test/interop/dsse-verify, built by scripts/build-dsse-verifier.sh). Envelopes that
 * chom-certify signs with ECDSA P-256 and with Ed25519 verify there, with the same payload; and
 * a change of any byte of the signature, of sampled bytes all through the payload, or of the
 * payload type fails both that verifier and ours.
 *
 * The Go verifier is built here when missing (CI builds it in setup-test-env.sh). Only when it
 * cannot be built AND CHOM_SKIP_DSSE_INTEROP=1 is set outside CI does this suite skip.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { createHash, createPublicKey, generateKeyPairSync, KeyObject } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { DsseEnvelope, verifyEnvelope } from "../../policies/report/dsse";
import { cleanup, REPO, runCli, tempDir } from "../helpers/cli";

const BUILD_SCRIPT = path.join(REPO, "scripts", "build-dsse-verifier.sh");

/**
 * The Go verifier's path, built (or reused) by the script; undefined with the reason when it cannot
 * be had.
 */
function goVerifier(): { binary?: string; why?: string } {
    const run = spawnSync("bash", [BUILD_SCRIPT], { encoding: "utf8", timeout: 15 * 60 * 1000 });
    const binary = run.stdout?.trim().split("\n").pop();
    if (run.status === 0 && binary && fs.existsSync(binary)) return { binary };
    return {
        why: `${BUILD_SCRIPT} exited ${run.status ?? run.signal}: ${(run.stderr ?? run.error?.message ?? "").slice(-2000)}`,
    };
}

/**
 * Answers of the Go verifier for envelopes, one per line (`OK <type> <payload sha256>` or `FAIL
 * ...`).
 */
function goVerifyAll(binary: string, publicKeyFile: string, envelopes: DsseEnvelope[]): string[] {
    const run = spawnSync(binary, [publicKeyFile, "-"], {
        input: envelopes.map((e) => JSON.stringify(e)).join("\n") + "\n",
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    assert.strictEqual(run.status, 0, `dsse-verify exited ${run.status}: ${run.stderr}`);
    const lines = run.stdout.trim().split("\n");
    assert.strictEqual(lines.length, envelopes.length, "one answer per envelope");
    return lines;
}

/**
 * Byte offsets to change: every one when `n` is small, else the first, the last and `samples`
 * spread evenly.
 */
function offsets(n: number, samples: number): number[] {
    if (n <= samples) return Array.from({ length: n }, (_, i) => i);
    return [
        ...new Set([
            0,
            n - 1,
            ...Array.from({ length: samples }, (_, i) => Math.floor(((i + 0.5) * n) / samples)),
        ]),
    ];
}

function withBytes(e: DsseEnvelope, field: "payload" | "sig", at: number): DsseEnvelope {
    const bytes = Buffer.from(field === "payload" ? e.payload : e.signatures[0].sig, "base64");
    bytes[at] ^= 0x01;
    return field === "payload"
        ? { ...e, payload: bytes.toString("base64") }
        : { ...e, signatures: [{ ...e.signatures[0], sig: bytes.toString("base64") }] };
}

describe("DSSE interop: go-securesystemslib verifies what chom-certify signs, and rejects every tampering", function () {
    this.timeout(600_000);
    let binary: string;
    let work: string;
    before(function () {
        const found = goVerifier();
        if (!found.binary) {
            if (process.env.CHOM_SKIP_DSSE_INTEROP === "1" && !process.env.CI) {
                // eslint-disable-next-line no-console
                console.log(
                    `      skipped: the Go DSSE verifier is absent and CHOM_SKIP_DSSE_INTEROP=1 (${found.why})`,
                );
                this.skip();
            }
            throw new Error(
                `the Go DSSE verifier could not be built (set CHOM_SKIP_DSSE_INTEROP=1 outside CI to skip): ${found.why}`,
            );
        }
        binary = found.binary;
        work = tempDir("interop");
    });
    after(() => work && cleanup(work));

    for (const kind of ["ecdsa-p256", "ed25519"] as const) {
        it(`${kind}: the Go verifier accepts chom-certify's envelope with the same payload; any changed byte fails both verifiers`, async () => {
            const pair: { privateKey: KeyObject; publicKey: KeyObject } =
                kind === "ed25519"
                    ? generateKeyPairSync("ed25519")
                    : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
            const keyFile = path.join(work, `${kind}.pem`),
                pubFile = path.join(work, `${kind}.pub`);
            fs.writeFileSync(
                keyFile,
                pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
                { mode: 0o600 },
            );
            fs.writeFileSync(
                pubFile,
                pair.publicKey.export({ type: "spki", format: "pem" }) as string,
            );
            const out = path.join(work, `out-${kind}`);
            const run = await runCli(["--out", out, "--sign-key", keyFile, "--quiet"]);
            assert.strictEqual(run.code, 0, run.stderr);
            const envelopeFile = path.join(out, "attestation.dsse.json");
            const envelope = JSON.parse(fs.readFileSync(envelopeFile, "utf8")) as DsseEnvelope;
            const attestationSha = createHash("sha256")
                .update(fs.readFileSync(path.join(out, "attestation.json")))
                .digest("hex");

            // The file as written, through the verifier's own file mode.
            const single = spawnSync(binary, [pubFile, envelopeFile], { encoding: "utf8" });
            assert.strictEqual(single.status, 0, single.stdout + single.stderr);
            assert.strictEqual(
                single.stdout.trim(),
                `OK application/vnd.in-toto+json ${attestationSha}`,
            );
            const publicKey = createPublicKey(fs.readFileSync(pubFile));
            assert.ok(verifyEnvelope(envelope, publicKey).ok);

            const sigLength = Buffer.from(envelope.signatures[0].sig, "base64").length;
            const payloadLength = Buffer.from(envelope.payload, "base64").length;
            const cases: { what: string; envelope: DsseEnvelope }[] = [
                ...offsets(sigLength, 1000).map((at) => ({
                    what: `signature byte ${at} of ${sigLength}`,
                    envelope: withBytes(envelope, "sig", at),
                })),
                ...offsets(payloadLength, 150).map((at) => ({
                    what: `payload byte ${at} of ${payloadLength}`,
                    envelope: withBytes(envelope, "payload", at),
                })),
                {
                    what: "payload type",
                    envelope: { ...envelope, payloadType: "application/vnd.in-toto+jsoN" },
                },
                { what: "no signature", envelope: { ...envelope, signatures: [] } },
            ];
            assert.ok(cases.length > sigLength + 100, `${cases.length} cases`);
            const answers = goVerifyAll(binary, pubFile, [
                envelope,
                ...cases.map((c) => c.envelope),
            ]);
            assert.strictEqual(
                answers[0],
                `OK application/vnd.in-toto+json ${attestationSha}`,
                "the untouched envelope, in batch mode",
            );
            cases.forEach((c, i) => {
                assert.match(
                    answers[i + 1],
                    /^FAIL /,
                    `Go accepted the envelope with its ${c.what} changed`,
                );
                assert.ok(
                    !verifyEnvelope(c.envelope, publicKey).ok,
                    `ours accepted the envelope with its ${c.what} changed`,
                );
            });
        });
    }

    it("rejects the envelope under the other algorithm's key, as ours does", async () => {
        const ed = generateKeyPairSync("ed25519");
        const pubFile = path.join(work, "stranger.pub");
        fs.writeFileSync(pubFile, ed.publicKey.export({ type: "spki", format: "pem" }) as string);
        const envelope = JSON.parse(
            fs.readFileSync(path.join(work, "out-ecdsa-p256", "attestation.dsse.json"), "utf8"),
        ) as DsseEnvelope;
        assert.match(goVerifyAll(binary, pubFile, [envelope])[0], /^FAIL /);
        assert.ok(!verifyEnvelope(envelope, ed.publicKey).ok);
    });
});
