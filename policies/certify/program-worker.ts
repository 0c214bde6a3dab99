/**
 * Child process: runs a Pulumi program in preview mode against a recording resource monitor
 * (the SDK's mock runtime with the engine's side filled in) and sends back every registered
 * resource with post-Check inputs and outputs. One process per stack: the SDK's runtime
 * state is global.
 */
import * as path from "path";
import type { RecordedResource, PropertyMap } from "./recorded";

export interface WorkerRequest {
    programPath: string;
    project: string;
    stack: string;
    config: Record<string, string>;
    secretKeys: string[];
    /** Keep V8 stack traces (slow: the SDK records one per promise); used to explain a failure. */
    fullStackTraces: boolean;
}

export type WorkerReply =
    | { ok: true; resources: RecordedResource[]; programMs: number }
    | { ok: false; kind: "config" | "program"; message: string };

interface GrpcCallback<T> {
    (err: Error | null, value?: T): void;
}

/** Seconds in a Go-style duration ("5m", "1h30m", "20s"); 0 when empty. */
function durationSeconds(d: string): number {
    let total = 0;
    for (const m of d.matchAll(/(\d+(?:\.\d+)?)(h|m|s|ms)/g)) total += Number(m[1]) * ({ h: 3600, m: 60, s: 1, ms: 0.001 } as Record<string, number>)[m[2]];
    return total;
}

/** Failures of the run in progress (unhandled rejections land here too). */
let failures: unknown[] = [];
process.on("unhandledRejection", (e) => failures.push(e));

/** Forgets the program's own modules, so its top-level code runs again for the next stack. */
function forgetProgram(programPath: string): void {
    const root = path.dirname(require.resolve(programPath));
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[file];
    }
}

async function run(req: WorkerRequest): Promise<WorkerReply> {
    // The language host hands config over in the environment; a fresh runtime store reads it.
    process.env.PULUMI_CONFIG = JSON.stringify(req.config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(req.secretKeys);
    process.env.PULUMI_NODEJS_STACK = req.stack;
    process.env.PULUMI_NODEJS_PROJECT = req.project;
    process.env.PULUMI_NODEJS_DRY_RUN = "true";
    Error.stackTraceLimit = req.fullStackTraces ? 10 : 0;
    failures = [];
    forgetProgram(req.programPath);

    /* eslint-disable @typescript-eslint/no-require-imports */
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as typeof import("@pulumi/pulumi/runtime/mocks");
    const settings = require("@pulumi/pulumi/runtime/settings") as typeof import("@pulumi/pulumi/runtime/settings");
    const stackModule = require("@pulumi/pulumi/runtime/stack") as typeof import("@pulumi/pulumi/runtime/stack");
    const state = require("@pulumi/pulumi/runtime/state") as { withLocalStorage<T>(fn: () => Promise<T>): Promise<T> };
    const structproto = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
    const resproto = require("@pulumi/pulumi/proto/resource_pb") as typeof import("@pulumi/pulumi/proto/resource_pb");
    const { applyCheckDefaults } = require("./provider-check") as typeof import("./provider-check");
    /* eslint-enable @typescript-eslint/no-require-imports */

    const recorded = new Map<string, RecordedResource>();
    const urnFor = (parent: string, type: string, name: string): string => {
        let qualified = type;
        if (parent) {
            const parentType = parent.split("::")[2].split("$").pop()!;
            // Like the engine: the root stack is not part of a child's type chain.
            if (parentType !== "pulumi:pulumi:Stack") qualified = `${parent.split("::")[2]}$${type}`;
        }
        return `urn:pulumi:${req.stack}::${req.project}::${qualified}::${name}`;
    };

    class RecordingMonitor extends MockMonitor {
        constructor() {
            super({
                newResource: () => {
                    throw new Error("unreachable: registration is recorded by RecordingMonitor");
                },
                call: (args) => {
                    throw new Error(`the offline evaluation cannot call provider functions (invoke ${args.token}); use --state with an export of the deployed stack`);
                },
            });
        }

        override async registerResource(r: import("@pulumi/pulumi/proto/resource_pb").RegisterResourceRequest, callback: GrpcCallback<unknown>) {
            try {
                const type = r.getType();
                const urn = urnFor(r.getParent(), type, r.getName());
                const raw = (r.getObject()?.toJavaScript() ?? {}) as PropertyMap;
                const inputs = r.getCustom() ? applyCheckDefaults(type, raw) : raw;
                const timeouts = r.getCustomtimeouts();
                const propertyDependencies: Record<string, string[]> = {};
                r.getPropertydependenciesMap().forEach((deps, key) => (propertyDependencies[key] = deps.getUrnsList()));
                recorded.set(urn, {
                    urn, type, name: r.getName(), custom: r.getCustom(), parent: r.getParent(), provider: r.getProvider(),
                    inputs,
                    // A custom resource's preview outputs are its checked inputs (computed ones unknown);
                    // a component's are what it registers later.
                    outputs: r.getCustom() ? inputs : {},
                    dependencies: r.getDependenciesList(),
                    propertyDependencies,
                    options: {
                        protect: r.getProtect() ?? false,
                        ignoreChanges: r.getIgnorechangesList(),
                        ...(r.getDeletebeforereplacedefined() ? { deleteBeforeReplace: r.getDeletebeforereplace() } : {}),
                        additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
                        aliases: r.getAliasurnsList(),
                        ...(timeouts ? { customTimeouts: { create: durationSeconds(timeouts.getCreate()), update: durationSeconds(timeouts.getUpdate()), delete: durationSeconds(timeouts.getDelete()) } } : {}),
                    },
                });
                const response = new resproto.RegisterResourceResponse();
                response.setUrn(urn);
                response.setId(""); // unknown during preview, as for any resource not yet created
                response.setObject(structproto.Struct.fromJavaScript(r.getCustom() ? (inputs as Record<string, never>) : {}));
                callback(null, response);
            } catch (err) {
                callback(err as Error);
            }
        }

        override registerResourceOutputs(r: import("@pulumi/pulumi/proto/resource_pb").RegisterResourceOutputsRequest, callback: GrpcCallback<unknown>) {
            const res = recorded.get(r.getUrn());
            if (res) res.outputs = (r.getOutputs()?.toJavaScript() ?? {}) as PropertyMap;
            callback(null, {});
        }
    }

    const started = process.hrtime.bigint();
    // Each stack runs in a fresh runtime store (as the Automation API runs inline programs), so
    // one warm process can evaluate several stacks of a fleet in turn.
    await state.withLocalStorage(async () => {
        settings.setMockOptions(new RecordingMonitor(), req.project, req.stack, true);
        try {
            await stackModule.runInPulumiStack(async () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const exported = require(req.programPath) as { default?: unknown };
                return typeof exported.default === "function" ? await (exported.default as () => unknown)() : exported;
            });
            // Internal to the SDK (not in its typings): drains outstanding registrations.
            await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        } catch (e) {
            failures.push(e);
        }
    });
    if (failures.length > 0) return describeFailure(failures[0]);
    return { ok: true, resources: [...recorded.values()], programMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** A RunError (bad config) is the user's message alone; anything else keeps the program's own frames. */
function describeFailure(e: unknown): WorkerReply {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err.name === "RunError" || (err as { __pulumiRunError?: boolean }).__pulumiRunError) return { ok: false, kind: "config", message: err.message };
    const frames = (err.stack ?? "").split("\n").slice(1).filter((l) => !l.includes("node_modules") && !l.includes("node:internal") && !l.includes("program-worker"));
    return { ok: false, kind: "program", message: [`${err.name}: ${err.message}`, ...frames].join("\n") };
}

if (require.main === module) {
    // Serves one stack at a time until the parent disconnects.
    process.on("message", (req: WorkerRequest) => {
        run(req)
            .catch((e: unknown) => describeFailure(e))
            .then((reply) => process.send!(reply));
    });
    process.on("disconnect", () => process.exit(0));
}
