/** What `chom-certify` and `chom-certify verify` share in reading their command lines. */
import { parseArgs, ParseArgsConfig } from "util";
import { EvaluationError } from "./errors";

/**
 * The options both commands take, with one meaning in both: the policy pack, the policy config
 * and Code Quality evidence files of a run (certify reads them; verify checks that the attested
 * run read exactly these), and --help. (--state is not one of them: certify takes several
 * exports, verify one.)
 */
export const COMMON_OPTIONS = {
    pack: { type: "string" },
    "policy-config": { type: "string" },
    evidence: { type: "string" },
    help: { type: "boolean" },
} as const;

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The values `parseOptions` reads for `O`: each option's value, undefined when not given. */
export type OptionValues<O extends Options> = ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: false; strict: true; options: O }>
>["values"];

/**
 * `argv` read strictly with `options` (no positionals). Bad arguments, and --help, throw an
 * EvaluationError carrying `usage` (for --help flagged `help`: usage on stdout, exit 0).
 */
export function parseOptions<O extends Options>(
    argv: string[],
    options: O,
    usage: string,
): OptionValues<O> {
    let values: OptionValues<O>;
    try {
        values = parseArgs({ args: argv, allowPositionals: false, strict: true, options }).values;
    } catch (e) {
        throw new EvaluationError(`${(e as Error).message}\n${usage}`);
    }
    if ((values as { help?: boolean }).help)
        throw Object.assign(new EvaluationError(usage), { help: true });
    return values;
}
