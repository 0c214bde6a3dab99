/**
 * No output from a failed run, no file written where it should not be (issue 9): every output
 * path is checked before anything runs, an output set is swapped in whole, an export never
 * goes through a planted name or over an input, and an exit-2 run leaves no earlier set that
 * looks current.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { compliantEvaluation } from "../helpers/fixture-evaluation";
import { OUTPUT_FILES, renderAll, writeOutputs } from "../../policies/report/write-outputs";
import { cleanup, removedAfterSuite, runCli, tempDir, tinyPack, tinyProject } from "../helpers/cli";

const PROGRAM = `
const docker = require("@pulumi/docker");
const p = new docker.Provider("host", { host: "ssh://deploy@198.18.0.1" });
new docker.Container("cache", { image: "redis:7.4.1-alpine", memory: 64, cpus: "0.5" }, { provider: p });
`;
const SET = Object.values(OUTPUT_FILES).sort();
/** The tiny stack fails mandatory rules (exit 1): what matters here is that it was evaluated. */
const evaluated = (code: number | null) => code === 0 || code === 1;

describe("chom-certify output safety (issue 9)", function () {
    this.timeout(120_000);
    const dirs = removedAfterSuite();
    const project = () => {
        const d = tinyProject(PROGRAM);
        dirs.push(d);
        return d;
    };
    /** A project with an export of its stack `dev` at export.json. */
    let exported: string;
    before(async () => {
        exported = project();
        const r = await runCli(
            ["--stack", "dev", "--out", "first", "--export-state", "export.json", "--quiet"],
            exported,
        );
        assert.ok(evaluated(r.code), r.stderr);
    });
    const ls = (dir: string) => fs.readdirSync(dir).sort();
    /** Runs chom-certify in `cwd`, which must refuse (exit 2) with `error` on stderr. */
    const refused = async (args: string[], cwd: string, error: RegExp, timeoutMs?: number) => {
        const r = await runCli(args, cwd, timeoutMs);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, error);
        return r;
    };

    it("checks --export-state's directory before anything runs: exit 2 and no outputs", async () => {
        const dir = project();
        await refused(
            ["--stack", "dev", "--out", "o", "--export-state", "missing/export.json"],
            dir,
            /^error: --export-state: the directory .*missing does not exist$/m,
        );
        assert.ok(!fs.existsSync(path.join(dir, "o")), "no output set written");
    });

    it("never writes an export through a planted temporary name (a symlink to a victim)", async () => {
        const dir = project();
        fs.writeFileSync(path.join(dir, "victim"), "precious\n");
        // The old name was `<file>.tmp-<pid>`: plant it for the pids the CLI can get next (Linux
        // hands them out in turn).
        const last = Number(fs.readFileSync("/proc/sys/kernel/ns_last_pid", "utf8"));
        for (let pid = last + 1; pid < last + 3000; pid++)
            fs.symlinkSync(path.join(dir, "victim"), path.join(dir, `x.json.tmp-${pid}`));
        const r = await runCli(
            ["--stack", "dev", "--out", "o", "--export-state", "x.json", "--quiet"],
            dir,
        );
        assert.ok(evaluated(r.code), r.stderr);
        assert.strictEqual(fs.readFileSync(path.join(dir, "victim"), "utf8"), "precious\n");
        assert.strictEqual(
            JSON.parse(fs.readFileSync(path.join(dir, "x.json"), "utf8")).version,
            3,
        );
        assert.ok(
            !fs.readdirSync(dir).some((n) => n.startsWith(".chom-export-")),
            "the staging directory is gone",
        );
    });

    it("refuses --export-state over its own --state input, which stays as it was", async () => {
        const before = fs.readFileSync(path.join(exported, "export.json"), "utf8");
        await refused(
            ["--state", "export.json", "--export-state", "export.json", "--out", "o2"],
            exported,
            /^error: --export-state .*export\.json: that is the input .*export\.json; write the export elsewhere$/m,
        );
        assert.strictEqual(fs.readFileSync(path.join(exported, "export.json"), "utf8"), before);
        assert.ok(!fs.existsSync(path.join(exported, "o2")));
    });

    it("refuses --export-state inside the output set (it would replace the attestation)", async () => {
        const dir = project();
        assert.ok(evaluated((await runCli(["--stack", "dev", "--out", "o", "--quiet"], dir)).code));
        await refused(
            ["--stack", "dev", "--out", "o", "--export-state", "o/attestation.json"],
            dir,
            /^error: --export-state .*o\/attestation\.json: inside the output directory .*\/o, which a new output set replaces whole/m,
        );
        assert.ok(
            !fs.existsSync(path.join(dir, "o")),
            "the earlier set is gone (an exit-2 run), and no export stands in for the attestation",
        );
    });

    it("refuses two inputs of one stack in a fleet (one folder, last writer wins), writing nothing", async () => {
        fs.copyFileSync(path.join(exported, "export.json"), path.join(exported, "again.json"));
        await refused(
            ["--state", "export.json", "--state", "again.json", "--out", "fleet"],
            exported,
            /^error: --state .*export\.json and --state .*again\.json are both stack "dev": their outputs would share .*fleet\/dev; certify them in separate runs$/m,
        );
        assert.ok(!fs.existsSync(path.join(exported, "fleet")));
    });

    it("refuses --out that is a file, or holds files that are not outputs (a set replaces the folder whole)", async () => {
        const dir = project();
        fs.writeFileSync(path.join(dir, "afile"), "");
        await refused(
            ["--stack", "dev", "--out", "afile"],
            dir,
            /^error: --out: .*afile exists and is not a directory$/m,
        );
        await refused(
            ["--stack", "dev", "--out", "afile/sub"],
            dir,
            /^error: --out: .*afile is not a directory$/m,
        );
        const r = await refused(
            ["--stack", "dev", "--out", "."],
            dir,
            /^error: --out: .* holds files that are not chom-certify outputs \(.*Pulumi\.dev\.yaml.*\); a new output set replaces the whole directory/m,
        );
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    });

    it("gives up on --out under /proc at once instead of looping in mkdir", async () => {
        await refused(
            ["--stack", "dev", "--out", "/proc/x/y"],
            project(),
            /^error: --out: cannot write in \/proc \(ENOENT\)$/m,
            20_000,
        );
    });

    it("removes an earlier run's set when a later run of the same stack exits 2, so nothing stale looks current", async () => {
        const dir = project();
        let r = await runCli(["--stack", "dev", "--out", "o", "--quiet"], dir);
        assert.ok(evaluated(r.code), r.stderr);
        assert.deepStrictEqual(ls(path.join(dir, "o")), SET);
        fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify({ all: "sometimes" }));
        await refused(
            ["--stack", "dev", "--out", "o", "--policy-config", "policy.json"],
            dir,
            /^note: removed the outputs of an earlier run from .*\/o: they do not describe this run$/m,
        );
        assert.ok(!fs.existsSync(path.join(dir, "o")));
        // ... also when the evaluation itself fails (a pack that crashes).
        r = await runCli(["--stack", "dev", "--out", "o", "--quiet"], dir);
        assert.ok(evaluated(r.code), r.stderr);
        const crashing = tinyPack('throw new Error("boom");');
        dirs.push(crashing);
        r = await runCli(["--stack", "dev", "--out", "o", "--pack", crashing], dir);
        assert.strictEqual(r.code, 2);
        assert.ok(!fs.existsSync(path.join(dir, "o")), r.stderr);
    });

    it("replaces a set in one swap: an earlier set's files are all replaced, none left from it", async () => {
        const dir = project();
        fs.mkdirSync(path.join(dir, "o"));
        fs.writeFileSync(path.join(dir, "o", "junit.xml"), "old\n");
        const r = await runCli(["--stack", "dev", "--out", "o", "--quiet"], dir);
        assert.ok(evaluated(r.code), r.stderr);
        assert.deepStrictEqual(ls(path.join(dir, "o")), SET);
        assert.notStrictEqual(fs.readFileSync(path.join(dir, "o", "junit.xml"), "utf8"), "old\n");
        assert.deepStrictEqual(
            ls(dir).filter((n) => n.startsWith(".")),
            [],
            "no staging directory left",
        );
    });
});

describe("writeOutputs when a rename fails half-way", () => {
    let dir: string;
    // The module object itself (an `import *` binding is read-only): write-outputs reads it at call
    // time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require("fs") as { renameSync: typeof fs.renameSync };
    const realRename = fs.renameSync;
    beforeEach(() => (dir = tempDir("swap")));
    afterEach(() => {
        nodeFs.renameSync = realRename;
        cleanup(dir);
    });
    /** Makes the `n`-th rename from now fail, as a full disk or a racing user would. */
    const failRename = (n: number) => {
        let count = 0;
        nodeFs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
            if (++count === n)
                throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}'`), {
                    code: "EIO",
                });
            return realRename(from, to);
        }) as typeof fs.renameSync;
    };

    for (const n of [1, 2]) {
        it(`keeps the earlier set whole when rename ${n} of the swap fails: never a mix of two runs`, () => {
            const out = path.join(dir, "o");
            const earlier = writeOutputs(out, { ...compliantEvaluation(), stack: "earlier" });
            const before = Object.fromEntries(
                Object.entries(earlier).map(([k, p]) => [k, fs.readFileSync(p, "utf8")]),
            );
            failRename(n);
            assert.throws(
                () => writeOutputs(out, { ...compliantEvaluation(), stack: "later" }),
                /writeOutputs: could not write the outputs to .*\/o: EIO/,
            );
            nodeFs.renameSync = realRename;
            for (const [k, p] of Object.entries(earlier))
                assert.strictEqual(
                    fs.readFileSync(p, "utf8"),
                    before[k],
                    `${k} is the earlier run's`,
                );
            assert.deepStrictEqual(
                fs.readdirSync(dir).sort(),
                ["node_modules", "o"],
                "no staging or set-aside directory left",
            );
        });
    }

    it("writes the new set whole when no rename fails", () => {
        const out = path.join(dir, "o");
        writeOutputs(out, { ...compliantEvaluation(), stack: "earlier" });
        const later = { ...compliantEvaluation(), stack: "later" };
        writeOutputs(out, later);
        const rendered = renderAll(later);
        assert.strictEqual(
            fs.readFileSync(path.join(out, OUTPUT_FILES.attestation), "utf8"),
            rendered.attestation,
        );
        assert.strictEqual(
            fs.readFileSync(path.join(out, OUTPUT_FILES.junit), "utf8"),
            rendered.junit,
        );
    });
});
