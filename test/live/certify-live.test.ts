/**
 * `chom-certify --live` end to end, as a user runs it, against a real test host: observations in
 * every output, the certificate ticking observed-outcome lines on observed evidence only, no
 * secret from the host (or the key's passphrase, or its path) in any output, and bad input
 * refused before anything runs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Evaluation } from "../../policies/lib/results";
import { OUTPUT_NAMES, REPO, runCli, tempDir } from "../helpers/cli";
import { Compliant, startCompliantHost } from "../helpers/live/compliant-host";
import { sh, TestHost } from "../helpers/live/test-host";

const PASSPHRASE = "pp-certify-Xk29-never-printed";
const PLANTED = "planted-db-secret-7f3a91c2";

function outputsOf(dir: string): Record<string, string> {
    return Object.fromEntries(
        fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
    );
}

describe("chom-certify --live against a real test host", function () {
    this.timeout(240_000);
    let host: Compliant;
    let config: string;

    before(async () => {
        host = await startCompliantHost("certify", 4, {
            passphrase: PASSPHRASE,
            // A secret in a container's environment and in its health check command, where docker
            // inspect would show it.
            extra: {
                "chom-app": [
                    "-e",
                    `APP_DB_PASSWORD=${PLANTED}`,
                    "-e",
                    `DB_URL=mysql://chom:${PLANTED}@mysql/chom`,
                ],
            },
        });
        config = path.join(host.host.dir, "live.yaml");
        fs.writeFileSync(
            config,
            `chom:live:\n${Object.entries(host.config)
                .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
                .join("\n")}\n`,
        );
    });
    after(async () => {
        await host?.host.stop();
    });
    /**
     * Certifies the host's export with `mode` (--live or --live-only) and its live config, writing
     * under `out` in the host's folder.
     */
    const certifyHost = (mode: string, out: string, ...extra: string[]) =>
        runCli([
            "--state",
            host.exportFile,
            mode,
            "--live-config",
            config,
            "--out",
            path.join(host.host.dir, out),
            ...extra,
        ]);

    it("adds the host's observations to every output, and no secret reaches any of them", async () => {
        const run = await certifyHost("--live", "out");
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(
            run.stdout,
            /^Live: 198\.18\.81\.2 checked in \d+ ms: \d+ observations, \d+ pass, [01] fail, 0 unknown$/m,
        );
        const files = outputsOf(path.join(host.host.dir, "out"));
        assert.deepStrictEqual(Object.keys(files).sort(), [...OUTPUT_NAMES].sort());
        for (const [name, text] of Object.entries({
            ...files,
            stdout: run.stdout,
            stderr: run.stderr,
        })) {
            for (const secret of [PLANTED, PASSPHRASE, host.config.privateKeyPath, "client_key"])
                assert.ok(!text.includes(secret), `${name} contains ${secret}`);
        }
        const attestation = JSON.parse(files["attestation.json"]) as {
            predicate: { results: { ruleId: string; evidence?: string; state: string }[] };
        };
        const observed = attestation.predicate.results.filter((r) => r.evidence === "observed");
        assert.ok(observed.length > 90, `${observed.length} observed results in attestation.json`);
        assert.ok(observed.some((r) => r.ruleId === "CHOM-DRIFT-001"));
        const md = files["certificate.md"].split("\n");
        assert.ok(
            md.includes("- [x] Health checks passing — proven by observation (CHOM-LIVE-001)"),
        );
        assert.ok(
            md.includes(
                "- [x] Metrics collecting (Prometheus) — proven by observation (CHOM-LIVE-002)",
            ),
        );
        assert.ok(
            md.includes(
                "- [x] Firewall rules configured correctly — proven by declaration (CHOM-FW-001, CHOM-FW-002, CHOM-FW-003, CHOM-FW-004, CHOM-FW-005, CHOM-FW-006, CHOM-FW-007, CHOM-FW-008) and by observation (CHOM-FW-001, CHOM-FW-006, CHOM-DRIFT-001)",
            ),
        );
        assert.ok(
            md.some(
                (l) =>
                    /^\| CPU Cores \| 4 \| \d+ cores \| 4 cores \|$/.test(l) === false &&
                    /^\| CPU Cores \| \d+ \| \d+ cores \| 4 cores \|$/.test(l),
            ),
            "Appendix C has no observed column",
        );
        assert.ok(
            files["results.sarif"].includes("CHOM-LIVE-008") &&
                files["junit.xml"].includes("CHOM-DRIFT-003"),
        );
    });

    it("--live-only judges the host against the declaration without running the pack", async () => {
        const run = await certifyHost("--live-only", "out-only", "--json", "--quiet");
        assert.strictEqual(run.code, 0, run.stderr);
        const e = JSON.parse(run.stdout) as Evaluation;
        assert.strictEqual(e.liveOnly, true);
        assert.ok(e.results.length > 90);
        assert.ok(e.results.every((r) => r.evidence === "observed"));
        assert.strictEqual(e.live?.[0].reachable, true);
    });

    it("blocks (exit 1) when the host drifts from a mandatory rule", async () => {
        sh(`${host.host.docker()} stop -t 1 chom-redis >/dev/null`);
        try {
            const run = await certifyHost("--live", "out-drift");
            assert.strictEqual(run.code, 1, run.stderr);
            assert.ok(run.stdout.includes("[CHOM-LIVE-001] chom-redis is exited, not running"));
        } finally {
            sh(`${host.host.docker()} start chom-redis >/dev/null`);
        }
    });

    for (const [what, args, message] of [
        [
            "a stack without a chom:live block",
            ["--live"],
            /^error: --live: \S+Pulumi\.landsraad_tst\.yaml has no chom:live block/,
        ],
        [
            "--live-config without --live",
            ["--live-config", "CONFIG"],
            /^error: --live-config needs --live or --live-only$/,
        ],
        [
            "a host key that is not one",
            ["--live", "--live-config", "BADKEY"],
            /^error: --live-config \S+: chom:live\.hostKey: must be '<key type> <base64>' as ssh-keyscan prints it$/,
        ],
        [
            "an unreadable private key",
            ["--live", "--live-config", "NOKEY"],
            /^error: --live-config \S+: chom:live\.privateKeyPath cannot be read$/,
        ],
    ] as const) {
        it(`refuses ${what} with exit 2 and one line, writing nothing`, async () => {
            const dir = path.join(host.host.dir, `bad-${what.replace(/\W+/g, "-")}`);
            const bad = path.join(host.host.dir, "bad.json");
            const withKey = (patch: object) => (
                fs.writeFileSync(
                    bad,
                    JSON.stringify({ "chom:live": { ...host.config, ...patch } }),
                ),
                bad
            );
            const argv = (args as readonly string[]).map((a) =>
                a === "CONFIG"
                    ? config
                    : a === "BADKEY"
                      ? withKey({ hostKey: "not a key" })
                      : a === "NOKEY"
                        ? withKey({ privateKeyPath: "/nonexistent/secret-key-path" })
                        : a,
            );
            const run = await runCli([
                ...(argv.includes("--live-config") ? ["--state", host.exportFile] : []),
                ...argv,
                "--out",
                dir,
            ]);
            assert.strictEqual(run.code, 2);
            assert.strictEqual(run.stderr.trim().split("\n").length, 1, run.stderr);
            assert.match(run.stderr.trim(), message);
            assert.ok(!run.stderr.includes("/nonexistent/secret-key-path"));
            assert.ok(!fs.existsSync(dir));
        });
    }
});

describe("chom-certify --live on a fleet of stacks (chom:live in each stack file)", function () {
    this.timeout(240_000);
    let alive: Compliant;
    let dead: TestHost;
    let project: string;

    before(async () => {
        alive = await startCompliantHost("fleet", 5, { containers: false });
        dead = await new TestHost({ name: "fleetdead", index: 6 }).start();
        project = tempDir("live-fleet");
        fs.writeFileSync(
            path.join(project, "Pulumi.yaml"),
            `name: chom\nruntime: nodejs\nmain: ${path.join(REPO, "infra", "index.js")}\n`,
        );
        const text = fs.readFileSync(path.join(REPO, "Pulumi.landsraad_tst.yaml"), "utf8");
        for (const [stack, address] of [
            ["fleet-a", alive.host.address],
            ["fleet-b", dead.address],
        ]) {
            const live = { ...alive.config, address, deadlineSeconds: 5 };
            fs.writeFileSync(
                path.join(project, `Pulumi.${stack}.yaml`),
                `${text.replaceAll("landsraad_tst", stack).replaceAll("10.10.100.20", address)}\n  chom:live: ${JSON.stringify(live)}\n`,
            );
        }
    });
    /**
     * Certifies the fleet project with `args`, writing under `out` in it: exit 0 or 1 (a verdict
     * either way), never an error.
     */
    async function certify(args: string[], out: string, ...last: string[]) {
        const run = await runCli(
            ["--project", project, ...args, "--out", path.join(project, out), "--quiet", ...last],
            project,
        );
        assert.ok(run.code === 0 || run.code === 1, run.stderr);
        return run;
    }
    after(async () => {
        await alive?.host.stop();
        await dead?.stop();
        if (project) fs.rmSync(project, { recursive: true, force: true });
    });

    it("checks every stack's host; a dead one gives UNKNOWN with the reason while the other is observed", async () => {
        const run = await certify(
            ["--stack", "fleet-a", "--stack", "fleet-b", "--live"],
            "out",
            "--json",
        );
        const [a, b] = JSON.parse(run.stdout) as Evaluation[];
        assert.deepStrictEqual(
            [a.stack, a.live?.[0].reachable, b.stack, b.live?.[0].reachable],
            ["fleet-a", true, "fleet-b", false],
        );
        assert.strictEqual(
            b.live?.[0].reason,
            `connection refused: nothing listens on root@${dead.address}:22`,
        );
        const bObserved = b.results.filter(
            (r) => r.evidence === "observed" && r.subject.name.includes(" tls ") === false,
        );
        assert.ok(
            bObserved.length > 10 &&
                bObserved.every((r) => r.state === "UNKNOWN" || r.state === "NOT_APPLICABLE"),
            JSON.stringify(bObserved.filter((r) => r.state !== "UNKNOWN").slice(0, 3)),
        );
        assert.ok(
            a.results.some(
                (r) =>
                    r.evidence === "observed" && r.ruleId === "CHOM-FW-001" && r.state === "PASS",
            ),
        );
        for (const stack of ["fleet-a", "fleet-b"])
            assert.ok(fs.existsSync(path.join(project, "out", stack, "certificate.md")));
    });

    it("--live --state checks what an export says against the host its stack file names", async () => {
        const exported = path.join(project, "fleet-a.export.json");
        await certify(["--stack", "fleet-a", "--export-state", exported], "out-export");
        const run = await certify(["--state", exported, "--live"], "out-state", "--json");
        const e = JSON.parse(run.stdout) as Evaluation;
        assert.deepStrictEqual(
            [e.source, e.stack, e.live?.[0].address, e.live?.[0].reachable],
            ["state", "fleet-a", alive.host.address, true],
        );
    });
});
