/**
 * `chom-certify --project DIR` on Pulumi projects other than this repo's: an uncompiled
 * TypeScript program runs as `pulumi preview` runs it (ts-node, registered as the SDK does), and
 * what cannot be evaluated offline (ESC environments, another runtime, no program, a program
 * that throws) exits 2 naming the file, with nothing written.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isBlocking, type Evaluation } from "../../policies/lib/results";
import { removedAfterSuite, runCli, tempDir } from "../helpers/cli";

const TS_PROJECT = `name: web
runtime:
  name: nodejs
  options:
    typescript: true
`;

// Two modules, imported without extension: Node must resolve web.ts through the .ts hook.
const INDEX_TS = `import { web } from "./web";
export const containerName: string = web.name as unknown as string;
`;
const WEB_TS = `import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";

const cfg = new pulumi.Config();
const restart: string = cfg.get("restart") ?? "unless-stopped";
export const web = new docker.Container("web", { image: "nginx:1.27.3", restart, ports: [{ internal: 80, external: 8080 }] });
`;

describe("chom-certify --project DIR: any Pulumi nodejs project", function () {
    this.timeout(180_000);
    const dirs = removedAfterSuite();

    /** A project with `files`; certify runs from a separate working directory. */
    function setup(files: Record<string, string>): { project: string; work: string; out: string } {
        const project = tempDir("project-input");
        const work = tempDir("project-input-work");
        dirs.push(project, work);
        for (const [name, text] of Object.entries(files))
            fs.writeFileSync(path.join(project, name), text);
        return { project, work, out: path.join(work, "out") };
    }

    function assertNothingWritten(work: string): void {
        assert.deepStrictEqual(
            fs.readdirSync(work).filter((f) => f !== "node_modules"),
            [],
            "nothing written",
        );
    }

    it("runs an uncompiled TypeScript program through the SDK's ts-node and certifies what it declares", async () => {
        const { project, work, out } = setup({
            "Pulumi.yaml": TS_PROJECT,
            "Pulumi.dev.yaml": "config: {}\n",
            "index.ts": INDEX_TS,
            "web.ts": WEB_TS,
        });
        const r = await runCli(
            ["--project", project, "--stack", "dev", "--out", out, "--json", "--quiet"],
            work,
        );
        assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
        const evaluation = JSON.parse(r.stdout) as Evaluation;
        assert.strictEqual(
            r.code,
            evaluation.results.some(isBlocking) ? 1 : 0,
            "the exit code is the results' verdict",
        );
        const restart = evaluation.results.filter((x) => x.ruleId === "CHOM-RES-008");
        assert.deepStrictEqual(
            restart.map((x) => [x.subject.urn, x.state]),
            [["urn:pulumi:dev::web::docker:index/container:Container::web", "PASS"]],
            "the TypeScript program's restart policy reached the rule",
        );
        for (const f of ["attestation.json", "certificate.md", "results.sarif", "junit.xml"])
            assert.ok(fs.existsSync(path.join(out, f)), `${f} written`);
        process.stdout.write(`      (TypeScript project certified in ${r.ms} ms)\n`);
    });

    it("refuses a stack file with a Pulumi ESC environment: exit 2, says what is not supported, writes nothing", async () => {
        const stackYaml = "environment:\n  - acme/prod-secrets\nconfig:\n  web:restart: always\n";
        const { project, work, out } = setup({
            "Pulumi.yaml": TS_PROJECT,
            "Pulumi.prod.yaml": stackYaml,
            "index.ts": INDEX_TS,
            "web.ts": WEB_TS,
        });
        const r = await runCli(["--project", project, "--stack", "prod", "--out", out], work);
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        const file = path.join(project, "Pulumi.prod.yaml");
        assert.ok(
            r.stderr.includes(
                `error: ${file}: stack "prod" imports Pulumi ESC environments (acme/prod-secrets)`,
            ),
            r.stderr,
        );
        assert.match(r.stderr, /ESC environments are not supported offline/);
        assert.match(r.stderr, /`pulumi config set`/);
        assert.match(r.stderr, /--state/);
        assertNothingWritten(work);
    });

    it("refuses a project whose runtime is not nodejs (exit 2, names the project file)", async () => {
        const { project, work, out } = setup({
            "Pulumi.yaml": "name: pyweb\nruntime: python\n",
            "Pulumi.dev.yaml": "config: {}\n",
            "__main__.py": "import pulumi\n",
        });
        const r = await runCli(["--project", project, "--stack", "dev", "--out", out], work);
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        assert.ok(
            r.stderr.includes(
                `error: ${path.join(project, "Pulumi.yaml")}: project "pyweb" has runtime "python"; chom-certify runs only nodejs`,
            ),
            r.stderr,
        );
        assertNothingWritten(work);
    });

    it("refuses a main that does not exist (exit 2, names the file)", async () => {
        const { project, work, out } = setup({
            "Pulumi.yaml": `${TS_PROJECT}main: src/index.ts\n`,
            "Pulumi.dev.yaml": "config: {}\n",
            "index.ts": INDEX_TS,
            "web.ts": WEB_TS,
        });
        const r = await runCli(["--project", project, "--stack", "dev", "--out", out], work);
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        assert.ok(
            r.stderr.includes(
                `the program of project "web" does not exist: main "src/index.ts" (${path.join(project, "src", "index.ts")})`,
            ),
            r.stderr,
        );
        assertNothingWritten(work);
    });

    it("exits 2 with the TypeScript program's own error and .ts frame when it throws, writing nothing", async () => {
        const throwing = `import * as pulumi from "@pulumi/pulumi";
function portOf(text: string): number {
    const n = Number(text);
    if (!Number.isInteger(n)) throw new Error("not a port: " + text);
    return n;
}
export const port = portOf(new pulumi.Config().get("port") ?? "http");
`;
        const { project, work, out } = setup({
            "Pulumi.yaml": TS_PROJECT,
            "Pulumi.dev.yaml": "config: {}\n",
            "index.ts": throwing,
        });
        const r = await runCli(["--project", project, "--stack", "dev", "--out", out], work);
        assert.strictEqual(r.code, 2, r.stdout + r.stderr);
        assert.ok(
            r.stderr.includes(
                `stack dev: the program failed (project web, ${path.join(project, "index.ts")}):\nError: not a port: http`,
            ),
            r.stderr,
        );
        assert.match(
            r.stderr,
            /at portOf \(.*index\.ts:4:\d+\)/,
            "the frame points into the .ts source",
        );
        assertNothingWritten(work);
    });
});
