import * as assert from "assert";
import type {
    EffectiveEnforcement,
    Evaluation,
    ResultState,
    RuleResult,
} from "../../../policies/lib/results";
import type { Category } from "../../../policies/lib/rule";
import { bandOf, formatPercent, scoreEvaluation } from "../../../policies/report/scoring";
import { ALL_CATEGORIES, compliantEvaluation } from "../../helpers/fixture-evaluation";

/** `n` results of a synthetic rule in `category`, each on its own subject. */
function many(
    category: Category,
    state: ResultState,
    n: number,
    enforcementLevel: EffectiveEnforcement = "mandatory",
    ruleId = `X-${category}`,
): RuleResult[] {
    return Array.from({ length: n }, (_, i) => ({
        ruleId,
        policyName: ruleId.toLowerCase(),
        category,
        severity: "high" as const,
        enforcementLevel,
        subject: {
            urn: `urn:pulumi:s::p::t::${category}-${state}-${i}`,
            type: "t",
            name: `${category}-${state}-${i}`,
        },
        state,
        message: state === "PASS" ? "" : `${state} here`,
    }));
}

function withResults(
    results: RuleResult[],
    codeQuality: Evaluation["codeQuality"] = null,
): Evaluation {
    return { ...compliantEvaluation(), results, codeQuality };
}

describe("report/scoring", () => {
    it("scores the compliant fixture 100% over the six rule categories, Code Quality not assessed, NOT CERTIFIED for that alone", () => {
        const s = scoreEvaluation(compliantEvaluation());
        assert.deepStrictEqual(
            s.categories.map((c) => [c.category, c.weight, c.score, c.status]),
            [
                ["Code Quality", 15, null, "NOT ASSESSED"],
                ["Security", 25, 100, "PASS"],
                ["Performance", 15, 100, "PASS"],
                ["Reliability", 20, 100, "PASS"],
                ["Observability", 10, 100, "PASS"],
                ["Operations", 10, 100, "PASS"],
                ["Compliance", 5, 100, "PASS"],
            ],
        );
        assert.strictEqual(s.weightedAverage, 100);
        assert.deepStrictEqual(s.averagedOver, ALL_CATEGORIES);
        assert.deepStrictEqual(s.notAssessed, ["Code Quality"]);
        assert.strictEqual(s.band, "Excellent");
        assert.strictEqual(s.assessment, "READY");
        assert.strictEqual(s.certification, "NOT CERTIFIED");
        assert.deepStrictEqual(s.certificationReasons, [
            "Code Quality is not assessed: not assessed by the infrastructure tool (no code quality evidence supplied)",
        ]);
    });

    it("certifies only when Code Quality evidence is at 100% too", () => {
        const e = compliantEvaluation();
        assert.strictEqual(
            scoreEvaluation({ ...e, codeQuality: { score: 100, source: "ci coverage" } })
                .certification,
            "CERTIFIED",
        );
        const s = scoreEvaluation({ ...e, codeQuality: { score: 80, source: "ci coverage" } });
        assert.strictEqual(s.certification, "NOT CERTIFIED");
        assert.deepStrictEqual(s.certificationReasons, [
            "Code Quality is at 80%, below the 100% threshold",
        ]);
        assert.strictEqual(s.weightedAverage, (15 * 80 + 85 * 100) / 100);
    });

    it("counts UNKNOWN against the score (3 PASS + 1 UNKNOWN = 75%)", () => {
        const s = scoreEvaluation(
            withResults([
                ...many("Security", "PASS", 3),
                ...many("Security", "UNKNOWN", 1, "advisory"),
            ]),
        );
        const security = s.categories.find((c) => c.category === "Security")!;
        assert.strictEqual(security.score, 75);
        assert.strictEqual(security.status, "FAIL");
        assert.deepStrictEqual(security.counts, {
            PASS: 3,
            FAIL: 0,
            UNKNOWN: 1,
            EXCEPTED: 0,
            NOT_APPLICABLE: 0,
        });
    });

    it("keeps EXCEPTED and NOT_APPLICABLE out of the denominator and lists them", () => {
        const s = scoreEvaluation(
            withResults([
                ...many("Reliability", "PASS", 2),
                ...many("Reliability", "EXCEPTED", 5),
                ...many("Reliability", "NOT_APPLICABLE", 4),
            ]),
        );
        const reliability = s.categories.find((c) => c.category === "Reliability")!;
        assert.strictEqual(reliability.denominator, 2);
        assert.strictEqual(reliability.score, 100);
        assert.strictEqual(reliability.status, "PASS");
        assert.deepStrictEqual(
            reliability.excluded.map((x) => [x.name, x.state]),
            [
                ...[0, 1, 2, 3, 4].map((i) => [`Reliability-EXCEPTED-${i}`, "EXCEPTED"]),
                ...[0, 1, 2, 3].map((i) => [`Reliability-NOT_APPLICABLE-${i}`, "NOT_APPLICABLE"]),
            ],
        );
    });

    it("does not assess a category whose results are all EXCEPTED or NOT_APPLICABLE", () => {
        const s = scoreEvaluation(
            withResults([...many("Security", "PASS", 1), ...many("Compliance", "EXCEPTED", 2)]),
        );
        const compliance = s.categories.find((c) => c.category === "Compliance")!;
        assert.strictEqual(compliance.assessed, false);
        assert.strictEqual(compliance.score, null);
        assert.strictEqual(compliance.note, "every result is EXCEPTED or NOT_APPLICABLE");
        assert.deepStrictEqual(s.averagedOver, ["Security"]);
    });

    it("renormalises the weights over the assessed categories only", () => {
        // Security 100% (weight 25) and Performance 50% (weight 15); nothing else assessed.
        const s = scoreEvaluation(
            withResults([
                ...many("Security", "PASS", 4),
                ...many("Performance", "PASS", 1),
                ...many("Performance", "FAIL", 1, "advisory"),
            ]),
        );
        assert.strictEqual(s.weightedAverage, (25 * 100 + 15 * 50) / 40);
        assert.strictEqual(s.weightedAverage, 81.25);
        assert.deepStrictEqual(s.averagedOver, ["Security", "Performance"]);
        assert.deepStrictEqual(s.notAssessed, [
            "Code Quality",
            "Reliability",
            "Observability",
            "Operations",
            "Compliance",
        ]);
        assert.strictEqual(s.band, "Good");
    });

    it("has no average and no band when nothing is assessed", () => {
        const s = scoreEvaluation(withResults([]));
        assert.strictEqual(s.weightedAverage, null);
        assert.strictEqual(s.band, null);
        assert.deepStrictEqual(s.averagedOver, []);
        assert.strictEqual(s.certificationReasons.length, 7);
    });

    for (const [pass, fail, band] of [
        [29, 71, "Critical"],
        [30, 70, "Poor"],
        [49, 51, "Poor"],
        [50, 50, "Fair"],
        [69, 31, "Fair"],
        [70, 30, "Good"],
        [89, 11, "Good"],
        [90, 10, "Excellent"],
    ] as const) {
        it(`puts ${pass}% in band ${band}`, () => {
            const s = scoreEvaluation(
                withResults([
                    ...many("Security", "PASS", pass),
                    ...many("Security", "FAIL", fail, "advisory"),
                ]),
            );
            assert.strictEqual(s.weightedAverage, pass);
            assert.strictEqual(s.band, band);
        });
    }

    it("takes the lower band between edges and rejects a score outside 0-100", () => {
        assert.strictEqual(bandOf(89.99), "Good");
        assert.strictEqual(bandOf(100), "Excellent");
        assert.strictEqual(bandOf(0), "Critical");
        assert.throws(() => bandOf(100.5), /score must be a number from 0 to 100, got 100.5/);
        assert.throws(() => bandOf(NaN), /got NaN/);
    });

    it("never prints a score rounded up into the next band", () => {
        assert.strictEqual(formatPercent(89.96), "89.9%");
        assert.strictEqual(formatPercent(81.25), "81.2%");
        assert.strictEqual(formatPercent(100), "100%");
        assert.strictEqual(formatPercent(200 / 3), "66.6%");
    });

    it("is NOT READY on a mandatory FAIL or a mandatory UNKNOWN, READY with advisory ones", () => {
        const advisoryOnly = scoreEvaluation(
            withResults([
                ...many("Security", "FAIL", 1, "advisory"),
                ...many("Security", "UNKNOWN", 1, "advisory"),
            ]),
        );
        assert.strictEqual(advisoryOnly.assessment, "READY");
        const blocked = scoreEvaluation(withResults([...many("Security", "FAIL", 1, "mandatory")]));
        assert.strictEqual(blocked.assessment, "NOT READY");
        assert.deepStrictEqual(blocked.assessmentReasons, [
            "X-Security (mandatory) FAIL on Security-FAIL-0: FAIL here",
        ]);
        const unknown = scoreEvaluation(
            withResults([...many("Operations", "UNKNOWN", 1, "mandatory")]),
        );
        assert.strictEqual(unknown.assessment, "NOT READY");
        assert.deepStrictEqual(unknown.assessmentReasons, [
            "X-Operations (mandatory) UNKNOWN on Operations-UNKNOWN-0: UNKNOWN here",
        ]);
    });

    it("lists every reason it is not certified", () => {
        const s = scoreEvaluation(
            withResults(
                [
                    ...many("Security", "PASS", 1),
                    ...many("Security", "FAIL", 1, "mandatory"),
                    ...many("Performance", "PASS", 2),
                ],
                { score: 100, source: "ci" },
            ),
        );
        assert.deepStrictEqual(s.certificationReasons, [
            "Overall Assessment is NOT READY (1 reason: blocking, mandatory-unknown or mandatory-disabled)",
            "Security is at 50%, below the 100% threshold (1 FAIL, 0 UNKNOWN)",
            "Reliability is not assessed: no rule produced a result in this category",
            "Observability is not assessed: no rule produced a result in this category",
            "Operations is not assessed: no rule produced a result in this category",
            "Compliance is not assessed: no rule produced a result in this category",
        ]);
    });

    it("rejects a result with a state or category outside the model, naming it", () => {
        const bad = { ...many("Security", "PASS", 1)[0], state: "OK" as ResultState };
        assert.throws(
            () => scoreEvaluation(withResults([bad])),
            /result of X-Security on urn:pulumi:s::p::t::Security-PASS-0 has state "OK"/,
        );
        const badCategory = {
            ...many("Security", "PASS", 1)[0],
            category: "Code Quality" as Category,
        };
        assert.throws(
            () => scoreEvaluation(withResults([badCategory])),
            /has category "Code Quality", which is not a rule category/,
        );
        assert.throws(
            () => scoreEvaluation(withResults([], { score: 101, source: "ci" })),
            /codeQuality.score must be a number from 0 to 100, got 101/,
        );
    });
});
