/**
 * Runs a stack's program in a child process (program-worker) and returns the recorded
 * resources. Fast path: V8 stack traces off (the SDK records one per promise). When the
 * program fails, it runs once more with stack traces on, so the user gets a useful message.
 */
import { fork } from "child_process";
import * as path from "path";
import { EvaluationError } from "./errors";
import type { WorkerReply, WorkerRequest } from "./program-worker";
import type { RecordedResource } from "./recorded";

const WORKER = path.join(__dirname, "program-worker.js");

function runOnce(req: WorkerRequest, timeoutMs: number): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
        const child = fork(WORKER, [], { stdio: ["ignore", "pipe", "pipe", "ipc"], env: { ...process.env } });
        let stderr = "";
        child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
        child.stdout!.on("data", () => undefined); // the program's console output is not ours to print
        let reply: WorkerReply | undefined;
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new EvaluationError(`stack ${req.stack}: the program did not finish within ${timeoutMs / 1000} s (${req.programPath})`));
        }, timeoutMs);
        child.on("message", (m: WorkerReply) => (reply = m));
        child.on("exit", (code, signal) => {
            clearTimeout(timer);
            if (reply) return resolve(reply);
            reject(new EvaluationError(`stack ${req.stack}: the program process died (${signal ?? `exit ${code}`})${stderr ? `: ${stderr.trim().split("\n").slice(-5).join("\n")}` : ""}`));
        });
        child.send(req);
    });
}

export async function runProgram(req: Omit<WorkerRequest, "fullStackTraces">, timeoutMs: number): Promise<{ resources: RecordedResource[]; programMs: number }> {
    let reply = await runOnce({ ...req, fullStackTraces: false }, timeoutMs);
    if (!reply.ok && reply.kind === "program") reply = await runOnce({ ...req, fullStackTraces: true }, timeoutMs);
    if (!reply.ok) {
        const what = reply.kind === "config" ? "invalid stack config" : "the program failed";
        throw new EvaluationError(`stack ${req.stack}: ${what}:\n${reply.message}`);
    }
    return { resources: reply.resources, programMs: reply.programMs };
}
