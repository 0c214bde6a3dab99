/**
 * JSON-Schema validators of policy config, keyed by the schema's canonical text. The schemas of
 * this repository's pack are compiled to code at build time (ajv standalone, by
 * generate-validators.ts), so a run does not spend ~200 ms compiling them before Configure; any
 * other schema (a pack built from another catalogue) is compiled on first use.
 */
import type { ErrorObject } from "ajv";
import { canonicalJson } from "../lib/canonical-json";

/**
 * A policy's config schema as the engine validates it (convertSchema in pulumi/pkg
 * resource/analyzer/config.go).
 */
export interface ObjectSchema {
    type: "object";
    properties?: Record<string, unknown>;
    required?: string[];
}

export interface ConfigValidator {
    (data: unknown): boolean;
    errors?: ErrorObject[] | null;
}

/** Options of every validator, precompiled or not, so both report the same errors. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

/** Where the build writes the precompiled validators (beside this file; not committed). */
export const GENERATED_MODULE = "./config-validators.generated";

export function objectSchema(
    properties: Record<string, unknown> | undefined,
    required: string[] | undefined,
): ObjectSchema {
    return {
        type: "object",
        ...(properties && Object.keys(properties).length ? { properties } : {}),
        ...(required?.length ? { required } : {}),
    };
}

export const schemaKey = (schema: ObjectSchema): string => canonicalJson(schema);

let precompiled: Record<string, ConfigValidator> | undefined;
const compiledNow = new Map<string, ConfigValidator>();
let ajv: { compile(schema: object): ConfigValidator } | undefined;

/* eslint-disable @typescript-eslint/no-require-imports */
function loadPrecompiled(): Record<string, ConfigValidator> {
    try {
        return (require(GENERATED_MODULE) as { byKey: Record<string, ConfigValidator> }).byKey;
    } catch (e) {
        // Not built (e.g. running from a checkout without `npm run build`): compile at run time.
        if (
            (e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" &&
            (e as Error).message.includes("config-validators.generated")
        )
            return {};
        throw e;
    }
}

/** True when this schema's validator was compiled at build time. */
export function isPrecompiled(schema: ObjectSchema): boolean {
    precompiled ??= loadPrecompiled();
    return schemaKey(schema) in precompiled;
}

export function validatorFor(schema: ObjectSchema): ConfigValidator {
    const key = schemaKey(schema);
    precompiled ??= loadPrecompiled();
    const known = precompiled[key] ?? compiledNow.get(key);
    if (known) return known;
    // The class is bound first: the native compiler (tsgo) drops the parentheses of
    // `new (require(..) as T).default(..)`, which then calls the class without `new`.
    const { default: Ajv } = require("ajv") as {
        default: new (o: object) => { compile(schema: object): ConfigValidator };
    };
    ajv ??= new Ajv(AJV_OPTIONS);
    const fresh = ajv.compile(schema);
    compiledNow.set(key, fresh);
    return fresh;
}
/* eslint-enable @typescript-eslint/no-require-imports */
