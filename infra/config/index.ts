/**
 * The stack file's settings (namespace `chom`), one job a file: `types` (the validated shape),
 * `schema` (zod, per setting), `secrets` (which settings are secrets, checked and read only as
 * Outputs), `validate` (`parseStackConfig`, never throws) and `load` (from the Pulumi runtime,
 * raising a `RunError` that lists every problem).
 */
export * from "./load";
export { requireSecret, SECRET_REQUIRED_BY, SECRET_SETTINGS } from "./secrets";
export type { SecretSetting, StackSecrets } from "./secrets";
export * from "./types";
export { formatConfigErrors, parseStackConfig } from "./validate";
