/**
 * The policy SDK's preview proxy, loaded from its own module: `@pulumi/policy`'s index loads the
 * whole Pulumi SDK (seconds), which the certify process never needs. Same classes, so
 * `instanceof` agrees with what the SDK throws inside the pack.
 */
import type * as policy from "@pulumi/policy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Pick<typeof policy, "unknownCheckingProxy" | "UnknownValueError">;

export const unknownCheckingProxy = proxy.unknownCheckingProxy;
export const UnknownValueError = proxy.UnknownValueError;
