/**
 * scripts/build.js: the native compiler's (tsgo) output is tsc 5.9's, an edit is rebuilt and
 * the validators with it, a run with nothing changed rebuilds nothing, and a type error stops
 * the build.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const BUILD = path.join("scripts", "build.js");

/** The program's JavaScript without comments and layout (the two compilers place them apart). */
function normalized(js: string): string {
    const file = ts.createSourceFile(
        "x.js",
        js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"),
        ts.ScriptTarget.ES2022,
        false,
        ts.ScriptKind.JS,
    );
    return ts.createPrinter({ removeComments: true }).printFile(file);
}

function tsgoInstalled(): boolean {
    try {
        require.resolve(
            `@typescript/native-preview-${process.platform}-${process.arch}/package.json`,
            { paths: [ROOT] },
        );
        return true;
    } catch {
        return false;
    }
}

describe("build (scripts/build.js)", function () {
    this.timeout(180_000);

    it("emits, for every source file, the JavaScript tsc 5.9 emits for it", () => {
        const config = ts.getParsedCommandLineOfConfigFile(
            path.join(ROOT, "tsconfig.json"),
            {},
            { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
        );
        assert.ok(config, "tsconfig.json parses");
        assert.ok(config.fileNames.length > 100, `${config.fileNames.length} source files`);
        // transpileModule is tsc's per-file emit: the same as its program's for this code (no
        // type-only re-exports to elide), and what catches a native-compiler miscompile such as
        // the parentheses of `new (require(..) as T).default(..)` it dropped.
        const differ = config.fileNames.filter((file) => {
            const expected = ts.transpileModule(fs.readFileSync(file, "utf8"), {
                compilerOptions: { ...config.options, sourceMap: false },
                fileName: file,
            }).outputText;
            return (
                normalized(expected) !==
                normalized(fs.readFileSync(file.replace(/\.ts$/, ".js"), "utf8"))
            );
        });
        assert.deepStrictEqual(
            differ.map((f) => path.relative(ROOT, f)),
            [],
            "compiled output differs from tsc 5.9's",
        );
    });

    describe("in a copy of the project", () => {
        let dir = "";
        const build = (env: NodeJS.ProcessEnv = {}) =>
            spawnSync(process.execPath, [BUILD], {
                cwd: dir,
                encoding: "utf8",
                env: { ...process.env, ...env },
            });
        const generated = () =>
            path.join(dir, "policies", "certify", "config-validators.generated.js");
        const rule = () =>
            path.join(dir, "policies", "rules", "firewall", "ssh-admin-only-rate-limited");

        before(function () {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-build-"));
            const skip = new Set(
                ["node_modules", ".git", ".cache", "out", "reports", ".stryker-tmp"].map((d) =>
                    path.join(ROOT, d),
                ),
            );
            fs.cpSync(ROOT, dir, {
                recursive: true,
                filter: (src) =>
                    !skip.has(src) &&
                    !(src.endsWith(".js") && fs.existsSync(src.replace(/\.js$/, ".ts"))),
            });
            fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
            const first = build();
            assert.strictEqual(first.status, 0, first.stderr);
        });
        after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

        it("builds everything from nothing, with the validators", () => {
            assert.ok(fs.existsSync(`${rule()}.js`));
            assert.ok(fs.existsSync(path.join(dir, "policies", "index.js")));
            assert.ok(fs.existsSync(generated()));
            assert.ok(
                fs.existsSync(
                    path.join(
                        dir,
                        ".cache",
                        tsgoInstalled() ? "tsgo" : "tsc",
                        "project.tsbuildinfo",
                    ),
                ),
            );
        });

        it("rebuilds nothing, validators included, when nothing changed", () => {
            const stamp = fs.statSync(generated()).mtimeMs;
            const js = fs.statSync(`${rule()}.js`).mtimeMs;
            const again = build();
            assert.strictEqual(again.status, 0, again.stderr);
            assert.strictEqual(fs.statSync(generated()).mtimeMs, stamp, "validators regenerated");
            assert.strictEqual(fs.statSync(`${rule()}.js`).mtimeMs, js, "rule re-emitted");
        });

        it("recompiles an edited file and regenerates the validators: no stale output runs", () => {
            fs.rmSync(generated());
            fs.appendFileSync(`${rule()}.ts`, "\nexport const editedForTheBuildTest = 1;\n");
            const edited = build();
            assert.strictEqual(edited.status, 0, edited.stderr);
            assert.match(fs.readFileSync(`${rule()}.js`, "utf8"), /editedForTheBuildTest = 1/);
            assert.ok(fs.existsSync(generated()), "validators regenerated");
        });

        it("leaves no stale output when the compiler changes between builds (CHOM_BUILD=tsc and back)", function () {
            if (!tsgoInstalled()) this.skip();
            const source = fs.readFileSync(`${rule()}.ts`, "utf8");
            fs.appendFileSync(`${rule()}.ts`, "\nexport const editedUnderTsc = 1;\n");
            const withTsc = build({ CHOM_BUILD: "tsc" });
            assert.strictEqual(withTsc.status, 0, withTsc.stderr);
            assert.match(fs.readFileSync(`${rule()}.js`, "utf8"), /editedUnderTsc/);
            // Back to the text tsgo last compiled: its build info alone would call it current.
            fs.writeFileSync(`${rule()}.ts`, source);
            const withTsgo = build();
            assert.strictEqual(withTsgo.status, 0, withTsgo.stderr);
            assert.doesNotMatch(fs.readFileSync(`${rule()}.js`, "utf8"), /editedUnderTsc/);
        });

        it("removes the compiled output of a source that is gone (a rename leaves none to load)", () => {
            const moved = path.join(dir, "policies", "lib", "moved-for-the-build-test");
            fs.writeFileSync(`${moved}.ts`, "export const moved = 1;\n");
            assert.strictEqual(build().status, 0);
            assert.ok(fs.existsSync(`${moved}.js`) && fs.existsSync(`${moved}.js.map`));
            fs.rmSync(`${moved}.ts`);
            const after = build();
            assert.strictEqual(after.status, 0, after.stderr);
            assert.ok(!fs.existsSync(`${moved}.js`), "orphaned .js removed");
            assert.ok(!fs.existsSync(`${moved}.js.map`), "its map too");
            assert.ok(fs.existsSync(generated()), "generated validators (no source map) kept");
        });

        it("stops on a type error, and again on the next run until it is fixed", () => {
            const file = path.join(dir, "infra", "containers.ts");
            const source = fs.readFileSync(file, "utf8");
            fs.appendFileSync(file, '\nexport const typeErrorForTheBuildTest: number = "x";\n');
            for (let run = 0; run < 2; run++) {
                const broken = build();
                assert.strictEqual(broken.status, 1, `run ${run}`);
                assert.match(broken.stderr, /TS2322/);
                assert.match(broken.stderr, /nothing runs on a broken build/);
            }
            fs.writeFileSync(file, source);
            assert.strictEqual(build().status, 0);
        });
    });
});
