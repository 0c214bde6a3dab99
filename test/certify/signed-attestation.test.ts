/**
 * The signed attestation end to end, as a user runs it: `--sign-key` / CHOM_SIGN_KEY make
 * attestation.dsse.json, the predicate binds what the verdict depends on, `chom-certify verify`
 * finds every kind of tampering (exit 1, naming the check), a bad key is exit 2 before anything
 * runs, and the key and its passphrase appear nowhere.
 */
import * as assert from "assert";
import { createHash, generateKeyPairSync, KeyObject } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Statement } from "../../policies/report/attestation";
import type { DsseEnvelope } from "../../policies/report/dsse";
import { cleanup, REPO, runCli, tempDir, tinyPack, tinyProject } from "../helpers/cli";

const PASSPHRASE = "correct-horse-battery-staple-7f3a";

/**
 * A fresh key pair as PEM files in `dir`: `<name>.pem` (private, encrypted when a passphrase is
 * given) and `<name>.pub`.
 */
function keyPair(
    dir: string,
    name: string,
    kind: "p256" | "ed25519" | "rsa" | "p384",
    passphrase?: string,
): { priv: string; pub: string; pem: string } {
    const pair: { privateKey: KeyObject; publicKey: KeyObject } =
        kind === "ed25519"
            ? generateKeyPairSync("ed25519")
            : kind === "rsa"
              ? generateKeyPairSync("rsa", { modulusLength: 2048 })
              : generateKeyPairSync("ec", {
                    namedCurve: kind === "p256" ? "prime256v1" : "secp384r1",
                });
    const pem = pair.privateKey.export({
        type: "pkcs8",
        format: "pem",
        ...(passphrase ? { cipher: "aes-256-cbc", passphrase } : {}),
    }) as string;
    const priv = path.join(dir, `${name}.pem`),
        pub = path.join(dir, `${name}.pub`);
    fs.writeFileSync(priv, pem, { mode: 0o600 });
    fs.writeFileSync(pub, pair.publicKey.export({ type: "spki", format: "pem" }) as string);
    return { priv, pub, pem };
}

/** Every line of a PEM's base64 body (what would show if any part of the key leaked). */
function pemBody(pem: string): string[] {
    return pem.split("\n").filter((l) => l && !l.startsWith("-----") && !l.includes(":"));
}

/** Every file under `dir`, recursively, as text. */
function allText(dir: string): string {
    if (!fs.existsSync(dir)) return "";
    return fs
        .readdirSync(dir, { recursive: true })
        .map((f) => path.join(dir, String(f)))
        .filter((f) => fs.statSync(f).isFile())
        .map((f) => fs.readFileSync(f, "utf8"))
        .join("\n");
}

function readEnvelope(file: string): DsseEnvelope {
    return JSON.parse(fs.readFileSync(file, "utf8")) as DsseEnvelope;
}

function statementOf(envelope: DsseEnvelope): Statement {
    return JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8")) as Statement;
}

describe("signed attestation (DSSE) and chom-certify verify", function () {
    this.timeout(300_000);
    let work: string;
    let out: string;
    let exportFile: string;
    let p256: ReturnType<typeof keyPair>;
    let run: Awaited<ReturnType<typeof runCli>>;
    const dirs: string[] = [];
    const verify = (args: string[]) => runCli(["verify", ...args]);

    before(async () => {
        work = tempDir("signed");
        dirs.push(work);
        out = path.join(work, "out");
        exportFile = path.join(work, "export.json");
        p256 = keyPair(work, "p256", "p256");
        fs.writeFileSync(
            path.join(work, "policy.json"),
            JSON.stringify({ "chom-res-memory-fits-server": { osHeadroomMb: 1024 } }),
        );
        fs.writeFileSync(
            path.join(work, "evidence.json"),
            JSON.stringify({ score: 92, source: "CI coverage report" }),
        );
        run = await runCli([
            "--out",
            out,
            "--export-state",
            exportFile,
            "--sign-key",
            p256.priv,
            "--policy-config",
            path.join(work, "policy.json"),
            "--evidence",
            path.join(work, "evidence.json"),
        ]);
    });
    after(() => dirs.forEach(cleanup));

    it("writes attestation.dsse.json whose payload is attestation.json byte for byte, and says the run is signed", () => {
        assert.strictEqual(run.code, 0, run.stderr);
        const envelope = readEnvelope(path.join(out, "attestation.dsse.json"));
        assert.strictEqual(envelope.payloadType, "application/vnd.in-toto+json");
        assert.deepStrictEqual(
            Buffer.from(envelope.payload, "base64"),
            fs.readFileSync(path.join(out, "attestation.json")),
        );
        assert.strictEqual(envelope.signatures.length, 1);
        assert.match(
            run.stdout,
            /^Attestation: signed \(ecdsa-p256-sha256\): attestation\.dsse\.json$/m,
        );
        const everything = [
            run.stdout,
            run.stderr,
            allText(out),
            fs.readFileSync(exportFile, "utf8"),
        ].join("\n");
        for (const line of pemBody(p256.pem))
            assert.ok(!everything.includes(line), "an output shows the signing key");
        assert.ok(!everything.includes("PRIVATE KEY"));
    });

    it("binds the effective policy config (defaults included), the tool, the pack's files, the input files and the other outputs", () => {
        const p = statementOf(readEnvelope(path.join(out, "attestation.dsse.json"))).predicate;
        const config = p.policy.effectiveConfig ?? [];
        const memory = config.find((c) => c.policyName === "chom-res-memory-fits-server");
        assert.strictEqual(memory?.ruleId, "CHOM-RES-003");
        assert.strictEqual(memory?.properties.osHeadroomMb, 1024, "the configured value");
        assert.ok(
            Array.isArray(memory?.properties.exceptions),
            "a schema default the file did not give",
        );
        assert.ok(
            config.length >= 54 &&
                config.every(
                    (c) => c.enforcementLevel === "mandatory" || c.enforcementLevel === "advisory",
                ),
            `${config.length} policies`,
        );
        assert.deepStrictEqual(
            config.map((c) => c.policyName),
            [...config.map((c) => c.policyName)].sort(),
        );
        assert.deepStrictEqual(p.policy.deviations, []);
        assert.strictEqual(p.materials?.tool.name, "chom-certify");
        assert.strictEqual(
            p.materials?.tool.version,
            (
                JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
                    version: string;
                }
            ).version,
        );
        assert.match(p.materials?.packFiles.sha256 ?? "", /^[0-9a-f]{64}$/);
        const sha = (f: string) => createHash("sha256").update(fs.readFileSync(f)).digest("hex");
        assert.deepStrictEqual(p.materials?.inputs, [
            {
                role: "policy-config",
                name: "policy.json",
                digest: { sha256: sha(path.join(work, "policy.json")) },
            },
            {
                role: "evidence",
                name: "evidence.json",
                digest: { sha256: sha(path.join(work, "evidence.json")) },
            },
        ]);
        assert.deepStrictEqual(
            p.outputs,
            ["certificate.md", "certificate.html", "results.sarif", "junit.xml"].map((name) => ({
                name,
                digest: { sha256: sha(path.join(out, name)) },
            })),
        );
    });

    it("verify: every check passes on the run's own files (exit 0)", async () => {
        const r = await verify([
            "--key",
            p256.pub,
            "--envelope",
            path.join(out, "attestation.dsse.json"),
            "--state",
            exportFile,
            "--pack",
            path.join(REPO, "policies"),
            "--outputs",
            out,
        ]);
        assert.strictEqual(r.code, 0, r.stdout + r.stderr);
        for (const check of [
            "signature",
            "payload type",
            "statement",
            "subject",
            "pack",
            "outputs",
        ])
            assert.match(r.stdout, new RegExp(`^ok +${check}: `, "m"), check);
        assert.match(r.stdout, /^VERIFIED$/m);
    });

    /** A copy of the output dir and envelope whose envelope `change` edits. */
    function tampered(name: string, change: (e: DsseEnvelope) => void): string {
        const dir = path.join(work, `tampered-${name}`);
        fs.cpSync(out, dir, { recursive: true });
        const envelope = readEnvelope(path.join(dir, "attestation.dsse.json"));
        change(envelope);
        fs.writeFileSync(path.join(dir, "attestation.dsse.json"), JSON.stringify(envelope));
        return path.join(dir, "attestation.dsse.json");
    }

    async function expectFailure(args: string[], check: string): Promise<string> {
        const r = await verify(args);
        assert.strictEqual(r.code, 1, `exit ${r.code}: ${r.stdout}${r.stderr}`);
        assert.match(r.stdout, new RegExp(`^FAIL +${check}: `, "m"));
        assert.match(r.stdout, new RegExp(`^NOT VERIFIED: ${check}$`, "m"));
        return r.stdout;
    }

    it("verify fails on one changed byte of the payload (signature)", async () => {
        const env = tampered("payload", (e) => {
            const bytes = Buffer.from(e.payload, "base64");
            bytes[Math.floor(bytes.length / 2)] ^= 0x01;
            e.payload = bytes.toString("base64");
        });
        await expectFailure(["--key", p256.pub, "--envelope", env], "signature");
    });

    it("verify fails on one changed byte of the signature", async () => {
        const env = tampered("sig", (e) => {
            const bytes = Buffer.from(e.signatures[0].sig, "base64");
            bytes[bytes.length - 3] ^= 0x80;
            e.signatures[0].sig = bytes.toString("base64");
        });
        await expectFailure(["--key", p256.pub, "--envelope", env], "signature");
    });

    it("verify fails with another key (ECDSA or Ed25519)", async () => {
        for (const [name, kind] of [
            ["other-p256", "p256"],
            ["other-ed", "ed25519"],
        ] as const)
            await expectFailure(
                [
                    "--key",
                    keyPair(work, name, kind).pub,
                    "--envelope",
                    path.join(out, "attestation.dsse.json"),
                ],
                "signature",
            );
    });

    it("verify fails when the status is edited to READY and the payload re-encoded (the signature no longer covers it)", async () => {
        const failing = JSON.parse(
            Buffer.from(
                readEnvelope(path.join(out, "attestation.dsse.json")).payload,
                "base64",
            ).toString("utf8"),
        ) as Statement;
        assert.strictEqual(failing.predicate.certification.status, "NOT CERTIFIED");
        const env = tampered("status", (e) => {
            const s = statementOf(e);
            s.predicate.status = "READY";
            s.predicate.certification = { status: "CERTIFIED", reasons: [] };
            e.payload = Buffer.from(`${JSON.stringify(s, null, 2)}\n`).toString("base64");
        });
        await expectFailure(["--key", p256.pub, "--envelope", env], "signature");
    });

    it("verify fails when the payload type is changed (it is signed too)", async () => {
        const env = tampered("type", (e) => (e.payloadType = "application/json"));
        await expectFailure(["--key", p256.pub, "--envelope", env], "signature");
    });

    it("verify names the output that changed, and an edited attestation.json beside the envelope", async () => {
        const dir = path.join(work, "changed-output");
        fs.cpSync(out, dir, { recursive: true });
        const outputsFail = () =>
            expectFailure(
                [
                    "--key",
                    p256.pub,
                    "--envelope",
                    path.join(dir, "attestation.dsse.json"),
                    "--outputs",
                    dir,
                ],
                "outputs",
            );
        fs.appendFileSync(path.join(dir, "certificate.md"), "\nCERTIFIED\n");
        const stdout = await outputsFail();
        assert.match(stdout, /certificate\.md differs from the one attested/);
        fs.copyFileSync(path.join(out, "certificate.md"), path.join(dir, "certificate.md"));
        const attestation = fs.readFileSync(path.join(dir, "attestation.json"), "utf8");
        fs.writeFileSync(
            path.join(dir, "attestation.json"),
            attestation.replace('"status": "NOT CERTIFIED"', '"status": "CERTIFIED"'),
        );
        const again = await outputsFail();
        assert.match(again, /attestation\.json is not the signed payload/);
        fs.rmSync(path.join(dir, "junit.xml"));
        assert.match(await outputsFail(), /junit\.xml is missing/);
    });

    it("verify fails on a changed pack file, and on another pack version", async () => {
        const pack = path.join(work, "pack-copy");
        fs.cpSync(path.join(REPO, "policies"), pack, {
            recursive: true,
            filter: (src) => !src.includes(`${path.sep}node_modules`),
        });
        const envelope = path.join(out, "attestation.dsse.json");
        const packArgs = ["--key", p256.pub, "--envelope", envelope, "--pack", pack];
        const ok = await verify(packArgs);
        assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
        fs.appendFileSync(
            path.join(pack, "rules", "firewall", "admin-ports-not-world-open.js"),
            "\n// changed\n",
        );
        assert.match(
            await expectFailure(packArgs, "pack"),
            /digest to sha256:[0-9a-f]{64} \(\d+ files\), the attestation binds/,
        );
        fs.copyFileSync(
            path.join(REPO, "policies", "rules", "firewall", "admin-ports-not-world-open.js"),
            path.join(pack, "rules", "firewall", "admin-ports-not-world-open.js"),
        );
        const verifiedAgain = await verify(packArgs);
        assert.strictEqual(verifiedAgain.code, 0, verifiedAgain.stdout);
        fs.writeFileSync(path.join(pack, "extra.js"), "module.exports = 1;\n");
        await expectFailure(packArgs, "pack");
    });

    it("verify fails when the state export is not the evaluated stack (subject)", async () => {
        const doc = JSON.parse(fs.readFileSync(exportFile, "utf8")) as {
            deployment: { resources: { type: string; inputs: Record<string, unknown> }[] };
        };
        const container = doc.deployment.resources.find(
            (r) => r.type === "docker:index/container:Container",
        );
        assert.ok(container);
        container.inputs.memory = 99;
        const other = path.join(work, "other-export.json");
        fs.writeFileSync(other, JSON.stringify(doc));
        assert.match(
            await expectFailure(
                [
                    "--key",
                    p256.pub,
                    "--envelope",
                    path.join(out, "attestation.dsse.json"),
                    "--state",
                    other,
                ],
                "subject",
            ),
            /other-export\.json digests to sha256:/,
        );
    });

    it("verify checks the policy config and evidence files the run read, and names a changed one", async () => {
        const envelope = path.join(out, "attestation.dsse.json");
        const policy = path.join(work, "policy.json"),
            evidence = path.join(work, "evidence.json");
        const ok = await verify([
            "--key",
            p256.pub,
            "--envelope",
            envelope,
            "--policy-config",
            policy,
            "--evidence",
            evidence,
        ]);
        assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
        assert.match(ok.stdout, /^ok +policy-config: policy\.json is the file the run read/m);
        assert.match(ok.stdout, /^ok +evidence: evidence\.json is the file the run read/m);
        const lenient = path.join(work, "lenient.json");
        fs.writeFileSync(lenient, JSON.stringify({ all: "advisory" }));
        assert.match(
            await expectFailure(
                ["--key", p256.pub, "--envelope", envelope, "--policy-config", lenient],
                "policy-config",
            ),
            /lenient\.json \(sha256:[0-9a-f]{64}\) is not the file the run read \(policy\.json sha256:/,
        );
    });

    it("verify: bad input is exit 2 with one line naming it", async () => {
        const envelope = path.join(out, "attestation.dsse.json");
        const cases: [string[], RegExp][] = [
            [
                ["--key", path.join(work, "missing.pub"), "--envelope", envelope],
                /^error: --key .*missing\.pub: cannot read the file$/,
            ],
            [
                ["--key", exportFile, "--envelope", envelope],
                /^error: --key .*export\.json: not a PEM public key$/,
            ],
            [
                ["--key", keyPair(work, "rsa-v", "rsa").pub, "--envelope", envelope],
                /^error: --key .*rsa-v\.pub: an RSA key; give an ECDSA P-256 or Ed25519 key$/,
            ],
            [
                ["--key", p256.pub, "--envelope", path.join(work, "policy.json.nope")],
                /^error: --envelope .*: cannot read the file$/,
            ],
            [
                ["--key", p256.pub, "--envelope", path.join(out, "certificate.md")],
                /^error: --envelope .*certificate\.md: not JSON/,
            ],
            [["--key", p256.pub], /^error: verify needs --envelope/],
        ];
        for (const [args, message] of cases) {
            const r = await verify(args);
            assert.strictEqual(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
            assert.match(r.stderr.split("\n")[0], message);
        }
    });

    it("an unsigned run says so, and leaves no envelope of an earlier signed run", async () => {
        const r = await runCli(["--out", out, "--state", exportFile]);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(
            r.stdout,
            /^Attestation: UNSIGNED \(attestation\.json only; give --sign-key or CHOM_SIGN_KEY to sign it\)$/m,
        );
        assert.ok(!fs.existsSync(path.join(out, "attestation.dsse.json")));
        const statement = JSON.parse(
            fs.readFileSync(path.join(out, "attestation.json"), "utf8"),
        ) as Statement;
        assert.deepStrictEqual(
            statement.predicate.materials?.inputs.map((i) => i.role),
            ["state"],
        );
    });
});

describe("signing keys: accepted, refused before anything runs, and never shown", function () {
    this.timeout(300_000);
    const dirs: string[] = [];
    let work: string;
    before(() => {
        work = tempDir("keys");
        dirs.push(work);
    });
    after(() => dirs.forEach(cleanup));

    it("an encrypted Ed25519 key in CHOM_SIGN_KEY signs; neither the program nor the pack process inherits the key or passphrase; nothing shows them", async () => {
        const ed = keyPair(work, "ed", "ed25519", PASSPHRASE);
        const out = path.join(work, "out-env");
        const exportFile = path.join(work, "export-env.json");
        const env = {
            ...process.env,
            CHOM_SIGN_KEY: fs.readFileSync(ed.priv, "utf8"),
            CHOM_SIGN_KEY_PASSPHRASE: PASSPHRASE,
        };
        const r = await runCli(
            ["--out", out, "--export-state", exportFile, "--json"],
            REPO,
            120_000,
            env,
        );
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stderr, /Attestation: signed \(ed25519\)/);
        const check = await runCli([
            "verify",
            "--key",
            ed.pub,
            "--envelope",
            path.join(out, "attestation.dsse.json"),
            "--outputs",
            out,
            "--state",
            exportFile,
        ]);
        assert.strictEqual(check.code, 0, check.stdout + check.stderr);
        const everything = [
            r.stdout,
            r.stderr,
            allText(out),
            fs.readFileSync(exportFile, "utf8"),
            check.stdout,
            check.stderr,
        ].join("\n");
        for (const secret of [PASSPHRASE, ...pemBody(ed.pem)])
            assert.ok(!everything.includes(secret), `an output shows ${secret.slice(0, 12)}...`);
        assert.ok(!everything.includes("ENCRYPTED PRIVATE KEY"));

        // A program and a pack that write down the environment they were started with.
        const dumps = path.join(work, "dumps");
        fs.mkdirSync(dumps);
        const dump = (who: string) =>
            `require("fs").writeFileSync(${JSON.stringify(path.join(dumps, who))}, JSON.stringify(process.env));`;
        const project = tinyProject(dump("program"));
        const pack = tinyPack("", dump("pack"));
        dirs.push(project, pack);
        const spied = await runCli(
            [
                "--project",
                project,
                "--stack",
                "dev",
                "--pack",
                pack,
                "--out",
                path.join(work, "out-spied"),
            ],
            project,
            120_000,
            env,
        );
        assert.ok(spied.code !== null, spied.stderr);
        for (const who of ["program", "pack"]) {
            const seen = fs.readFileSync(path.join(dumps, who), "utf8");
            assert.ok(
                !seen.includes("CHOM_SIGN_KEY") &&
                    !seen.includes(PASSPHRASE) &&
                    !pemBody(ed.pem).some((l) => seen.includes(l)),
                `the ${who} saw the signing key`,
            );
        }
    });

    it("a bad key, passphrase or algorithm is exit 2 with one line, before anything runs, writing nothing and showing no secret", async () => {
        const p256 = keyPair(work, "good", "p256");
        const encrypted = keyPair(work, "enc", "p256", PASSPHRASE);
        const rsa = keyPair(work, "rsa", "rsa");
        const p384 = keyPair(work, "p384", "p384");
        const garbage = path.join(work, "garbage.pem");
        fs.writeFileSync(
            garbage,
            "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n",
        );
        const cases: { args: string[]; env?: Record<string, string>; message: RegExp }[] = [
            {
                args: ["--sign-key", path.join(work, "missing.pem")],
                message: /^error: --sign-key .*missing\.pem: no such file$/,
            },
            { args: ["--sign-key", work], message: /^error: --sign-key .*: not a file$/ },
            {
                args: ["--sign-key", p256.pub],
                message:
                    /^error: --sign-key .*good\.pub: this is a public key; signing needs the private key$/,
            },
            {
                args: ["--sign-key", rsa.priv],
                message:
                    /^error: --sign-key .*rsa\.pem: an RSA key; give an ECDSA P-256 or Ed25519 key$/,
            },
            {
                args: ["--sign-key", p384.priv],
                message:
                    /^error: --sign-key .*p384\.pem: an ECDSA key on curve secp384r1; only P-256 \(prime256v1\) is accepted$/,
            },
            {
                args: ["--sign-key", garbage],
                message: /^error: --sign-key .*garbage\.pem: not a PEM private key$/,
            },
            {
                args: ["--sign-key", encrypted.priv],
                message:
                    /^error: --sign-key .*enc\.pem: the key is encrypted: give its passphrase in CHOM_SIGN_KEY_PASSPHRASE$/,
            },
            {
                args: ["--sign-key", encrypted.priv],
                env: { CHOM_SIGN_KEY_PASSPHRASE: "wrong-passphrase-123" },
                message:
                    /^error: --sign-key .*enc\.pem: cannot decrypt the key: wrong passphrase \(CHOM_SIGN_KEY_PASSPHRASE\)$/,
            },
            {
                args: [],
                env: { CHOM_SIGN_KEY: "hunter2-not-a-pem" },
                message: /^error: CHOM_SIGN_KEY: not a PEM private key$/,
            },
            {
                args: [],
                env: { CHOM_SIGN_KEY: " " },
                message: /^error: CHOM_SIGN_KEY is set but empty/,
            },
            {
                args: ["--sign-key", p256.priv],
                env: { CHOM_SIGN_KEY: p256.pem },
                message:
                    /^error: --sign-key and CHOM_SIGN_KEY are both given: give the signing key once$/,
            },
        ];
        for (const [i, c] of cases.entries()) {
            const out = path.join(work, `out-bad-${i}`);
            const exportFile = path.join(work, `export-bad-${i}.json`);
            const r = await runCli(
                ["--out", out, "--export-state", exportFile, ...c.args],
                REPO,
                60_000,
                { ...process.env, ...c.env },
            );
            const where = `case ${i} (${c.args.join(" ")} ${JSON.stringify(Object.keys(c.env ?? {}))})`;
            assert.strictEqual(r.code, 2, `${where}: exit ${r.code}: ${r.stderr}`);
            assert.match(r.stderr.trim(), c.message, where);
            assert.strictEqual(
                r.stderr.trim().split("\n").length,
                1,
                `${where}: one line: ${r.stderr}`,
            );
            assert.strictEqual(r.stdout, "", where);
            assert.ok(
                !fs.existsSync(out) && !fs.existsSync(exportFile),
                `${where}: something was written`,
            );
            for (const secret of [
                PASSPHRASE,
                "wrong-passphrase-123",
                "hunter2",
                ...pemBody(p256.pem),
                ...pemBody(encrypted.pem),
            ]) {
                assert.ok(!r.stderr.includes(secret), `${where}: the message shows a secret`);
            }
        }
    });

    it("every exception that applied through the pack process is in the attestation: a valid one (EXCEPTED) and an expired one (FAIL)", async () => {
        const exceptionsOf = async (expires: string) => {
            const config = path.join(work, `exception-${expires}.json`);
            fs.writeFileSync(
                config,
                JSON.stringify({
                    "chom-res-server-minimums": {
                        exceptions: [
                            {
                                resource: "landsraad_tst",
                                reason: "8 GB nominal accepted by ops",
                                expires,
                            },
                        ],
                    },
                }),
            );
            const out = path.join(work, `out-exception-${expires}`);
            const r = await runCli(["--out", out, "--policy-config", config, "--quiet"]);
            assert.strictEqual(r.code, 0, r.stderr);
            const p = (
                JSON.parse(fs.readFileSync(path.join(out, "attestation.json"), "utf8")) as Statement
            ).predicate;
            return {
                exceptions: p.policy.exceptions,
                state: p.results.find((x) => x.ruleId === "CHOM-RES-017")?.state,
            };
        };
        const subject = "urn:pulumi:landsraad_tst::chom::chom:host:Server::landsraad_tst";
        assert.deepStrictEqual(await exceptionsOf("2099-03-01"), {
            exceptions: [
                {
                    ruleId: "CHOM-RES-017",
                    subject,
                    reason: "8 GB nominal accepted by ops",
                    expires: "2099-03-01",
                    expired: false,
                },
            ],
            state: "EXCEPTED",
        });
        assert.deepStrictEqual(await exceptionsOf("2020-03-01"), {
            exceptions: [
                {
                    ruleId: "CHOM-RES-017",
                    subject,
                    reason: "8 GB nominal accepted by ops",
                    expires: "2020-03-01",
                    expired: true,
                },
            ],
            state: "FAIL",
        });
    });

    it('{"all": "disabled"} gives exit 0 (nothing failed) but NOT READY and NOT CERTIFIED, and the attestation says every rule was disabled', async () => {
        const config = path.join(work, "all-disabled.json");
        fs.writeFileSync(config, JSON.stringify({ all: "disabled" }));
        const out = path.join(work, "out-disabled");
        const r = await runCli(["--out", out, "--policy-config", config]);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stdout, /; NOT READY; NOT CERTIFIED$/m);
        assert.match(r.stdout, /Policy config deviations from the pack/);
        const p = (
            JSON.parse(fs.readFileSync(path.join(out, "attestation.json"), "utf8")) as Statement
        ).predicate;
        assert.strictEqual(p.policy.allRulesDisabled, true);
        assert.deepStrictEqual(p.results, []);
        assert.strictEqual(p.status, "NOT READY");
        assert.strictEqual(
            p.statusReasons[0],
            "every rule of the pack was disabled by the policy config: nothing was evaluated",
        );
        assert.strictEqual(p.certification.status, "NOT CERTIFIED");
        assert.ok(
            p.policy.deviations.length >= 54 &&
                p.policy.deviations.every((d) => d.change === "disabled"),
        );
        assert.ok(
            (p.policy.effectiveConfig ?? [])
                .filter((c) => c.ruleId)
                .every((c) => c.enforcementLevel === "disabled"),
        );
    });
});
