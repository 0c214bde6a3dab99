import * as assert from "assert";
import { spawn } from "child_process";
import * as os from "os";
import { lowerPriority } from "../../policies/certify/program-runner";

describe("program worker priority (the pack's start-up goes first on a busy machine)", () => {
    it("runs the worker 10 nice levels below this process", async () => {
        const child = spawn("sleep", ["5"]);
        try {
            lowerPriority(child);
            assert.strictEqual(os.getPriority(child.pid!), Math.min(os.getPriority() + 10, 19));
        } finally {
            child.kill();
        }
    });
    it("changes nothing, and does not throw, for a process that is gone", async () => {
        const child = spawn("true");
        await new Promise((resolve) => child.once("exit", resolve));
        assert.doesNotThrow(() => lowerPriority(child));
    });
});
