/**
 * Child process: runs a Pulumi program in preview mode against a recording resource monitor
 * (the SDK's mock runtime with the engine's side filled in) and sends back every registered
 * resource with post-Check inputs and outputs. One process per stack: the SDK's runtime
 * state is global.
 */
import * as fs from "fs";
import * as path from "path";
import type { RecordedResource, PropertyMap } from "./recorded";
import { deferHeavyModules } from "./deferred-modules";

export interface WorkerRequest {
    /** The module to `require` (the project's resolved entry point). */
    programPath: string;
    /** The working directory the language host gives the program (its `--pwd`). */
    programDir: string;
    /**
     * Set when Pulumi.yaml's runtime.options.typescript is on (the default): .ts modules load
     * through ts-node.
     */
    typescript: { tsconfig: string } | null;
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
    for (const m of d.matchAll(/(\d+(?:\.\d+)?)(h|m|s|ms)/g))
        total +=
            Number(m[1]) * ({ h: 3600, m: 60, s: 1, ms: 0.001 } as Record<string, number>)[m[2]];
    return total;
}

/** Failures of the run in progress (unhandled rejections land here too). */
let failures: unknown[] = [];
process.on("unhandledRejection", (e) => failures.push(e));

/** Forgets the program's own modules, so its top-level code runs again for the next stack. */
function forgetProgram(programPath: string): void {
    const root = path.dirname(require.resolve(programPath));
    for (const file of Object.keys(require.cache)) {
        if (
            file.startsWith(root + path.sep) &&
            !file.includes(`${path.sep}node_modules${path.sep}`)
        )
            delete require.cache[file];
    }
}

interface TsNode {
    register(options: Record<string, unknown>): unknown;
}

/**
 * The SDK's internal helper that picks `typescript` and `ts-node` (the project's, else its vendored
 * ones).
 */
interface TsUtils {
    loadTypeScriptCompilerOptions(tsConfigPath: string): Record<string, unknown>;
    typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
}

/** The TypeScript setup ts-node was registered with in this process (it cannot be undone). */
let tsSetup: string | undefined;

/**
 * Registers ts-node exactly as @pulumi/pulumi's cmd/run does for a TypeScript project (cwd =
 * programDir).
 */
function registerTsNode(programDir: string, tsconfig: string): void {
    /* eslint-disable @typescript-eslint/no-require-imports */
    let utilsPath: string;
    try {
        // The language host runs the project's own SDK, which resolves the project's typescript and
        // ts-node.
        utilsPath = require.resolve("@pulumi/pulumi/tsutils", { paths: [programDir] });
    } catch {
        utilsPath = require.resolve("@pulumi/pulumi/tsutils");
    }
    const tsutils = require(utilsPath) as TsUtils;
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsconfig);
    const transpileEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const ts = require(
        require.resolve(typescriptRequire, { paths: [path.dirname(utilsPath)] }),
    ) as { version: string };
    const [major, minor] = ts.version.split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    const tsn = require(
        require.resolve(tsnodeRequire, { paths: [path.dirname(utilsPath)] }),
    ) as TsNode;
    tsn.register({
        compiler: typescriptRequire,
        transpileOnly: transpileEnv ? transpileEnv === "true" : compilerOptions.noCheck,
        project: tsconfig,
        skipProject: !fs.existsSync(tsconfig),
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...compilerOptions,
        },
    });
    /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Makes .ts/.tsx loadable, registering ts-node only when the first one is required: a JS
 * program in a TypeScript-enabled project (the default) pays nothing, as ts-node would
 * compile nothing for it anyway.
 */
function enableTypeScript(programDir: string, tsconfig: string): void {
    const setup = JSON.stringify([programDir, tsconfig]);
    if (tsSetup !== undefined) {
        if (tsSetup !== setup)
            throw new Error(
                `internal: this program worker already registered TypeScript for ${tsSetup}`,
            );
        return;
    }
    const extensions = require.extensions as NodeJS.RequireExtensions;
    const lazy = (m: NodeJS.Module, filename: string): void => {
        // ts-node wraps whatever handler is installed: ours must be gone first.
        delete extensions[".ts"];
        delete extensions[".tsx"];
        tsSetup = setup;
        registerTsNode(programDir, tsconfig);
        const compile = extensions[path.extname(filename)];
        if (!compile) throw new Error(`ts-node did not register ${path.extname(filename)}`);
        compile(m, filename);
    };
    extensions[".ts"] = lazy;
    extensions[".tsx"] = lazy;
}

async function run(req: WorkerRequest): Promise<WorkerReply> {
    // The language host hands config over in the environment; a fresh runtime store reads it.
    process.env.PULUMI_CONFIG = JSON.stringify(req.config);
    process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(req.secretKeys);
    process.env.PULUMI_NODEJS_STACK = req.stack;
    process.env.PULUMI_NODEJS_PROJECT = req.project;
    process.env.PULUMI_NODEJS_DRY_RUN = "true";
    // As the language host runs it: in its program directory, with the TypeScript switch in the
    // environment.
    process.chdir(req.programDir);
    if (req.typescript) {
        process.env.PULUMI_NODEJS_TYPESCRIPT = "true";
        process.env.PULUMI_NODEJS_TSCONFIG_PATH = req.typescript.tsconfig;
        enableTypeScript(req.programDir, req.typescript.tsconfig);
    } else {
        delete process.env.PULUMI_NODEJS_TYPESCRIPT;
        delete process.env.PULUMI_NODEJS_TSCONFIG_PATH;
    }
    Error.stackTraceLimit = req.fullStackTraces ? 10 : 0;
    failures = [];
    forgetProgram(req.programPath);

    /* eslint-disable @typescript-eslint/no-require-imports */
    const { MockMonitor } =
        require("@pulumi/pulumi/runtime/mocks") as typeof import("@pulumi/pulumi/runtime/mocks");
    const settings =
        require("@pulumi/pulumi/runtime/settings") as typeof import("@pulumi/pulumi/runtime/settings");
    const stackModule =
        require("@pulumi/pulumi/runtime/stack") as typeof import("@pulumi/pulumi/runtime/stack");
    const state = require("@pulumi/pulumi/runtime/state") as {
        withLocalStorage<T>(fn: () => Promise<T>): Promise<T>;
    };
    const structproto =
        require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
    const resproto =
        require("@pulumi/pulumi/proto/resource_pb") as typeof import("@pulumi/pulumi/proto/resource_pb");
    const { applyCheckDefaults } = require("./provider-check") as typeof import("./provider-check");
    /* eslint-enable @typescript-eslint/no-require-imports */

    const recorded = new Map<string, RecordedResource>();
    const urnFor = (parent: string, type: string, name: string): string => {
        let qualified = type;
        if (parent) {
            const parentType = parent.split("::")[2].split("$").pop()!;
            // Like the engine: the root stack is not part of a child's type chain.
            if (parentType !== "pulumi:pulumi:Stack")
                qualified = `${parent.split("::")[2]}$${type}`;
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
                    throw new Error(
                        `the offline evaluation cannot call provider functions (invoke ${args.token}); use --state with an export of the deployed stack`,
                    );
                },
            });
        }

        override async registerResource(
            r: import("@pulumi/pulumi/proto/resource_pb").RegisterResourceRequest,
            callback: GrpcCallback<unknown>,
        ) {
            try {
                const type = r.getType();
                const urn = urnFor(r.getParent(), type, r.getName());
                const raw = (r.getObject()?.toJavaScript() ?? {}) as PropertyMap;
                // The engine adds a provider's version to its inputs (source_eval.go,
                // SetProviderVersion): the pack sees it on the provider and on every resource's
                // provider.
                if (type.startsWith("pulumi:providers:") && r.getVersion())
                    raw.version = r.getVersion();
                const inputs = r.getCustom() ? applyCheckDefaults(type, raw) : raw;
                const timeouts = r.getCustomtimeouts();
                const propertyDependencies: Record<string, string[]> = {};
                r.getPropertydependenciesMap().forEach(
                    (deps, key) => (propertyDependencies[key] = deps.getUrnsList()),
                );
                recorded.set(urn, {
                    urn,
                    type,
                    name: r.getName(),
                    custom: r.getCustom(),
                    parent: r.getParent(),
                    provider: r.getProvider(),
                    inputs,
                    // A custom resource's preview outputs are its checked inputs (computed ones
                    // unknown); a component's are what it registers later.
                    outputs: r.getCustom() ? inputs : {},
                    dependencies: r.getDependenciesList(),
                    propertyDependencies,
                    options: {
                        protect: r.getProtect() ?? false,
                        ignoreChanges: r.getIgnorechangesList(),
                        ...(r.getDeletebeforereplacedefined()
                            ? { deleteBeforeReplace: r.getDeletebeforereplace() }
                            : {}),
                        additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
                        aliases: r.getAliasurnsList(),
                        ...(timeouts
                            ? {
                                  customTimeouts: {
                                      create: durationSeconds(timeouts.getCreate()),
                                      update: durationSeconds(timeouts.getUpdate()),
                                      delete: durationSeconds(timeouts.getDelete()),
                                  },
                              }
                            : {}),
                    },
                });
                const response = new resproto.RegisterResourceResponse();
                response.setUrn(urn);
                response.setId(""); // unknown during preview, as for any resource not yet created
                response.setObject(
                    structproto.Struct.fromJavaScript(
                        r.getCustom() ? (inputs as Record<string, never>) : {},
                    ),
                );
                callback(null, response);
            } catch (err) {
                callback(err as Error);
            }
        }

        override registerResourceOutputs(
            r: import("@pulumi/pulumi/proto/resource_pb").RegisterResourceOutputsRequest,
            callback: GrpcCallback<unknown>,
        ) {
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
                return typeof exported.default === "function"
                    ? await (exported.default as () => unknown)()
                    : exported;
            });
            // Internal to the SDK (not in its typings): drains outstanding registrations.
            await (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
        } catch (e) {
            failures.push(e);
        }
    });
    if (failures.length > 0) return describeFailure(failures[0]);
    return {
        ok: true,
        resources: [...recorded.values()],
        programMs: Number(process.hrtime.bigint() - started) / 1e6,
    };
}

/**
 * A RunError (bad config) is the user's message alone; anything else keeps the program's own
 * frames.
 */
function describeFailure(e: unknown): WorkerReply {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err.name === "RunError" || (err as { __pulumiRunError?: boolean }).__pulumiRunError)
        return { ok: false, kind: "config", message: err.message };
    // A multi-line message (ts-node's TSError lists every diagnostic) heads the stack: not frames.
    const head = `${err.name}: ${err.message}`;
    const rest = err.stack?.startsWith(head)
        ? err.stack.slice(head.length).split("\n")
        : (err.stack ?? "").split("\n").slice(1);
    const frames = rest
        .filter((l) => l.trim() !== "")
        .filter(
            (l) =>
                !l.includes("node_modules") &&
                !l.includes("node:internal") &&
                !l.includes("program-worker"),
        );
    return {
        ok: false,
        kind: "program",
        message: [`${err.name}: ${err.message}`, ...frames].join("\n"),
    };
}

if (require.main === module) {
    deferHeavyModules();
    // Serves one stack at a time until the parent disconnects.
    process.on("message", (req: WorkerRequest) => {
        run(req)
            .catch((e: unknown) => describeFailure(e))
            .then((reply) => process.send!(reply));
    });
    process.on("disconnect", () => process.exit(0));
}
