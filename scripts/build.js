#!/usr/bin/env node
/**
 * The incremental build behind `npm run build`, `npm run certify` and `npm test`: TypeScript's own
 * solution builder (what `tsc -b` runs; its state in .cache/tsc/*.tsbuildinfo), so a run with
 * nothing changed costs an up-to-date check, and one edited file recompiles what depends on it.
 * The precompiled policy-config validators are regenerated whenever the compiler rebuilt
 * anything (the build info changed) or are missing. Plain JS: it is what compiles the rest.
 */
"use strict";
// V8's compiled code for the TypeScript compiler kept between runs (Node 20 has no built-in
// compile cache): the up-to-date check of a run with nothing changed is mostly loading it.
require("v8-compile-cache");
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const root = path.resolve(__dirname, "..");
const buildInfo = path.join(root, ".cache", "tsc", "project.tsbuildinfo");
const generated = path.join(root, "policies", "certify", "config-validators.generated.js");
const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file) : undefined);

const before = read(buildInfo);
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
if (status !== ts.ExitStatus.Success || errors > 0) {
    process.stderr.write(
        `build: TypeScript reported ${errors || "an"} error${errors === 1 ? "" : "s"}; nothing runs on a broken build\n`,
    );
    process.exit(1);
}
const after = read(buildInfo);
if (!fs.existsSync(generated) || !before || !after || !before.equals(after)) {
    require(path.join(root, "policies", "certify", "generate-validators.js")).writeValidators();
}
