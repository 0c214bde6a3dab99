/**
 * Starts a policy pack the way the nodejs language host does
 * (`node <@pulumi/pulumi>/cmd/run-policy-pack <engine-address> <packDir>`, cwd = packDir), reads
 * the gRPC port from its first stdout line, and calls its Analyzer service (grpc-unary.ts) so that
 * a call that fails, a pack that dies and a pack that hangs all become an EvaluationError (exit 2).
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { EvaluationError } from "./errors";
import { childEnv } from "./child-env";
import { GRPC_STATUS, GrpcCallError, UnaryChannel } from "./grpc-unary";

export interface PackProcessOptions {
    packDir: string;
    stack: string;
    project: string;
    organization?: string;
    /** Stack config as the language host passes it (PULUMI_CONFIG). */
    config: Record<string, string>;
    /** Per-call and start-up timeout. */
    timeoutMs: number;
}

/* eslint-disable @typescript-eslint/no-require-imports */
function load() {
    return require("@pulumi/pulumi/proto/analyzer_grpc_pb") as typeof import("@pulumi/pulumi/proto/analyzer_grpc_pb");
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** A method of the generated Analyzer service: its path and message codecs. */
interface MethodDefinition {
    path: string;
    requestSerialize(req: unknown): Buffer;
    responseDeserialize(bytes: Buffer): unknown;
}

type Methods = Record<keyof AnalyzerClient & string, MethodDefinition>;

export class PackProcess {
    private stderr = "";
    private exited: string | undefined;
    private constructor(
        private readonly child: ChildProcess,
        private readonly channel: UnaryChannel,
        private readonly methods: Methods,
        private readonly options: PackProcessOptions,
    ) {}

    /** `closing` aborted before the pack serves: it is killed, and the start fails. */
    static async start(options: PackProcessOptions, closing?: AbortSignal): Promise<PackProcess> {
        let pulumiDir: string;
        try {
            pulumiDir = path.dirname(
                require.resolve("@pulumi/pulumi/package.json", { paths: [options.packDir] }),
            );
        } catch {
            throw new EvaluationError(
                `policy pack ${options.packDir}: @pulumi/pulumi is not installed where the pack can load it (run npm install)`,
            );
        }
        const env: NodeJS.ProcessEnv = {
            ...childEnv(),
            PULUMI_NODEJS_STACK: options.stack,
            PULUMI_NODEJS_PROJECT: options.project,
            PULUMI_NODEJS_ORGANIZATION: options.organization ?? "organization",
            PULUMI_NODEJS_DRY_RUN: "true",
            PULUMI_CONFIG: JSON.stringify(options.config),
        };
        const child = spawn(
            process.execPath,
            [path.join(pulumiDir, "cmd", "run-policy-pack"), "127.0.0.1:0", options.packDir],
            {
                cwd: options.packDir,
                env,
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        let stderr = "";
        child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
        const abort = () => child.kill("SIGKILL");
        closing?.addEventListener("abort", abort, { once: true });
        // The service's modules load while the pack starts, not after.
        const methods = load().AnalyzerService as unknown as Methods;
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(
                    new EvaluationError(
                        `policy pack ${options.packDir} did not start within ${options.timeoutMs / 1000} s`,
                    ),
                );
            }, options.timeoutMs);
            const onData = (d: Buffer) => {
                out += d.toString();
                const nl = out.indexOf("\n");
                if (nl < 0) return;
                clearTimeout(timer);
                child.stdout!.off("data", onData);
                const line = out.slice(0, nl).trim();
                const port = /^[0-9]{1,5}$/.test(line) ? Number(line) : NaN;
                if (port > 0 && port < 65536) {
                    closing?.removeEventListener("abort", abort);
                    return resolve(port);
                }
                // The pack is of no use without its port: stop it, or it keeps this process alive.
                child.kill("SIGKILL");
                reject(
                    new EvaluationError(
                        `policy pack ${options.packDir} printed ${JSON.stringify(line.slice(0, 200))} on stdout instead of its gRPC port (a pack must not print to stdout before serving)`,
                    ),
                );
            };
            child.stdout!.on("data", onData);
            child.once("exit", (code, signal) => {
                clearTimeout(timer);
                reject(
                    new EvaluationError(
                        `policy pack ${options.packDir} exited before serving (${signal ?? `exit ${code}`}): ${tail(stderr)}`,
                    ),
                );
            });
        });
        const channel = new UnaryChannel(`127.0.0.1:${port}`, 400 * 1024 * 1024);
        const pack = new PackProcess(child, channel, methods, options);
        pack.stderr = stderr;
        child.stderr!.on("data", (d: Buffer) => (pack.stderr += d.toString()));
        child.on("exit", (code, signal) => (pack.exited = signal ?? `exit ${code}`));
        return pack;
    }

    /** The pack's directory (the engine's Handshake names it as root and program directory). */
    get packDir(): string {
        return this.options.packDir;
    }

    /**
     * One unary call with a deadline; any failure names the method and the pack's last words. A
     * request may be given already encoded (Uint8Array): the driver encodes a stack's requests
     * once, while the pack is still starting, and Remediate and Analyze of a resource carry the
     * same bytes, as the engine sends both the same resource.
     */
    async call<Req, Res>(method: keyof AnalyzerClient & string, req: Req): Promise<Res> {
        const def = this.methods[method];
        const bytes = req instanceof Uint8Array ? req : def.requestSerialize(req);
        try {
            const answer = await this.channel.call(def.path, bytes, this.options.timeoutMs);
            return def.responseDeserialize(answer) as Res;
        } catch (e) {
            if (!(e instanceof GrpcCallError)) throw e;
            if (e.code === GRPC_STATUS.DEADLINE_EXCEEDED)
                throw new EvaluationError(
                    `policy pack did not answer ${method} within ${this.options.timeoutMs / 1000} s (a hung policy is never a pass)`,
                );
            const died = this.exited ? ` (the pack process ended: ${this.exited})` : "";
            throw Object.assign(
                new EvaluationError(
                    `policy pack failed in ${method}${died}: ${e.message}${this.stderr ? `\n${tail(this.stderr)}` : ""}`,
                ),
                { grpcCode: e.code },
            );
        }
    }

    /**
     * Peak resident memory of the pack process so far, in MB (Linux /proc; for benchmarks), or
     * undefined.
     */
    peakRssMb(): number | undefined {
        try {
            const kb = /VmHWM:\s+(\d+) kB/.exec(
                fs.readFileSync(`/proc/${this.child.pid}/status`, "utf8"),
            )?.[1];
            return kb ? Math.round(Number(kb) / 1024) : undefined;
        } catch {
            return undefined;
        }
    }

    /**
     * Ends the pack at once: it holds nothing to flush (its answers, and any files its policies
     * write, are complete when the calls return).
     */
    async stop(): Promise<void> {
        this.channel.close();
        if (this.exited) return;
        if (process.env.CHOM_TIMINGS)
            process.stderr.write(`timing pack peakRssMb=${this.peakRssMb() ?? "n/a"}\n`);
        await new Promise<void>((resolve) => {
            this.child.once("exit", () => resolve());
            if (!this.child.kill("SIGKILL")) resolve();
        });
    }
}

/** Whether a pack started with `a` is the one `b` asks for: directory, environment, timeout. */
function sameStart(a: PackProcessOptions, b: PackProcessOptions): boolean {
    return (
        a.packDir === b.packDir &&
        a.stack === b.stack &&
        a.project === b.project &&
        a.organization === b.organization &&
        a.timeoutMs === b.timeoutMs &&
        JSON.stringify(a.config) === JSON.stringify(b.config)
    );
}

function tail(text: string): string {
    return text.trim().split("\n").slice(-8).join("\n");
}

/**
 * Pack processes reused across the stacks of one run (a fleet): each stack is configured anew
 * (ConfigureStack, Configure) before its resources are analyzed, as the protocol allows; what a
 * reused pack keeps is only its start-up cost paid. The first stack's name stays in the pack's
 * environment, which no rule reads.
 */
export class PackPool {
    private readonly idle: PackProcess[] = [];
    private readonly started = new Set<Promise<PackProcess>>();
    private readonly waiting: {
        options: PackProcessOptions;
        resolve: (p: Promise<PackProcess>) => void;
    }[] = [];
    private count = 0;
    /** A pack started before its stack was certain (prestart), not yet acquired. */
    private early: { options: PackProcessOptions; pack: Promise<PackProcess> } | undefined;
    /** Packs started for names the stack turned out not to have, being stopped. */
    private readonly discarded: Promise<void>[] = [];
    /** Ends packs still starting at close(): an input error need not wait for them to serve. */
    private readonly closing = new AbortController();

    constructor(private readonly size: number) {}

    private start(options: PackProcessOptions): Promise<PackProcess> {
        this.count++;
        const p = PackProcess.start(options, this.closing.signal);
        this.started.add(p);
        p.catch(() => {
            if (this.started.delete(p)) this.count--;
        });
        return p;
    }

    /**
     * Starts a pack before the input is fully read (the export's names peeked), so its start-up
     * overlaps the parse; acquire() takes it only for the same stack and project.
     */
    prestart(options: PackProcessOptions): void {
        if (this.count < this.size) this.early = { options, pack: this.start(options) };
    }

    acquire(options: PackProcessOptions): Promise<PackProcess> {
        const early = this.early;
        this.early = undefined;
        if (early) {
            if (sameStart(early.options, options)) return early.pack;
            // A wrong guess: the pack's environment would name another stack; start one anew.
            this.started.delete(early.pack);
            this.count--;
            this.discarded.push(
                early.pack.then(
                    (p) => p.stop(),
                    () => undefined,
                ),
            );
        }
        const idle = this.idle.pop();
        if (idle) return Promise.resolve(idle);
        if (this.count < this.size) return this.start(options);
        return new Promise<Promise<PackProcess>>((resolve) =>
            this.waiting.push({ options, resolve }),
        ).then((p) => p);
    }

    /** Returns a healthy pack to the pool; a pack that failed is stopped and replaced on demand. */
    async release(pack: PackProcess, healthy: boolean): Promise<void> {
        if (healthy) {
            const next = this.waiting.shift();
            if (next) next.resolve(Promise.resolve(pack));
            else this.idle.push(pack);
            return;
        }
        this.count--;
        await pack.stop();
        const next = this.waiting.shift();
        if (next) next.resolve(this.start(next.options));
    }

    async close(): Promise<void> {
        this.closing.abort();
        const packs = await Promise.allSettled([...this.started]);
        await Promise.all([
            ...packs.map((p) => (p.status === "fulfilled" ? p.value.stop() : undefined)),
            ...this.discarded,
        ]);
    }
}
