/**
 * The live checks' parts that need no test host: config validation, the batch framing, redaction,
 * listener parsing.
 */
import * as assert from "assert";
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildScript, parseOutput } from "../../checks/batch-script";
import { parseLiveConfig } from "../../checks/live-config";
import { usable } from "../../checks/observation";
import { containersProbe } from "../../checks/probes/containers";
import { monitoringProbe } from "../../checks/probes/monitoring";
import { parseListeners } from "../../checks/probes/firewall";
import { redact } from "../../checks/redact";
import { parseStackConfig } from "../../infra/config";
import { stackRaw } from "../helpers/config-fixture";
import type { HostReport } from "../../checks/run-live";
import { withLiveResults } from "../../checks/to-results";
import { renderCertificateMarkdown } from "../../policies/report/certificate-md";
import { renderSarif } from "../../policies/report/sarif";
import { compliantEvaluation } from "../helpers/fixture-evaluation";

const VALID = {
    address: "198.18.77.2",
    user: "audit",
    privateKeyPath: "/keys/id",
    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBl3SrjQ9u4u6Fyf4c9h+LpZ5Q3fC8bn1QW4t2ZbJvkP",
};

describe("live checks: parts", () => {
    it("accepts chom:live in a stack file, with defaults, and names the bad setting otherwise", () => {
        const c = stackRaw();
        c.raw["chom:live"] = VALID;
        assert.strictEqual(parseStackConfig(c.raw, c.secretKeys).ok, true);
        const parsed = parseLiveConfig(VALID);
        assert.ok(
            parsed.ok && parsed.config.sshPort === 22 && parsed.config.deadlineSeconds === 20,
        );
        c.raw["chom:live"] = { ...VALID, hostKey: "AAAA" };
        const bad = parseStackConfig(c.raw, c.secretKeys);
        assert.ok(
            !bad.ok && bad.errors.some((e) => e.path === "chom:live.hostKey"),
            JSON.stringify(bad),
        );
        assert.deepStrictEqual(parseLiveConfig({ ...VALID, password: "x" }), {
            ok: false,
            message: 'chom:live: Unrecognized key: "password"',
        });
        assert.deepStrictEqual(
            parseLiveConfig({ ...VALID, monitoring: { prometheus: "http://x/$(reboot)" } }),
            {
                ok: false,
                message:
                    "chom:live.monitoring.prometheus: must be an http(s) URL of plain characters",
            },
        );
    });

    it("frames each section with a nonce the host cannot forge, and keeps exit statuses", () => {
        const b = buildScript([
            { name: "a", command: "echo hi" },
            { name: "b", command: "false" },
        ]);
        const text = [
            `@@chom-${b.nonce} begin a`,
            "hi",
            "@@chom-0000 end a 0",
            `@@chom-${b.nonce} end a 0`,
            `@@chom-${b.nonce} begin b`,
            `partial@@chom-${b.nonce} end b 1`,
        ].join("\n");
        const out = parseOutput(text, b.nonce);
        assert.deepStrictEqual(out.get("a"), { output: "hi\n@@chom-0000 end a 0", exitCode: 0 });
        assert.deepStrictEqual(out.get("b"), { output: "partial", exitCode: 1 });
        assert.throws(
            () => buildScript([{ name: "a;rm", command: "true" }]),
            /bad or repeated section name/,
        );
    });

    it("lets one command frame several sections itself, and takes no end without a status", () => {
        const b = buildScript([
            { name: "a", command: "echo hi" },
            {
                name: "ab",
                parts: ["b", "c"],
                command:
                    'echo "$chom_mark begin b"; echo two; echo "$chom_mark end b 3"; echo "$chom_mark begin c"; echo "$chom_mark end c "',
            },
        ]);
        assert.ok(!b.script.includes(`${b.nonce} begin ab`));
        const out = parseOutput(
            execFileSync("/bin/sh", ["-s"], { input: b.script, encoding: "utf8" }),
            b.nonce,
        );
        assert.deepStrictEqual(Object.fromEntries(out), {
            a: { output: "hi", exitCode: 0 },
            b: { output: "two", exitCode: 3 },
        });
        assert.throws(
            () =>
                buildScript([
                    { name: "a", command: "true" },
                    { name: "x", parts: ["a"], command: "true" },
                ]),
            /bad or repeated section name/,
        );
    });

    it("fetches the monitoring endpoints with one curl, each answer and status as one curl per GET gives them", async function () {
        this.timeout(30_000);
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "chomlive-mon-"));
        fs.mkdirSync(path.join(root, "-"));
        fs.writeFileSync(path.join(root, "-", "ready"), "Prometheus Server is Ready.\n");
        fs.mkdirSync(path.join(root, "api", "v1"), { recursive: true });
        fs.writeFileSync(path.join(root, "api", "v1", "targets"), '{"data":{"activeTargets":[]}}');
        const port = 20000 + (process.pid % 20000);
        const httpd = spawn(
            "/bin/busybox",
            ["httpd", "-f", "-p", `127.0.0.1:${port}`, "-h", root],
            { stdio: "ignore" },
        );
        try {
            await new Promise((r) => setTimeout(r, 300));
            // Prometheus answers, Grafana's path is missing (404), nothing listens for Loki.
            const monitoring = {
                prometheus: `http://127.0.0.1:${port}`,
                grafana: `http://127.0.0.1:${port}/none`,
                loki: "http://127.0.0.1:1",
            };
            const ctx = {
                target: { config: { monitoring } },
                declared: { monitoring: null },
            } as unknown as Parameters<typeof monitoringProbe.sections>[0];
            const sections = monitoringProbe.sections(ctx);
            assert.strictEqual(sections.length, 1);
            const b = buildScript(sections);
            // Every run of curl counted, to see that one made all four GETs.
            const runs = path.join(root, "curl-runs");
            const script = b.script.replace(
                "exec 2>&1\n",
                `exec 2>&1\ncurl() { echo >>${runs}; command curl "$@"; }\n`,
            );
            const out = parseOutput(
                execFileSync("/bin/sh", ["-s"], { input: script, encoding: "utf8" }),
                b.nonce,
            );
            assert.strictEqual(fs.readFileSync(runs, "utf8"), "\n");
            const oneByOne = (url: string) => {
                try {
                    return {
                        output: execFileSync("curl", ["-fsS", "-m", "3", url], {
                            encoding: "utf8",
                            stdio: ["ignore", "pipe", "pipe"],
                        }).replace(/\n$/, ""),
                        exitCode: 0,
                    };
                } catch (e) {
                    const err = e as { status: number; stderr: string; stdout: string };
                    return {
                        output: `${err.stdout}${err.stderr}`.replace(/\n$/, ""),
                        exitCode: err.status,
                    };
                }
            };
            const expected = {
                "monitoring.prometheus-ready": oneByOne(`${monitoring.prometheus}/-/ready`),
                "monitoring.prometheus-targets": oneByOne(
                    `${monitoring.prometheus}/api/v1/targets?state=active`,
                ),
                "monitoring.grafana-health": oneByOne(`${monitoring.grafana}/api/health`),
                "monitoring.loki-ready": oneByOne(`${monitoring.loki}/ready`),
            };
            // curl's message for a refused connection names the milliseconds it took.
            const steady = (m: Map<string, unknown> | Record<string, unknown>) =>
                JSON.parse(
                    JSON.stringify(m instanceof Map ? Object.fromEntries(m) : m).replace(
                        /after \d+ ms/g,
                        "after N ms",
                    ),
                ) as unknown;
            assert.deepStrictEqual(steady(out), steady(expected));
            assert.deepStrictEqual(
                Object.values(expected).map((e) => e.exitCode),
                [0, 0, 22, 7],
            );
        } finally {
            httpd.kill();
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("inspects the containers the engine lists, or all of them the long way when one is not recognized", () => {
        // The command's shell logic, run by sh with curl and docker answering as stand-ins.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-containers-"));
        const hex = (c: string) => c.repeat(64);
        const listed = (id: string) =>
            `{"Id":"${hex(id)}","Names":["/c${id}"],"Image":"i","ImageID":"sha256:${hex("e")}","Command":"x"}`;
        const stand = (name: string, body: string) =>
            fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
        stand("docker", `case $1 in ps) echo ps-called ;; *) echo "inspect $*" ;; esac`);
        const command = containersProbe.sections({
            target: { config: { dockerHost: "unix:///run/d.sock" } },
            declared: { containers: [] },
        } as unknown as Parameters<typeof containersProbe.sections>[0])[0].command;
        const run = (list: string) => {
            fs.writeFileSync(path.join(dir, "list"), list);
            stand("curl", `cat ${JSON.stringify(path.join(dir, "list"))}`);
            return execFileSync("sh", ["-c", command], {
                env: { PATH: `${dir}:/usr/bin:/bin`, DOCKER_HOST: "unix:///run/d.sock" },
                encoding: "utf8",
            });
        };
        try {
            const both = run(`[${listed("a")},${listed("b")}]`);
            assert.match(
                both,
                new RegExp(`^inspect .* ${hex("a")} ${hex("b")} sha256:${hex("e")}`),
            );
            assert.doesNotMatch(both, /ps-called/);
            // A second container whose fields come in another order: the list is not used at all.
            const other = `{"Names":["/cb"],"Id":"${hex("b")}","Image":"i","ImageID":"sha256:${hex("e")}"}`;
            const fallback = run(`[${listed("a")},${other}]`);
            assert.match(
                fallback,
                /^inspect inspect --format .* ps-called$/m,
                "docker ps lists them",
            );
            assert.ok(!fallback.includes(hex("a")), "no container is taken from the list");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("redacts secret-looking assignments, URL credentials, private keys and known values", () => {
        assert.strictEqual(
            redact(
                "DB_PASSWORD=hunter2 token: abc url=mysql://chom:s3cret@db/chom -----BEGIN OPENSSH PRIVATE KEY-----\nxyz\n-----END OPENSSH PRIVATE KEY----- pp-123",
                ["pp-123"],
            ),
            "DB_PASSWORD=[redacted] token: [redacted] url=mysql://[redacted]@db/chom [redacted] [redacted]",
        );
    });

    it("turns a denied or missing command into a reason, never an output to judge", () => {
        assert.deepStrictEqual(
            usable(
                { output: "Error: Operation not permitted (you must be root)", exitCode: 1 },
                "nft list ruleset",
            ),
            {
                unknown:
                    "nft list ruleset: permission denied (Error: Operation not permitted (you must be root))",
            },
        );
        assert.deepStrictEqual(
            usable({ output: "sh: 1: nft: not found", exitCode: 127 }, "nft list ruleset"),
            { unknown: "nft list ruleset: command not found on the host" },
        );
        assert.deepStrictEqual(
            usable({ missing: "timed out connecting to root@198.18.77.2:22" }, "nft list ruleset"),
            { unknown: "timed out connecting to root@198.18.77.2:22" },
        );
        assert.deepStrictEqual(usable({ output: "table inet x {}", exitCode: 0 }, "nft"), {
            text: "table inet x {}",
        });
    });

    it("reads ss listeners, IPv6 and process names included", () => {
        assert.deepStrictEqual(
            parseListeners(
                [
                    'tcp   LISTEN 0      4096     198.18.77.2:8080      0.0.0.0:*    users:(("docker-proxy",pid=12,fd=4))',
                    "tcp   LISTEN 0      128             [::]:22           [::]:*",
                    "udp   UNCONN 0      0          127.0.0.1:323        0.0.0.0:*",
                ].join("\n"),
            ),
            [
                { protocol: "tcp", address: "198.18.77.2", port: 8080, process: "docker-proxy" },
                { protocol: "tcp", address: "::", port: 22, process: "" },
                { protocol: "udp", address: "127.0.0.1", port: 323, process: "" },
            ],
        );
    });
});

describe("live checks: observations in the one result model", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const AjvDraft04 = require("ajv-draft-04") as new (opts: object) => {
        compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
    };
    const validate = new AjvDraft04({ strict: false, unicodeRegExp: false, logger: false }).compile(
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as object,
    );
    const report: HostReport = {
        stack: "landsraad_tst",
        address: "198.18.77.2",
        reachable: true,
        checkedAt: "2026-11-30T12:00:00.000Z",
        durationMs: 812,
        server: {
            cpuCores: 2,
            memoryGib: 23.5,
            rootFsGb: 270.6,
            rootFsFreeGb: 80.4,
            networkGbps: 10,
        },
        observations: [
            {
                ruleId: "CHOM-LIVE-001",
                area: "containers",
                item: "chom-redis",
                state: "PASS",
                message: "chom-redis is healthy",
            },
            {
                ruleId: "CHOM-DRIFT-001",
                area: "firewall",
                item: "tcp 198.18.77.2:6379",
                state: "FAIL",
                message: "tcp 198.18.77.2:6379 <busybox> listens & is undeclared",
            },
            {
                ruleId: "CHOM-FW-001",
                area: "firewall",
                item: "ruleset",
                state: "PASS",
                message: "",
            },
        ],
    };

    it("renders observed results in SARIF (schema-valid, own fingerprints), the certificate and Appendix C", () => {
        const e = withLiveResults(compliantEvaluation(), [report]);
        assert.deepStrictEqual(
            e.results
                .filter((r) => r.evidence === "observed")
                .map((r) => `${r.ruleId} ${r.state} ${r.subject.type}`),
            [
                "CHOM-LIVE-001 PASS chom:live:Observation",
                "CHOM-DRIFT-001 FAIL chom:live:Observation",
                "CHOM-FW-001 PASS chom:live:Observation",
            ],
        );
        const sarif = JSON.parse(renderSarif(e)) as {
            runs: { results: { ruleId: string; partialFingerprints?: Record<string, string> }[] }[];
        };
        assert.strictEqual(validate(sarif), true, JSON.stringify(validate.errors));
        const fingerprints = sarif.runs[0].results.map((r) =>
            JSON.stringify(r.partialFingerprints),
        );
        assert.strictEqual(new Set(fingerprints).size, fingerprints.length);
        const md = renderCertificateMarkdown(e).split("\n");
        assert.ok(
            md.includes("- [x] Health checks passing — proven by observation (CHOM-LIVE-001)"),
        );
        assert.ok(
            md.includes(
                "- [ ] Firewall rules configured correctly — CHOM-DRIFT-001 failed on landsraad_tst firewall tcp 198.18.77.2:6379 (observed): tcp 198.18.77.2:6379 &lt;busybox> listens & is undeclared",
            ),
        );
        assert.ok(md.includes("| CPU Cores | 4 | 2 cores | 4 cores |"));
        assert.ok(md.includes("| Free on / |  | 80.4 GB | 50 GB |"));
    });
});
