#!/usr/bin/env node
/**
 * The incremental build behind `npm run build`, `npm run certify` and `npm test`: TypeScript's own
 * build mode (`-b`, its state in a .tsbuildinfo), so a run with nothing changed costs an
 * up-to-date check, and one edited file recompiles what depends on it.
 *
 * The compiler is TypeScript 7's native port (`tsgo -b tsconfig.tsgo.json`, build info in
 * .cache/tsgo) where its platform package is installed: it re-reads the ~880 files of the program
 * in about a quarter of tsc 5.9's time, which was most of a build after one edit. Elsewhere, or
 * with CHOM_BUILD=tsc, tsc 5.9's solution builder builds tsconfig.json (build info in .cache/tsc).
 * test/build holds tsgo's output to tsc 5.9's. The precompiled policy-config validators are
 * regenerated whenever the compiler rebuilt anything (its build info changed) or are missing.
 * Plain JS: it is what compiles the rest.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const generated = path.join(root, "policies", "certify", "config-validators.generated.js");
const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file) : undefined);
const fail = (what) => {
    process.stderr.write(`build: ${what}; nothing runs on a broken build\n`);
    process.exit(1);
};

/** The native compiler's executable, or undefined where its platform package is not installed. */
function tsgoExecutable() {
    if (process.env.CHOM_BUILD === "tsc") return undefined;
    try {
        const pkg = require.resolve(
            `@typescript/native-preview-${process.platform}-${process.arch}/package.json`,
            { paths: [root] },
        );
        const exe = path.join(
            path.dirname(pkg),
            "lib",
            process.platform === "win32" ? "tsgo.exe" : "tsgo",
        );
        return fs.existsSync(exe) ? exe : undefined;
    } catch {
        return undefined;
    }
}

/** tsgo -b; its diagnostics go to stderr as tsc prints them. */
function buildWithTsgo(exe) {
    const run = spawnSync(exe, ["-b", path.join(root, "tsconfig.tsgo.json"), "--pretty"], {
        cwd: root,
        stdio: ["ignore", 2, 2],
    });
    if (run.error) fail(`tsgo did not run (${run.error.message})`);
    if (run.status !== 0) fail(`tsgo exited ${run.status ?? run.signal}`);
}

/** tsc 5.9's solution builder (what `tsc -b` runs). */
function buildWithTsc() {
    // V8's compiled code for the TypeScript compiler kept between runs (Node 20 has no built-in
    // compile cache): the up-to-date check of a run with nothing changed is mostly loading it.
    require("v8-compile-cache");
    const ts = require("typescript");
    let errors = 0;
    const format = {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => root,
        getNewLine: () => ts.sys.newLine,
    };
    const report = (d) => {
        if (d.category === ts.DiagnosticCategory.Error) errors++;
        process.stderr.write(ts.formatDiagnosticsWithColorAndContext([d], format));
    };
    const host = ts.createSolutionBuilderHost(ts.sys, undefined, report, () => undefined);
    const status = ts.createSolutionBuilder(host, [path.join(root, "tsconfig.json")], {}).build();
    if (status !== ts.ExitStatus.Success || errors > 0)
        fail(`TypeScript reported ${errors || "an"} error${errors === 1 ? "" : "s"}`);
}

/**
 * Compiled output whose source is gone (a renamed or deleted .ts): neither compiler's `-b`
 * removes it, and `require("./config")` would still load a stale config.js before a new
 * config/index.js. Compiled output is known by its source map beside it (hand-written JS has none).
 */
function removeOrphanedOutput(dir) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules") removeOrphanedOutput(file);
        } else if (
            entry.name.endsWith(".js.map") &&
            !fs.existsSync(file.replace(/\.js\.map$/, ".ts"))
        ) {
            fs.rmSync(file.replace(/\.map$/, ""), { force: true });
            fs.rmSync(file, { force: true });
        }
    }
}

// The folders tsconfig.json includes.
for (const dir of ["infra", "policies", "checks", "test", "bench"]) {
    if (fs.existsSync(path.join(root, dir))) removeOrphanedOutput(path.join(root, dir));
}

const tsgo = tsgoExecutable();
const buildInfo = path.join(root, ".cache", tsgo ? "tsgo" : "tsc", "project.tsbuildinfo");
// The other compiler's build info would call its own last outputs current after this one has
// rewritten them: without it, a switch back is a full build, never a stale one.
fs.rmSync(path.join(root, ".cache", tsgo ? "tsc" : "tsgo", "project.tsbuildinfo"), { force: true });
const before = read(buildInfo);
if (tsgo) buildWithTsgo(tsgo);
else buildWithTsc();
const after = read(buildInfo);
if (!fs.existsSync(generated) || !before || !after || !before.equals(after)) {
    require(path.join(root, "policies", "certify", "generate-validators.js")).writeValidators();
}
