/**
 * The committed stack files, run through the program, pass every mandatory rule of the pack
 * (in-process).
 */
import * as assert from "assert";
import { runRules } from "../../policies/lib/run-rules";
import type { Subject } from "../../policies/lib/rule";
import { RULES } from "../../policies/rules";
import {
    isSecretValue,
    RegisteredResource,
    runProgram,
    stackFileConfig,
} from "../helpers/mock-program";

/** Policies see secret values unwrapped (the engine hands them plaintext inputs). */
function unwrap(value: unknown): unknown {
    if (isSecretValue(value)) return unwrap(value.value);
    if (Array.isArray(value)) return value.map(unwrap);
    if (typeof value === "object" && value !== null)
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
    return value;
}

function subjects(stack: string, resources: RegisteredResource[]): Subject[] {
    return resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: `urn:pulumi:${stack}::chom::${r.type}::${r.name}`,
        props: unwrap(r.inputs) as Record<string, unknown>,
    }));
}

describe("committed stacks against the policy pack", function () {
    this.timeout(60000);
    for (const stack of ["landsraad_tst", "mentat_tst", "richese_tst"]) {
        it(`${stack}: no mandatory rule fails or is unknown`, async () => {
            const run = await runProgram(stack, stackFileConfig(stack));
            assert.strictEqual(run.error, undefined, run.error?.message);
            const results = runRules(RULES, subjects(stack, run.resources), {});
            assert.ok(results.length > 100, `only ${results.length} results`);
            const blocking = results.filter(
                (r) =>
                    r.enforcementLevel === "mandatory" &&
                    (r.state === "FAIL" || r.state === "UNKNOWN"),
            );
            assert.deepStrictEqual(
                blocking.map((r) => `${r.ruleId} ${r.subject.name}: ${r.message}`),
                [],
            );
        });
    }
});
