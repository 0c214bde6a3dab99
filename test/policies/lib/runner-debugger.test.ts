/**
 * The pack turns off the debugger the nodejs policy runner turns on (policies/lib/runner-debugger):
 * in a process of its own, with the Pulumi runtime's hooks loaded as `run-policy-pack` loads them.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const MODULE = path.resolve(__dirname, "../../../policies/lib/runner-debugger");

/** Runs `body` (an async function's body) in a new node process; its JSON line, parsed. */
function inNewProcess(body: string): Record<string, unknown> {
    const script = `const { turnOffRunnerDebugger } = require(${JSON.stringify(MODULE)});
(async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`;
    const out = execFileSync(process.execPath, ["-e", script], {
        cwd: path.dirname(MODULE),
        encoding: "utf8",
        timeout: 30_000,
    });
    return JSON.parse(out.trim()) as Record<string, unknown>;
}

describe("turnOffRunnerDebugger (policies/lib/runner-debugger)", () => {
    it("turns off the debugger the runner's hooks turned on", () => {
        const seen = inNewProcess(`
            const hooks = require("@pulumi/pulumi/runtime/closure/v8Hooks");
            await hooks.isInitializedAsync();
            const session = await hooks.getSessionAsync();
            let parsed = 0;
            session.on("Debugger.scriptParsed", () => parsed++);
            // While the debugger is on, it answers this and reports every script compiled.
            const state = async () => {
                parsed = 0;
                require("vm").runInThisContext("0");
                await new Promise((resolve) => setTimeout(resolve, 50));
                const answered = await new Promise((resolve) =>
                    session.post("Debugger.setPauseOnExceptions", { state: "none" }, (err) => resolve(!err)));
                return { answered, scriptReported: parsed > 0 };
            };
            const before = await state();
            await turnOffRunnerDebugger();
            console.log(JSON.stringify({ before, after: await state() }));`);
        assert.deepStrictEqual(seen, {
            before: { answered: true, scriptReported: true },
            after: { answered: false, scriptReported: false },
        });
    });

    it("does nothing where the runner did not start the process: no hooks loaded, no session", () => {
        const seen = inNewProcess(`
            await turnOffRunnerDebugger();
            const loaded = Object.keys(require.cache).filter((k) => k.includes("v8Hooks"));
            console.log(JSON.stringify({ loaded }));`);
        assert.deepStrictEqual(seen, { loaded: [] });
    });
});
