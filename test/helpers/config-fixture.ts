/**
 * The committed landsraad_tst stack file as `parseStackConfig` input (secrets as redacted secret
 * values).
 */
import { stackFileConfig } from "./mock-program";

export interface RawConfig {
    raw: Record<string, unknown>;
    secretKeys: Set<string>;
}

/** A fresh, mutable copy of a committed stack file's config, values parsed as the loader does. */
export function stackRaw(stack = "landsraad_tst"): RawConfig {
    const { config, secretKeys } = stackFileConfig(stack, {});
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config))
        raw[key] = secretKeys.includes(key) ? "[secret]" : JSON.parse(value);
    return { raw, secretKeys: new Set(secretKeys) };
}

/** Deliberately untyped: tests write invalid shapes into a config section. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type UntypedSection = Record<string, any>;

/** The map under `chom:<section>`. */
export function section(c: RawConfig, name: string): UntypedSection {
    return c.raw[`chom:${name}`] as UntypedSection;
}
