/**
 * The nodejs policy runner (`run-policy-pack`) turns the inspector's debugger on in every pack
 * process before it loads the pack: the Pulumi runtime keeps script URLs for closure
 * serialization, which a policy pack never does. With the debugger on, V8 searches the stack for
 * a catcher on every throw, and the SDK's "not applicable" and "unknown during preview" are
 * throws: in the pack, on a 1,000-resource export (6,730 not-applicable answers), the SDK's
 * throwNotApplicable took 138 ms of CPU with the debugger on and 16 ms with it off.
 */
import type { Session } from "inspector";

interface RuntimeHooks {
    getSessionAsync(): Promise<Session>;
}

/**
 * Turns off the debugger the runner turned on, in a process the runner started; anywhere else
 * (the runner's hooks not loaded) does nothing, and opens no inspector session. Resolves once
 * the debugger is off, or there was none, or the inspector refused: a debugger left on costs
 * time, never a verdict, so this never rejects.
 */
export async function turnOffRunnerDebugger(): Promise<void> {
    try {
        await disable();
    } catch {
        // See above: never the pack's failure.
    }
}

async function disable(): Promise<void> {
    let hooksPath: string;
    try {
        hooksPath = require.resolve("@pulumi/pulumi/runtime/closure/v8Hooks");
    } catch {
        return;
    }
    const hooks = require.cache[hooksPath]?.exports as RuntimeHooks | undefined;
    if (hooks === undefined || typeof hooks.getSessionAsync !== "function") return;
    const session = await hooks.getSessionAsync();
    await new Promise<void>((resolve, reject) =>
        session.post("Debugger.disable", (err) => (err ? reject(err) : resolve())),
    );
}
