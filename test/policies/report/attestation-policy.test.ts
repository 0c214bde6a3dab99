import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { attestationPolicy, readCodeQualityEvidence } from "../../../policies/attestation-policy";
import type { Statement } from "../../../policies/report/attestation";
import { RULES } from "../../../policies/rules";
import type { Subject } from "../../../policies/lib/rule";
import { compliantStack, container, replace } from "../../helpers/fixture-stack";
import { OUTPUT_NAMES } from "../../helpers/cli";

/** Runs the policy the way the SDK's AnalyzeStack does, collecting violations. */
function run(resources: Subject[], config: Record<string, unknown>): string[] {
    const violations: string[] = [];
    const report: ReportViolation = (v: string | { message: string }) =>
        void violations.push(typeof v === "string" ? v : v.message);
    const args: StackValidationArgs = {
        resources: resources.map(
            (r) =>
                ({
                    ...r,
                    opts: {},
                    dependencies: [],
                    propertyDependencies: {},
                }) as unknown as PolicyResource,
        ),
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
    const validate = attestationPolicy.validateStack as (
        a: StackValidationArgs,
        r: ReportViolation,
    ) => void;
    validate(args, report);
    return violations;
}

describe("chom-attestation policy", () => {
    let dir: string;
    const saved = {
        stack: process.env.PULUMI_NODEJS_STACK,
        project: process.env.PULUMI_NODEJS_PROJECT,
    };
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-attestation-policy-"));
        process.env.PULUMI_NODEJS_STACK = "landsraad_tst";
        process.env.PULUMI_NODEJS_PROJECT = "chom";
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        for (const [key, value] of [
            ["PULUMI_NODEJS_STACK", saved.stack],
            ["PULUMI_NODEJS_PROJECT", saved.project],
        ] as const) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    });

    it("is an advisory, low-severity stack policy with outDir and codeQualityEvidence defaulting to empty", () => {
        assert.deepStrictEqual(
            [
                attestationPolicy.name,
                attestationPolicy.enforcementLevel,
                attestationPolicy.severity,
            ],
            ["chom-attestation", "advisory", "low"],
        );
        const props = attestationPolicy.configSchema!.properties;
        assert.deepStrictEqual(Object.keys(props), ["outDir", "codeQualityEvidence"]);
        assert.deepStrictEqual(
            [
                props.outDir.type,
                props.outDir.default,
                props.codeQualityEvidence.type,
                props.codeQualityEvidence.default,
            ],
            ["string", "", "string", ""],
        );
    });

    it("writes nothing when outDir is empty", () => {
        assert.deepStrictEqual(run(compliantStack(), {}), []);
        assert.deepStrictEqual(fs.readdirSync(dir), []);
    });

    it("evaluates every rule of the catalogue in-process and writes the outputs, reporting no violation of its own", () => {
        const stack = replace(compliantStack(), container("redis", { memory: undefined }));
        assert.deepStrictEqual(run(stack, { outDir: dir }), []);
        assert.deepStrictEqual(fs.readdirSync(dir).sort(), [...OUTPUT_NAMES].sort());
        const statement = JSON.parse(
            fs.readFileSync(path.join(dir, "attestation.json"), "utf8"),
        ) as Statement;
        assert.strictEqual(statement.subject[0].name, "pulumi-stack:chom/landsraad_tst");
        assert.strictEqual(statement.predicate.source, "preview");
        const ids = new Set(RULES.map((r) => r.id));
        assert.ok(statement.predicate.results.every((r) => ids.has(r.ruleId)));
        const limits = statement.predicate.results.filter((r) => r.ruleId === "CHOM-RES-001");
        assert.strictEqual(limits.length, 16);
        assert.deepStrictEqual(
            limits.filter((r) => r.state !== "PASS").map((r) => [r.subject, r.state, r.message]),
            [
                [
                    "urn:pulumi:landsraad_tst::chom::docker:index/container:Container::redis",
                    "FAIL",
                    "container chom-redis has no memory limit (`memory`)",
                ],
            ],
        );
        assert.strictEqual(statement.predicate.status, "NOT READY");
    });

    it("records a value unknown at preview as UNKNOWN, and its size as null", () => {
        const app = container("app");
        const proxied: Subject = {
            ...app,
            props: unknownCheckingProxy({
                ...app.props,
                memory: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
            }) as Record<string, unknown>,
        };
        run(replace(compliantStack(), proxied), { outDir: dir });
        const p = (
            JSON.parse(fs.readFileSync(path.join(dir, "attestation.json"), "utf8")) as Statement
        ).predicate;
        const result = p.results.find(
            (r) => r.ruleId === "CHOM-RES-001" && r.subject.endsWith("::app"),
        )!;
        assert.strictEqual(result.state, "UNKNOWN");
        assert.strictEqual(p.appendixC.app?.memoryMb, null);
    });

    it("takes Code Quality evidence inline or from a file, and names what is wrong with bad evidence", () => {
        run(compliantStack(), {
            outDir: dir,
            codeQualityEvidence: '{"score": 100, "source": "phpunit"}',
        });
        const scores = (
            JSON.parse(fs.readFileSync(path.join(dir, "attestation.json"), "utf8")) as Statement
        ).predicate.categoryScores;
        assert.deepStrictEqual(scores[0], {
            category: "Code Quality",
            weight: 15,
            score: 100,
            status: "PASS",
            counts: { PASS: 0, FAIL: 0, UNKNOWN: 0, EXCEPTED: 0, NOT_APPLICABLE: 0 },
            source: "evidence",
            note: "from evidence: phpunit",
        });
        fs.writeFileSync(path.join(dir, "cq.json"), '{"score": 87.5, "source": "coverage report"}');
        assert.deepStrictEqual(readCodeQualityEvidence("cq.json", dir), {
            score: 87.5,
            source: "coverage report",
        });
        assert.throws(() => readCodeQualityEvidence('{"score": "high"}', dir), {
            message:
                'chom-attestation: code quality evidence in chom-attestation.codeQualityEvidence needs "score", a number from 0 to 100',
        });
        assert.throws(() => readCodeQualityEvidence("missing.json", dir), {
            message: `chom-attestation: cannot read code quality evidence file ${path.join(dir, "missing.json")}: ENOENT`,
        });
        assert.strictEqual(readCodeQualityEvidence("  ", dir), null);
    });
});
