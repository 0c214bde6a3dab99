/**
 * No silent pass, end to end through the real pack process: delete each chom:* component of the
 * compliant landsraad_tst stack in turn, or strip the identity labels of its containers and break
 * what the service-specific rules judge; each change must block (exit 1) naming the rule, and
 * every rule of the catalogue must still answer. Variants are `pulumi stack export` files
 * (`--state`), as a user deleting a resource from a deployed stack would produce.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Evaluation, RuleResult } from "../../policies/lib/results";
import { RULES } from "../../policies/rules";
import { certifyLandsraad, cleanup, OUTPUT_NAMES, runCli, tempDir } from "../helpers/cli";
import {
    BREAKS,
    COMPONENTS,
    containerOf,
    Export,
    setProp,
    stripIdentityLabels,
} from "../helpers/export-variants";

const STACK_TYPE = "pulumi:pulumi:Stack";

describe("no silent pass: deleted components and stripped labels block (real pack, --state)", function () {
    this.timeout(300_000);
    let work: string;
    let exported: Export;
    let compliant: Evaluation;

    /**
     * Certifies a changed copy of the compliant export; returns the exit code and the result model.
     */
    async function certify(
        name: string,
        change: (e: Export) => void,
    ): Promise<{ code: number | null; evaluation: Evaluation; stdout: string }> {
        const copy = JSON.parse(JSON.stringify(exported)) as Export;
        change(copy);
        const file = path.join(work, `${name}.json`);
        fs.writeFileSync(file, JSON.stringify(copy));
        const run = await runCli([
            "--state",
            file,
            "--out",
            path.join(work, `out-${name}`),
            "--json",
        ]);
        assert.notStrictEqual(run.code, 2, run.stderr);
        return {
            code: run.code,
            evaluation: JSON.parse(run.stdout) as Evaluation,
            stdout: run.stdout,
        };
    }

    const container = containerOf;
    const blocking = (e: Evaluation): RuleResult[] =>
        e.results.filter((r) => r.state === "FAIL" && r.enforcementLevel === "mandatory");
    const key = (r: RuleResult) => `${r.ruleId} ${r.subject.urn} ${r.state}`;

    before(async () => {
        work = tempDir("silent");
        const run = await certifyLandsraad(work, "--json");
        assert.strictEqual(run.code, 0, run.stderr);
        compliant = JSON.parse(run.stdout) as Evaluation;
        exported = JSON.parse(fs.readFileSync(path.join(work, "export.json"), "utf8")) as Export;
    });
    after(() => cleanup(work));

    it("the compliant stack answers for every rule of the catalogue", () => {
        const answered = new Set(compliant.results.map((r) => r.ruleId));
        assert.deepStrictEqual(
            RULES.map((r) => r.id).filter((id) => !answered.has(id)),
            [],
        );
    });

    for (const { type, rules } of COMPONENTS) {
        it(`deleting ${type} blocks, naming ${rules.join(", ")} at the stack, and every rule still answers`, async () => {
            const { code, evaluation } = await certify(type.split(":").pop()!, (e) => {
                e.deployment.resources = e.deployment.resources.filter((r) => r.type !== type);
            });
            assert.strictEqual(code, 1);
            const atStack = blocking(evaluation)
                .filter((r) => r.subject.type === STACK_TYPE)
                .map((r) => r.ruleId);
            for (const id of rules)
                assert.ok(
                    atStack.includes(id),
                    `${id} does not block at the stack; blocking at the stack: ${atStack.join(", ")}`,
                );
            const one = blocking(evaluation).find(
                (r) => r.subject.type === STACK_TYPE && r.ruleId === rules[0],
            )!;
            assert.match(one.message, new RegExp(`^the stack declares no ${type}: `));
            const answered = new Set(evaluation.results.map((r) => r.ruleId));
            assert.deepStrictEqual(
                RULES.map((r) => r.id).filter((id) => !answered.has(id)),
                [],
            );
            // ...and in every output a user or CI reads.
            const out = path.join(work, `out-${type.split(":").pop()!}`);
            for (const file of OUTPUT_NAMES) {
                const text = fs.readFileSync(path.join(out, file), "utf8");
                assert.deepStrictEqual(
                    RULES.map((r) => r.id).filter((id) => !text.includes(id)),
                    [],
                    `rules missing from ${file}`,
                );
            }
            const sarif = JSON.parse(fs.readFileSync(path.join(out, "results.sarif"), "utf8")) as {
                runs: { results: { ruleId: string }[] }[];
            };
            const inSarif = new Set(sarif.runs[0].results.map((r) => r.ruleId));
            assert.deepStrictEqual(
                RULES.map((r) => r.id).filter((id) => !inSarif.has(id)),
                [],
                "every rule has a SARIF result",
            );
        });
    }

    it("stripping every container's identity labels changes no verdict: what a container is comes from what runs", async () => {
        const { code, evaluation } = await certify("unlabelled", (e) => {
            for (const r of e.deployment.resources.filter(
                (x) => x.type === "docker:index/container:Container",
            ))
                stripIdentityLabels(r);
        });
        assert.strictEqual(code, 0);
        const verdicts = (ev: Evaluation) =>
            ev.results
                .filter((r) => r.state !== "NOT_APPLICABLE")
                .map(key)
                .sort();
        assert.deepStrictEqual(verdicts(evaluation), verdicts(compliant));
    });

    it("a value unknown in a state file is UNKNOWN (never a pass) and is not worded as a preview", async () => {
        const { evaluation } = await certify("unknown-memory", (e) =>
            setProp(container(e, "mysql"), "memory", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"),
        );
        const unknown = evaluation.results.filter((r) => r.state === "UNKNOWN");
        assert.ok(
            unknown.some((r) => r.ruleId === "CHOM-RES-001" && r.subject.name === "mysql"),
            unknown.map(key).join("\n"),
        );
        for (const r of unknown)
            assert.doesNotMatch(r.message, /during preview/, `${r.ruleId}: ${r.message}`);
        assert.ok(unknown.every((r) => /from the state file/.test(r.message)));
    });

    for (const b of BREAKS) {
        it(`unlabelled ${b.container} with ${b.what} blocks, naming ${b.rule}`, async () => {
            const { code, evaluation } = await certify(`${b.container}-${b.rule}`, (e) => {
                const r = container(e, b.container);
                stripIdentityLabels(r);
                b.change(r);
            });
            assert.strictEqual(code, 1);
            const hits = blocking(evaluation)
                .filter((r) => r.ruleId === b.rule)
                .map((r) => r.subject.name);
            assert.deepStrictEqual(
                hits,
                [b.container],
                `${b.rule} blocks on ${hits.join(", ") || "nothing"}`,
            );
        });
    }
});
