/**
 * The landsraad_tst stack end to end through the real pack process over gRPC: the compliant
 * stack passes every mandatory rule, the original design's real mistakes are blocked, a state
 * export gives the results of the program it came from, and no secret leaves.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import type { Evaluation } from "../../policies/lib/results";
import {
    certifyLandsraad,
    certifyState,
    cleanup,
    OUTPUT_NAMES,
    REPO,
    runCli,
    tempDir,
} from "../helpers/cli";
import { readExport } from "../helpers/export-variants";

const STACK_FILE = path.join(REPO, "Pulumi.landsraad_tst.yaml");

/** A project dir running the repo's program with a changed copy of the landsraad_tst stack file. */
function variant(change: (config: Record<string, unknown>) => void): string {
    const dir = tempDir("variant");
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        `name: chom\nruntime: nodejs\nmain: ${path.join(REPO, "infra")}\n`,
    );
    const doc = parseDocument(fs.readFileSync(STACK_FILE, "utf8"));
    const config = doc.get("config") as unknown as { toJSON(): Record<string, unknown> };
    const plain = config.toJSON();
    change(plain);
    doc.set("config", plain);
    fs.writeFileSync(path.join(dir, "Pulumi.landsraad_tst.yaml"), doc.toString());
    return dir;
}

function key(r: { ruleId: string; subject: { urn: string }; state: string }): string {
    return `${r.ruleId} ${r.subject.urn} ${r.state}`;
}

describe("certify landsraad_tst through the real pack process", function () {
    this.timeout(180_000);
    const dirs: string[] = [];
    let work: string;
    let compliant: Evaluation;
    let compliantRun: Awaited<ReturnType<typeof runCli>>;
    before(async () => {
        work = tempDir("landsraad");
        dirs.push(work);
        compliantRun = await certifyLandsraad(work, "--json");
        compliant = JSON.parse(compliantRun.stdout) as Evaluation;
    });
    after(() => dirs.forEach(cleanup));

    it("passes every mandatory rule (exit 0) and reports the honest 7.6 GiB finding", () => {
        assert.strictEqual(compliantRun.code, 0, compliantRun.stderr);
        const notPassing = compliant.results
            .filter((r) => r.state !== "PASS" && r.state !== "NOT_APPLICABLE")
            .map(key);
        assert.deepStrictEqual(notPassing, [
            "CHOM-RES-017 urn:pulumi:landsraad_tst::chom::chom:host:Server::landsraad_tst FAIL",
        ]);
        assert.ok(compliant.results.length > 200, `${compliant.results.length} results`);
    });

    it("fills Appendix C with the declared server and the app, database and cache sizes", () => {
        assert.deepStrictEqual(
            {
                cores: compliant.server?.cpuCores,
                ram: compliant.server?.memoryGb,
                disk: compliant.server?.diskGb,
                net: compliant.server?.networkGbps,
            },
            { cores: 4, ram: 8, disk: 75, net: 0.4 },
        );
        const byRole = Object.fromEntries(
            compliant.containers.filter((c) => c.role).map((c) => [c.role, [c.cpus, c.memoryMb]]),
        );
        assert.deepStrictEqual(byRole, {
            app: [1.5, 1536],
            database: [1, 1536],
            cache: [0.5, 384],
        });
        assert.strictEqual(compliant.containers.length, 16);
    });

    it("writes every output, and the attestation carries the scores it printed", () => {
        for (const f of OUTPUT_NAMES) {
            assert.ok(fs.statSync(path.join(work, "out", f)).size > 500, f);
        }
        const statement = JSON.parse(
            fs.readFileSync(path.join(work, "out", "attestation.json"), "utf8"),
        ) as {
            _type: string;
            subject: { digest: { sha256: string } }[];
            predicate: { status: string; weightedAverage: number };
        };
        assert.strictEqual(statement._type, "https://in-toto.io/Statement/v1");
        assert.strictEqual(statement.subject[0].digest.sha256, compliant.resourcesDigest);
        assert.strictEqual(statement.predicate.status, "READY");
        assert.match(compliantRun.stderr + compliantRun.stdout, /READY; NOT CERTIFIED/);
    });

    it("records the docker provider's inputs as the engine does: with the SDK's version added", () => {
        const exported = readExport(path.join(work, "export.json"));
        const provider = exported.deployment.resources.find(
            (r) => r.type === "pulumi:providers:docker",
        );
        const sdk = JSON.parse(
            fs.readFileSync(require.resolve("@pulumi/docker/package.json"), "utf8"),
        ) as { version: string };
        assert.deepStrictEqual(provider?.inputs, {
            host: "ssh://deploy@10.10.100.20",
            version: sdk.version,
        });
    });

    it("gives the same results from its own state export (--state) as from the program", async () => {
        const r = await certifyState(
            path.join(work, "export.json"),
            path.join(work, "out-state"),
            "--json",
        );
        assert.strictEqual(r.code, 0, r.stderr);
        const fromState = JSON.parse(r.stdout) as Evaluation;
        assert.strictEqual(fromState.source, "state");
        assert.deepStrictEqual(
            fromState.results.map(key).sort(),
            compliant.results.map(key).sort(),
        );
    });

    it("never writes or prints a secret: no ciphertext of the stack file, no redacted value in clear", () => {
        const ciphertexts = [
            ...fs.readFileSync(STACK_FILE, "utf8").matchAll(/secure: (v1:\S+)/g),
        ].map((m) => m[1]);
        assert.ok(ciphertexts.length >= 6);
        const outputs = OUTPUT_NAMES.map((f) => fs.readFileSync(path.join(work, "out", f), "utf8"));
        for (const text of [
            ...outputs,
            compliantRun.stdout,
            compliantRun.stderr,
            fs.readFileSync(path.join(work, "export.json"), "utf8"),
        ]) {
            for (const c of ciphertexts)
                assert.ok(!text.includes(c.slice(3, 20)), "a ciphertext leaked");
        }
    });

    const mistakes: [string, (c: Record<string, unknown>) => void, string][] = [
        [
            "an exporter published to the world (bound to 0.0.0.0)",
            (c) => {
                const services = c["chom:services"] as Record<string, Record<string, unknown>>;
                services["node-exporter"].ports = [
                    { internal: 9100, external: 9100, ip: "0.0.0.0" },
                ];
            },
            "CHOM-FW-004",
        ],
        [
            "50 FPM children x 256 MB in the app container",
            (c) => {
                c["chom:php"] = { fpmMaxChildren: 50, memoryLimitMb: 256 };
            },
            "CHOM-RES-006",
        ],
        [
            "no Content-Security-Policy",
            (c) => {
                const tls = c["chom:tls"] as { headers: Record<string, string> };
                delete tls.headers["Content-Security-Policy"];
            },
            "CHOM-TLS-005",
        ],
    ];
    for (const [what, change, ruleId] of mistakes) {
        it(`blocks the original design's mistake: ${what} (${ruleId}, exit 1)`, async () => {
            const dir = variant(change);
            dirs.push(dir);
            const r = await runCli(
                ["--stack", "landsraad_tst", "--quiet", "--json", "--out", path.join(dir, "out")],
                dir,
            );
            assert.strictEqual(r.code, 1, r.stderr);
            const e = JSON.parse(r.stdout) as Evaluation;
            const failed = e.results
                .filter((x) => x.state === "FAIL" && x.enforcementLevel === "mandatory")
                .map((x) => x.ruleId);
            assert.ok(failed.includes(ruleId), `${ruleId} not in ${failed.join(", ")}`);
        });
    }

    /**
     * Mutations of what is deployed (a state export): what config validation would refuse to
     * declare, so only the pack stands between them and production. Keyed by resource name.
     */
    const deployed: [string, (resources: Map<string, Record<string, unknown>>) => void, string][] =
        [
            [
                "backups kept on the same host",
                (r) => {
                    const plan = r.get("landsraad_tst-backup")!;
                    plan.offsite = {
                        kind: "rsync",
                        destination: "rsync://landsraad_tst/backups",
                        host: "landsraad_tst",
                    };
                },
                "CHOM-BAK-004",
            ],
            [
                "no container limits (the original compose file)",
                (c) => {
                    for (const inputs of [...c.values()].filter((x) => "image" in x)) {
                        delete inputs.memory;
                        delete inputs.cpus;
                    }
                },
                "CHOM-RES-001",
            ],
            [
                "Redis without a password",
                (c) => {
                    const redis = c.get("redis")!;
                    redis.command = ["redis-server", "--appendonly", "yes", "--maxmemory", "256mb"];
                },
                "CHOM-RES-016",
            ],
            [
                "Grafana admin/admin",
                (c) => {
                    const grafana = c.get("grafana")!;
                    grafana.envs = [
                        "GF_SECURITY_ADMIN_USER=admin",
                        "GF_SECURITY_ADMIN_PASSWORD=admin",
                    ];
                },
                "CHOM-OBS-004",
            ],
        ];
    for (const [what, change, ruleId] of deployed) {
        it(`blocks a deployed stack with ${what} (${ruleId}, exit 1, from --state)`, async () => {
            const exported = readExport(path.join(work, "export.json"));
            const byName = new Map(
                exported.deployment.resources.map((x) => [x.urn.split("::").pop()!, x.inputs]),
            );
            change(byName);
            for (const r of exported.deployment.resources) r.outputs = r.inputs;
            const file = path.join(work, `mutated-${ruleId}.json`);
            fs.writeFileSync(file, JSON.stringify(exported));
            const r = await certifyState(
                file,
                path.join(work, `out-${ruleId}`),
                "--quiet",
                "--json",
            );
            assert.strictEqual(r.code, 1, r.stderr);
            const e = JSON.parse(r.stdout) as Evaluation;
            assert.ok(
                e.results.some((x) => x.ruleId === ruleId && x.state === "FAIL"),
                `${ruleId} did not fail`,
            );
        });
    }

    it("refuses invalid stack config with every bad path named (exit 2, nothing written)", async () => {
        const dir = variant((c) => {
            const services = c["chom:services"] as Record<string, Record<string, unknown>>;
            services.app.cpu = -1;
            services.mysql.memoryReservationMb = 99999;
        });
        dirs.push(dir);
        const r = await runCli(["--stack", "landsraad_tst", "--out", path.join(dir, "out")], dir);
        assert.strictEqual(r.code, 2, r.stdout);
        assert.match(r.stderr, /invalid stack config/);
        assert.match(r.stderr, /chom:services\.app\.cpu/);
        assert.match(r.stderr, /chom:services\.mysql\.memoryReservationMb/);
        assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
        assert.ok(!fs.existsSync(path.join(dir, "out")), "nothing written");
    });

    it("certifies a fleet (several --stack) in one run, one output folder per stack", async () => {
        // mentat_tst first, so landsraad_tst runs in a process that already ran another stack.
        const r = await runCli([
            "--stack",
            "mentat_tst",
            "--stack",
            "richese_tst",
            "--stack",
            "landsraad_tst",
            "--out",
            path.join(work, "fleet"),
            "--quiet",
        ]);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assert.ok(fs.existsSync(path.join(work, "fleet", "mentat_tst", "attestation.json")));
        // The warm processes of a fleet give each stack exactly what a run of its own gives.
        const attested = JSON.parse(
            fs.readFileSync(path.join(work, "fleet", "landsraad_tst", "attestation.json"), "utf8"),
        ) as {
            predicate: { results: { ruleId: string; subject: string; state: string }[] };
        };
        const inFleet = attested.predicate.results
            .map((x) => `${x.ruleId} ${x.subject} ${x.state}`)
            .sort();
        assert.deepStrictEqual(inFleet, compliant.results.map(key).sort());
    });
});
