/**
 * Bad input gets a clear exit 2, never a hang, a trace or a pass (issue 9): each case names the
 * input in one line, writes nothing, and holds no stack trace; values that reach a terminal,
 * a document or a rendered config cannot act there.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliRun, removedAfterSuite, runCli, tinyPack, tinyProject } from "../helpers/cli";
import { readExport, WrittenExport } from "../helpers/export-variants";

const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const docker = require("@pulumi/docker");
const cfg = new pulumi.Config();
const p = new docker.Provider("host", { host: "ssh://deploy@198.18.0.1" });
new docker.Container(cfg.get("name") ?? "cache", { image: "redis:7.4.1-alpine", memory: 64, cpus: "0.5" }, { provider: p });
`;

/** An exit 2 a user can act on: one message naming the input, no trace, nothing written. */
function assertUserError(r: CliRun, message: RegExp, dir: string): void {
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, "no stack trace");
    assert.ok(
        !fs.existsSync(path.join(dir, "out")) && !fs.existsSync(path.join(dir, "o")),
        "nothing written",
    );
}

describe("chom-certify on hostile input (issue 9)", function () {
    this.timeout(120_000);
    const dirs = removedAfterSuite();
    const project = (yaml?: string, program = PROGRAM) => {
        const d = tinyProject(program, yaml);
        dirs.push(d);
        return d;
    };
    /** An export of the tiny stack, as `--export-state` wrote it; `edit` changes the document. */
    let exportDoc: WrittenExport;
    before(async () => {
        const dir = project();
        const r = await runCli(
            ["--stack", "dev", "--out", "first", "--export-state", "export.json", "--quiet"],
            dir,
        );
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        exportDoc = readExport(path.join(dir, "export.json"));
    });
    const stateFile = (
        edit: (doc: typeof exportDoc) => void,
        text?: (json: string) => string,
    ): string => {
        const dir = project();
        const doc = structuredClone(exportDoc);
        edit(doc);
        const json = JSON.stringify(doc);
        fs.writeFileSync(path.join(dir, "state.json"), text ? text(json) : json);
        return dir;
    };
    const container = (doc: typeof exportDoc) =>
        doc.deployment.resources.find((r) => r.type === "docker:index/container:Container")!;

    it("refuses --timeout that is not whole seconds from 1 to 3600 (0x10, 0.001, 1e3)", async () => {
        const dir = project();
        for (const t of ["0x10", "0.001", "1e3", "0", "3601"]) {
            assertUserError(
                await runCli(["--stack", "dev", "--timeout", t], dir),
                new RegExp(
                    `^error: --timeout ${t.replace(".", "\\.")}: give whole seconds from 1 to 3600$`,
                    "m",
                ),
                dir,
            );
        }
    });

    it("exits 2 at once when the pack prints on stdout before its port (it used to hang)", async () => {
        const dir = project();
        const pack = tinyPack("", 'console.log("hello from the pack");');
        dirs.push(pack);
        const r = await runCli(["--stack", "dev", "--pack", pack], dir, 30_000);
        assertUserError(
            r,
            /policy pack .* printed "hello from the pack" on stdout instead of its gRPC port/,
            dir,
        );
    });

    it("names a duplicate URN in an export before evaluating anything", async () => {
        const dir = stateFile((doc) => doc.deployment.resources.push(container(doc)));
        assertUserError(
            await runCli(["--state", "state.json"], dir),
            /^error: --state .*state\.json: deployment\.resources\[\d+\]: URN urn:pulumi:dev::tiny::docker:index\/container:Container::cache appears twice/m,
            dir,
        );
    });

    it("refuses an export nested deeper than 100 levels, naming where (it overflowed the stack)", async () => {
        const dir = stateFile(
            (doc) => (container(doc).inputs.deep = "DEEP"),
            (json) => json.replace('"DEEP"', `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`),
        );
        assertUserError(
            await runCli(["--state", "state.json"], dir),
            /^error: --state .*state\.json: nested more than 100 levels deep at \.deployment\.resources\[\d+\]\.inputs\.deep\.a\.a/m,
            dir,
        );
    });

    it('names a resource value of the wrong kind (memory "99999") in one line', async () => {
        const dir = stateFile((doc) => {
            container(doc).inputs.memory = "99999";
            container(doc).outputs.memory = "99999";
        });
        assertUserError(
            await runCli(["--state", "state.json"], dir),
            /^error: --state .*state\.json: docker:index\/container:Container "cache" \(urn:pulumi:dev::tiny::docker:index\/container:Container::cache\): memory must be a non-negative number, got "99999"$/m,
            dir,
        );
    });

    it("refuses sizes no machine has (1e308 MB would print as Infinity)", async () => {
        const dir = stateFile((doc) => {
            container(doc).inputs.memory = 1e308;
            container(doc).outputs.memory = 1e308;
        });
        const r = await runCli(["--state", "state.json"], dir);
        assertUserError(r, /memory is 1e\+308, above 67108864: no real machine has that much/, dir);
        assert.doesNotMatch(r.stderr + r.stdout, /Infinity/);
    });

    it("refuses control characters in an export's URNs (they would reach terminals and documents)", async () => {
        const dir = stateFile((doc) => {
            const c = container(doc);
            c.urn = c.urn.replace("::cache", "::cache\nPolicies: no mandatory failure\u001b[2J");
        });
        assertUserError(
            await runCli(["--state", "state.json"], dir),
            /^error: --state .*state\.json: deployment\.resources\[\d+\]: the URN or type holds a control character: ".*cache\\nPolicies: no mandatory failure\\u001b\[2J"$/m,
            dir,
        );
    });

    it("refuses a stack config over 128 KiB with the limit (spawn failed with E2BIG), and a huge file before parsing it", async () => {
        const rules = Array.from(
            { length: 1500 },
            (_, i) =>
                `      - { port: ${1000 + i}, protocol: tcp, sources: [10.0.0.0/8], comment: rule number ${i} of many }`,
        ).join("\n");
        let dir = project(`config:\n  tiny:firewall:\n    rules:\n${rules}\n`);
        assertUserError(
            await runCli(["--stack", "dev"], dir),
            /^error: .*Pulumi\.dev\.yaml: the stack config is 1\d\d KiB; Pulumi passes it to the program and the policy pack in one environment variable \(PULUMI_CONFIG\), which Linux limits to 128 KiB$/m,
            dir,
        );
        dir = project(`config:\n  tiny:blob: "${"x".repeat(3 * 1024 * 1024)}"\n`);
        const r = await runCli(["--stack", "dev"], dir);
        assertUserError(
            r,
            /^error: .*Pulumi\.dev\.yaml: the stack file: 3 MiB is over the limit of 1 MiB$/m,
            dir,
        );
    });

    for (const [what, value] of [
        ["a plaintext", "Hunter2"],
        ["an empty value", '""'],
        ["a v1 value with a short nonce", "v1:abc:def"],
    ] as const) {
        it(`refuses ${what} under secure: (only a Pulumi ciphertext is a secret), never echoing it`, async () => {
            const dir = project(`config:\n  tiny:db:\n    password:\n      secure: ${value}\n`);
            const r = await runCli(["--stack", "dev"], dir);
            assertUserError(
                r,
                /^error: .*Pulumi\.dev\.yaml: config tiny:db\.password: the "secure" value is not a Pulumi ciphertext \(v1:<nonce>:<ciphertext> or base64, as `pulumi config set --secret` writes\); a plaintext or empty value is not a secret$/m,
                dir,
            );
            if (value !== '""') assert.ok(!r.stderr.includes(value), "the value is not echoed");
        });
    }

    it("shows a program's control characters in resource names as escapes: no fake summary line, no terminal escape", async () => {
        const evil = "cache\nPolicies: no mandatory failure\u001b[2J\u0000\u202e";
        const dir = project(`config:\n  tiny:name: ${JSON.stringify(evil)}\n`);
        const r = await runCli(["--stack", "dev", "--out", "o"], dir);
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        for (const [where, text] of [
            ["stdout", r.stdout],
            ["stderr", r.stderr],
            ...["certificate.md", "certificate.html"].map((f) => [
                f,
                fs.readFileSync(path.join(dir, "o", f), "utf8"),
            ]),
        ]) {
            assert.doesNotMatch(
                text,
                /[\u0000\u001b\u202e]/,
                `${where} holds no raw NUL, ESC or bidi override`,
            );
            assert.doesNotMatch(
                text,
                /^Policies: no mandatory failure/m,
                `${where} has no line the name made`,
            );
        }
        assert.match(
            r.stdout,
            /cache\\nPolicies: no mandatory failure\\e\[2J\\u0000\\u202e/,
            "the name is shown, escaped",
        );
    });
});
