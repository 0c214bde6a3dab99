/**
 * Runs the infra program (or `declareStack`) under @pulumi/pulumi's mock runtime in preview
 * mode and returns what it registered: type, name and inputs of every resource, as the engine
 * would receive them (secrets arrive wrapped in the secret signature object).
 * @pulumi/pulumi is loaded once per mocha process (requiring it costs seconds).
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { readStackFile } from "../../policies/certify/stack-file";
import type { StackConfig, StackSecrets } from "../../infra/config";

export const REPO = path.resolve(__dirname, "../..");
const INFRA = path.join(REPO, "infra");

export { isSecretValue } from "../../policies/certify/recorded";

/** One registered resource. */
export interface RegisteredResource {
    /** Type token, e.g. `docker:index/container:Container`. */
    type: string;
    /** Logical name. */
    name: string;
    /** Inputs as sent to the engine. */
    inputs: Record<string, unknown>;
    /** True for custom (provider) resources, false for components. */
    custom: boolean;
    /** Provider reference (`urn::id`), when one was given. */
    provider?: string;
}

/** The result of one program run. */
export interface ProgramRun {
    resources: RegisteredResource[];
    /** The program module's exports (stack outputs), when it ran. */
    outputs?: Record<string, unknown>;
    /** What the program threw, if it failed. */
    error?: Error;
}

/**
 * Config as the language host hands it to a program: full key -> string (JSON for structured
 * values).
 */
export interface ProgramConfig {
    config: Record<string, string>;
    secretKeys: string[];
}

/**
 * Reads `Pulumi.<stack>.yaml` the way the CLI hands it to the program. The committed secure
 * values cannot be decrypted here (nobody has the passphrase), so each becomes the value given
 * in `secretValues` (or a placeholder) and its key a secret key.
 */
export function stackFileConfig(
    stack: string,
    secretValues: Record<string, string> = {},
): ProgramConfig {
    const { config, secretKeys } = readStackFile(REPO, "chom", stack);
    for (const key of secretKeys) config[key] = secretValues[key] ?? `test-value-of-${key}`;
    return { config, secretKeys };
}

/**
 * Mock state: the inputs, plus the image ID a RemoteImage would report (so containers' `image` is
 * known).
 */
function stateOf(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    const inputs = args.inputs as Record<string, unknown>;
    if (args.type === "docker:index/remoteImage:RemoteImage")
        return { ...inputs, imageId: `sha256:mock-${String(inputs.name)}` };
    return inputs;
}

async function startMocks(stack: string, resources: RegisteredResource[]): Promise<void> {
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                resources.push({
                    type: args.type,
                    name: args.name,
                    inputs: args.inputs as Record<string, unknown>,
                    custom: args.custom ?? false,
                    provider: args.provider,
                });
                return { id: args.custom ? `${args.name}-id` : undefined, state: stateOf(args) };
            },
            call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
                return args.inputs as Record<string, unknown>;
            },
        },
        "chom",
        stack,
        true,
    );
}

/**
 * `waitForRPCs` is exported by the SDK's runtime but not typed: it resolves when registrations have
 * drained.
 */
interface RuntimeRpcs {
    waitForRPCs?: () => Promise<void>;
}

async function settle(): Promise<void> {
    const wait = (pulumi.runtime as unknown as RuntimeRpcs).waitForRPCs;
    for (let i = 0; i < 3; i++) {
        if (typeof wait === "function") await wait();
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

/** Runs infra/index.js (the compiled program entry) with the given config. */
export async function runProgram(stack: string, program: ProgramConfig): Promise<ProgramRun> {
    const resources: RegisteredResource[] = [];
    await startMocks(stack, resources);
    pulumi.runtime.setAllConfig(program.config, program.secretKeys);
    // The program runs at require time: drop its modules (not @pulumi/pulumi) so it runs again.
    for (const id of Object.keys(require.cache))
        if (id.startsWith(INFRA + path.sep)) delete require.cache[id];
    let outputs: Record<string, unknown>;
    try {
        // Re-required on purpose: the program runs at require time.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        outputs = require(path.join(INFRA, "index.js")) as Record<string, unknown>;
    } catch (e) {
        await settle();
        return { resources, error: e as Error };
    }
    await settle();
    return { resources, outputs };
}

/** Runs `declareStack` directly with an already-validated config. */
export async function runDeclareStack(
    stack: string,
    config: StackConfig,
    secrets: () => StackSecrets,
): Promise<RegisteredResource[]> {
    const resources: RegisteredResource[] = [];
    await startMocks(stack, resources);
    // A fresh module after the cache purge above.
    const stackModule = path.join(INFRA, "stack.js");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { declareStack } = require(stackModule) as typeof import("../../infra/stack");
    declareStack(config, secrets());
    await settle();
    return resources;
}

/** The value of an Output (known values only; preview leaves computed ones unknown). */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) =>
        pulumi.output(output).apply((v) => {
            resolve(v as T);
            return v;
        }),
    );
}

/** Every resource of one type. */
export function ofType(resources: RegisteredResource[], type: string): RegisteredResource[] {
    return resources.filter((r) => r.type === type);
}
