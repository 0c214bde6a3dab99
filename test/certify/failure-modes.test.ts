/**
 * chom-certify never reports a pass it did not get: bad input, a crashing or hung pack, a
 * failing program all exit 2 with a message naming what and where, and write nothing.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { removedAfterSuite, runCli, tempDir, tinyPack, tinyProject } from "../helpers/cli";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const docker = require("@pulumi/docker");
const cfg = new pulumi.Config();
const p = new docker.Provider("host", { host: "ssh://deploy@198.18.0.1" });
new docker.Container("cache", { image: "redis:7.4.1-alpine", memory: cfg.getNumber("memoryMb") ?? 64, cpus: "0.5" }, { provider: p });
`;

describe("chom-certify failure modes (exit 2, nothing written)", function () {
    this.timeout(120_000);
    const dirs = removedAfterSuite();
    const project = (program = PROGRAM, yaml?: string) => {
        const d = tinyProject(program, yaml);
        dirs.push(d);
        return d;
    };
    const pack = (body: string, top = "") => {
        const d = tinyPack(body, top);
        dirs.push(d);
        return d;
    };

    it("rejects an unknown flag with the usage", async () => {
        const r = await runCli(["--stak", "landsraad_tst"]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /Unknown option '--stak'/);
        assert.match(r.stderr, /usage: chom-certify/);
    });

    it("names the missing stack file", async () => {
        const dir = project();
        const r = await runCli(["--stack", "nope"], dir);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /Pulumi\.nope\.yaml: cannot read the stack file of stack "nope"/);
        assert.ok(!fs.existsSync(path.join(dir, "out")), "nothing written");
    });

    it("names the policy and field of an invalid policy config, engine-style", async () => {
        const dir = project();
        fs.writeFileSync(
            path.join(dir, "policy.json"),
            JSON.stringify({
                "chom-res-container-limits": { exceptions: [{ resource: "cache" }] },
            }),
        );
        const r = await runCli(
            [
                "--stack",
                "dev",
                "--policy-config",
                "policy.json",
                "--pack",
                path.join(__dirname, "..", "..", "policies"),
            ],
            dir,
        );
        assert.strictEqual(r.code, 2, r.stderr);
        assert.match(
            r.stderr,
            /validating policy config: chom-production-readiness@v\d+\.\d+\.\d+:/,
        );
        assert.match(
            r.stderr,
            /chom-res-container-limits: exceptions\.0: must have required property 'reason'/,
        );
        assert.ok(!fs.existsSync(path.join(dir, "out")), "nothing written");
    });

    it("rejects a policy config with an invalid enforcement level", async () => {
        const dir = project();
        fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify({ all: "sometimes" }));
        const r = await runCli(["--stack", "dev", "--policy-config", "policy.json"], dir);
        assert.strictEqual(r.code, 2);
        assert.match(
            r.stderr,
            /parsing enforcement level for "all": "sometimes" is not a valid enforcement level/,
        );
    });

    it("exits 2 when a policy throws (a crash is never a pass)", async () => {
        const dir = project();
        const r = await runCli(
            ["--stack", "dev", "--pack", pack(`throw new Error("boom in policy");`)],
            dir,
        );
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /policy pack failed in analyze/);
        assert.match(r.stderr, /boom in policy/);
        assert.ok(!fs.existsSync(path.join(dir, "out")), "nothing written");
    });

    it("exits 2 within the timeout when a policy hangs", async () => {
        // No resource but the root stack, which the engine analyzes too: the program itself is
        // quick.
        const dir = project(`require("@pulumi/pulumi");`);
        const r = await runCli(
            ["--stack", "dev", "--timeout", "10", "--pack", pack(`return new Promise(() => {});`)],
            dir,
        );
        assert.strictEqual(r.code, 2, r.stderr);
        assert.match(r.stderr, /policy pack did not answer analyze within 10 s/);
        assert.ok(r.ms < 60_000, `took ${r.ms} ms`);
    });

    it("exits 2 when the pack process dies on start", async () => {
        const dir = project();
        const r = await runCli(["--stack", "dev", "--pack", pack("", "process.exit(3);")], dir);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /exited before serving \(exit 3\)/);
    });

    it("names a --pack directory that is not a policy pack, before starting anything", async () => {
        const dir = project();
        const r = await runCli(["--stack", "dev", "--pack", dir], dir);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /--pack .*: not a policy pack \(no PulumiPolicy\.yaml there\)/);
        assert.ok(!fs.existsSync(path.join(dir, "out")), "nothing written");
    });

    it("exits 2 with the program's own error and frame when the program throws", async () => {
        const dir = project(
            `${PROGRAM}\nfunction sizeOf(x) { return x.missing.field; }\nsizeOf({});\n`,
        );
        const r = await runCli(["--stack", "dev"], dir);
        assert.strictEqual(r.code, 2);
        assert.match(
            r.stderr,
            /stack dev: the program failed \(project tiny, .*index\.js\):\nTypeError: Cannot read properties of undefined \(reading 'field'\)/,
        );
        assert.match(r.stderr, /at sizeOf \(.*index\.js:\d+:\d+\)/, "the user's frame is kept");
    });

    it("names an unreadable --state file", async () => {
        const dir = tempDir("state");
        dirs.push(dir);
        fs.writeFileSync(path.join(dir, "bad.json"), "{ not json");
        const r = await runCli(["--state", "bad.json"], dir);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /--state .*bad\.json: cannot read a stack export/);
    });
});
