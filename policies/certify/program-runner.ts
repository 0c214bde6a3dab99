/**
 * Runs stacks' programs in warm child processes (program-worker), one stack at a time per
 * process: the SDK costs about a second to load, so a fleet pays it once per process, not once
 * per stack. Fast path: V8 stack traces off (the SDK records one per promise). When a program
 * fails, it runs once more with stack traces on, so the user gets a useful message.
 */
import { ChildProcess, fork } from "child_process";
import * as os from "os";
import * as path from "path";
import { EvaluationError } from "./errors";
import type { WorkerReply, WorkerRequest } from "./program-worker";
import type { RecordedResource } from "./recorded";
import { childEnv } from "./child-env";

const WORKER = path.join(__dirname, "program-worker.js");

interface Worker {
    child: ChildProcess;
    stderr: string;
    busy: boolean;
}

/**
 * The policy pack's start-up is the critical path of a cold run; the program finishes well
 * before it. On a machine with fewer cores than busy processes, the pack gets the CPU first
 * (alternating cold runs on two cores, five each: median 1.70 s against 1.76 s). Where the
 * priority cannot be changed, nothing changes.
 */
export function lowerPriority(child: ChildProcess): void {
    if (child.pid === undefined) return;
    try {
        os.setPriority(child.pid, Math.min(os.getPriority(child.pid) + 10, 19));
    } catch {
        // Not permitted or the process is gone: the run is the same, only scheduled differently.
    }
}

export class ProgramPool {
    private readonly workers: Worker[] = [];
    private readonly waiting: ((w: Worker) => void)[] = [];

    /** `size` processes at most; they start on first use. */
    constructor(private readonly size: number) {}

    private spawn(): Worker {
        const child = fork(WORKER, [], {
            stdio: ["ignore", "pipe", "pipe", "ipc"],
            env: childEnv(),
        });
        lowerPriority(child);
        const w: Worker = { child, stderr: "", busy: false };
        child.stderr!.on(
            "data",
            (d: Buffer) => (w.stderr = (w.stderr + d.toString()).slice(-4000)),
        );
        child.stdout!.on("data", () => undefined); // the program's console output is not ours to print
        child.on("exit", () => {
            const i = this.workers.indexOf(w);
            if (i >= 0) this.workers.splice(i, 1);
        });
        this.workers.push(w);
        return w;
    }

    private acquire(): Promise<Worker> {
        const idle = this.workers.find((w) => !w.busy);
        const w = idle ?? (this.workers.length < this.size ? this.spawn() : undefined);
        if (w) {
            w.busy = true;
            return Promise.resolve(w);
        }
        return new Promise((resolve) => this.waiting.push(resolve));
    }

    private release(w: Worker): void {
        const next = this.waiting.shift();
        if (!next) {
            w.busy = false;
            return;
        }
        // A worker that died (timeout, crash) is replaced for whoever waits.
        next(
            w.child.exitCode === null && !w.child.killed
                ? w
                : Object.assign(this.spawn(), { busy: true }),
        );
    }

    private async runOnce(req: WorkerRequest, timeoutMs: number): Promise<WorkerReply> {
        const w = await this.acquire();
        try {
            return await new Promise<WorkerReply>((resolve, reject) => {
                const timer = setTimeout(() => {
                    w.child.kill("SIGKILL");
                    reject(
                        new EvaluationError(
                            `stack ${req.stack}: the program did not finish within ${timeoutMs / 1000} s (${req.programPath})`,
                        ),
                    );
                }, timeoutMs);
                const onExit = (code: number | null, signal: string | null) => {
                    clearTimeout(timer);
                    const tail = w.stderr.trim().split("\n").slice(-5).join("\n");
                    reject(
                        new EvaluationError(
                            `stack ${req.stack}: the program process died (${signal ?? `exit ${code}`})${tail ? `: ${tail}` : ""}`,
                        ),
                    );
                };
                w.child.once("exit", onExit);
                w.child.once("message", (reply: WorkerReply) => {
                    clearTimeout(timer);
                    w.child.off("exit", onExit);
                    resolve(reply);
                });
                w.child.send(req);
            });
        } finally {
            this.release(w);
        }
    }

    async run(
        req: Omit<WorkerRequest, "fullStackTraces">,
        timeoutMs: number,
    ): Promise<{ resources: RecordedResource[]; programMs: number }> {
        let reply = await this.runOnce({ ...req, fullStackTraces: false }, timeoutMs);
        if (!reply.ok && reply.kind === "program")
            reply = await this.runOnce({ ...req, fullStackTraces: true }, timeoutMs);
        if (!reply.ok) {
            const what =
                reply.kind === "config"
                    ? "invalid stack config"
                    : `the program failed (project ${req.project}, ${req.programPath})`;
            throw new EvaluationError(`stack ${req.stack}: ${what}:\n${reply.message}`);
        }
        return { resources: reply.resources, programMs: reply.programMs };
    }

    close(): void {
        for (const w of [...this.workers]) w.child.kill("SIGKILL");
    }
}
