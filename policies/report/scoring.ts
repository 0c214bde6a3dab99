/**
 * The one scoring function. Every rendering (attestation, certificate, console) takes its
 * numbers from `scoreEvaluation`, so no two outputs can disagree on a score.
 *
 * Rules of the certificate, as the infrastructure tool applies them:
 * - a category's score is PASS / (PASS + FAIL + UNKNOWN): UNKNOWN counts against, because
 *   something we could not evaluate is not proven;
 * - EXCEPTED and NOT_APPLICABLE stay outside the denominator and are listed instead;
 * - a category passes only at 100 %; with an empty denominator it is "not assessed";
 * - the weighted average runs over the assessed categories only (weights renormalised) and
 *   says which ones those were;
 * - READY and CERTIFIED are judged at the pack's enforcement levels (or stricter): a rule the
 *   policy config disabled or lowered cannot improve them (policy-deviations.ts).
 */
import { Evaluation, isBlocking, ResultState, RuleResult } from "../lib/results";
import { CATEGORIES as RULE_CATEGORIES } from "../lib/rule";
import { allRulesDisabled, policyDeviations, verdictLevel } from "./policy-deviations";

/** The seven categories of the certificate, in the certificate's order. */
export const CERTIFICATE_CATEGORIES = [
    "Code Quality",
    "Security",
    "Performance",
    "Reliability",
    "Observability",
    "Operations",
    "Compliance",
] as const;
export type CertificateCategory = (typeof CERTIFICATE_CATEGORIES)[number];

/** Weights in percent, as printed on the certificate (they sum to 100). */
export const CATEGORY_WEIGHTS: Readonly<Record<CertificateCategory, number>> = {
    "Code Quality": 15,
    Security: 25,
    Performance: 15,
    Reliability: 20,
    Observability: 10,
    Operations: 10,
    Compliance: 5,
};

/** Every result state, in the order outputs list them. */
export const RESULT_STATES: readonly ResultState[] = [
    "PASS",
    "FAIL",
    "UNKNOWN",
    "EXCEPTED",
    "NOT_APPLICABLE",
];

/** How many results of a category are in each state. */
export type StateCounts = Record<ResultState, number>;

/** Where a category's score comes from. */
export type ScoreSource = "rules" | "evidence" | "none";

/**
 * One result kept out of the denominator (EXCEPTED or NOT_APPLICABLE), listed so nobody has to
 * guess.
 */
export interface ExcludedResult {
    /** Stable rule ID. */
    ruleId: string;
    /** URN of the subject the result is about. */
    urn: string;
    /** Resource name of the subject. */
    name: string;
    /** EXCEPTED or NOT_APPLICABLE. */
    state: "EXCEPTED" | "NOT_APPLICABLE";
    /** The exception note or the not-applicable reason. */
    message: string;
}

/** The score of one certificate category. */
export interface CategoryScore {
    /** Category name as printed on the certificate. */
    category: CertificateCategory;
    /** Weight in percent, as printed on the certificate. */
    weight: number;
    /** Result counts per state (all zero for Code Quality, which has no rules). */
    counts: StateCounts;
    /** PASS + FAIL + UNKNOWN: the results the score is computed over. */
    denominator: number;
    /**
     * True when there is something to score (results in the denominator, or Code Quality evidence).
     */
    assessed: boolean;
    /** Percent 0–100; null when not assessed. */
    score: number | null;
    /** PASS only at 100 %. */
    status: "PASS" | "FAIL" | "NOT ASSESSED";
    /** Rules results, outside evidence, or nothing. */
    source: ScoreSource;
    /** Why the category is not assessed, or where its evidence came from. */
    note: string;
    /** EXCEPTED and NOT_APPLICABLE results, outside the denominator. */
    excluded: ExcludedResult[];
}

/** The certificate's score bands. */
export type Band = "Excellent" | "Good" | "Fair" | "Poor" | "Critical";

/** Band limits: a score belongs to the first band whose `min` it reaches. */
export const BANDS: readonly { band: Band; min: number; label: string }[] = [
    { band: "Excellent", min: 90, label: "90-100%" },
    { band: "Good", min: 70, label: "70-89%" },
    { band: "Fair", min: 50, label: "50-69%" },
    { band: "Poor", min: 30, label: "30-49%" },
    { band: "Critical", min: 0, label: "0-29%" },
];

export type Assessment = "READY" | "NOT READY";
export type Certification = "CERTIFIED" | "NOT CERTIFIED";

/** Everything the certificate's numbers and verdicts are made of. */
export interface Scorecard {
    /** The seven categories, in the certificate's order. */
    categories: CategoryScore[];
    /**
     * Weighted average over `averagedOver`, weights renormalised; null when nothing was assessed.
     */
    weightedAverage: number | null;
    /** The categories the weighted average ran over (the assessed ones). */
    averagedOver: CertificateCategory[];
    /** The categories left out of the average (not assessed). */
    notAssessed: CertificateCategory[];
    /** Band of the weighted average; null when there is no average. */
    band: Band | null;
    /**
     * READY iff no FAIL or UNKNOWN on a rule that is mandatory in the pack or in this run, and no
     * rule mandatory in the pack was disabled (a disabled rule proves nothing, like an UNKNOWN).
     */
    assessment: Assessment;
    /** Why the assessment is NOT READY (empty when READY). */
    assessmentReasons: string[];
    /** CERTIFIED iff READY, no rule disabled, and all seven categories assessed and at 100 %. */
    certification: Certification;
    /** Every reason the stack is NOT CERTIFIED (empty when CERTIFIED). */
    certificationReasons: string[];
}

/**
 * The band a score falls in (90–100 Excellent … 0–29 Critical). A score between bands (89.5) takes
 * the lower one.
 */
export function bandOf(score: number): Band {
    if (!Number.isFinite(score) || score < 0 || score > 100)
        throw new Error(`score must be a number from 0 to 100, got ${String(score)}`);
    for (const b of BANDS) if (score >= b.min) return b.band;
    return "Critical";
}

/**
 * A percentage as printed: at most one decimal, never rounded up (89.96 prints as 89.9, not 90).
 */
export function formatPercent(score: number): string {
    const floored = Math.floor(score * 10 + 1e-9) / 10;
    return `${Number.isInteger(floored) ? floored.toFixed(0) : floored.toFixed(1)}%`;
}

function emptyCounts(): StateCounts {
    return { PASS: 0, FAIL: 0, UNKNOWN: 0, EXCEPTED: 0, NOT_APPLICABLE: 0 };
}

function scoreRuleCategory(
    category: Exclude<CertificateCategory, "Code Quality">,
    results: RuleResult[],
): CategoryScore {
    const counts = emptyCounts();
    const excluded: ExcludedResult[] = [];
    for (const r of results) {
        counts[r.state] += 1;
        if (r.state === "EXCEPTED" || r.state === "NOT_APPLICABLE") {
            excluded.push({
                ruleId: r.ruleId,
                urn: r.subject.urn,
                name: r.subject.name,
                state: r.state,
                message: r.message,
            });
        }
    }
    const denominator = counts.PASS + counts.FAIL + counts.UNKNOWN;
    const weight = CATEGORY_WEIGHTS[category];
    if (denominator === 0) {
        const note =
            results.length === 0
                ? "no rule produced a result in this category"
                : "every result is EXCEPTED or NOT_APPLICABLE";
        return {
            category,
            weight,
            counts,
            denominator,
            assessed: false,
            score: null,
            status: "NOT ASSESSED",
            source: "none",
            note,
            excluded,
        };
    }
    // Multiply first: 29 of 100 is exactly 29, not 28.999999999999996.
    const score = (counts.PASS * 100) / denominator;
    return {
        category,
        weight,
        counts,
        denominator,
        assessed: true,
        score,
        status: score === 100 ? "PASS" : "FAIL",
        source: "rules",
        note: "",
        excluded,
    };
}

function scoreCodeQuality(e: Evaluation): CategoryScore {
    const base = {
        category: "Code Quality" as const,
        weight: CATEGORY_WEIGHTS["Code Quality"],
        counts: emptyCounts(),
        denominator: 0,
        excluded: [],
    };
    if (!e.codeQuality) {
        return {
            ...base,
            assessed: false,
            score: null,
            status: "NOT ASSESSED",
            source: "none",
            note: "not assessed by the infrastructure tool (no code quality evidence supplied)",
        };
    }
    const { score, source } = e.codeQuality;
    if (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 100) {
        throw new Error(
            `codeQuality.score must be a number from 0 to 100, got ${JSON.stringify(score)} (evidence source: ${source})`,
        );
    }
    return {
        ...base,
        assessed: true,
        score,
        status: score === 100 ? "PASS" : "FAIL",
        source: "evidence",
        note: `from evidence: ${source}`,
    };
}

/**
 * Scores an evaluation: the seven categories, the weighted average, band, assessment and
 * certification.
 */
export function scoreEvaluation(e: Evaluation): Scorecard {
    const byCategory = new Map<string, RuleResult[]>();
    for (const r of e.results) {
        // Results come from JSON too (state exports, live checks): guard what the type promises.
        if (!(RULE_CATEGORIES as readonly string[]).includes(r.category)) {
            throw new Error(
                `result of ${r.ruleId} on ${r.subject.urn} has category "${r.category}", which is not a rule category of the certificate`,
            );
        }
        if (!RESULT_STATES.includes(r.state))
            throw new Error(
                `result of ${r.ruleId} on ${r.subject.urn} has state "${r.state}", which is not one of ${RESULT_STATES.join(", ")}`,
            );
        const list = byCategory.get(r.category);
        if (list) list.push(r);
        else byCategory.set(r.category, [r]);
    }
    const categories = CERTIFICATE_CATEGORIES.map((c) =>
        c === "Code Quality" ? scoreCodeQuality(e) : scoreRuleCategory(c, byCategory.get(c) ?? []),
    );

    const assessed = categories.filter((c) => c.assessed);
    const weightSum = assessed.reduce((s, c) => s + c.weight, 0);
    // Rounded to 1e-9 so float noise cannot move an average across a band edge.
    const weightedAverage =
        assessed.length === 0
            ? null
            : Math.round(
                  (assessed.reduce((s, c) => s + c.weight * (c.score as number), 0) / weightSum) *
                      1e9,
              ) / 1e9;

    // Judged at the pack's levels (or stricter): a policy config decides what blocks a preview,
    // never what the verdict says (policy-deviations.ts).
    const rulesById = new Map(e.rules.map((r) => [r.id, r]));
    const deviations = policyDeviations(e);
    const assessmentReasons: string[] = [];
    if (allRulesDisabled(e))
        assessmentReasons.push(
            `every rule of the pack was disabled by the policy config: nothing was evaluated`,
        );
    for (const d of deviations) {
        if (d.change === "disabled" && d.defaultEnforcementLevel === "mandatory")
            assessmentReasons.push(
                `${d.ruleId} (mandatory in the pack) was disabled by the policy config: not evaluated`,
            );
    }
    for (const r of e.results) {
        const level = verdictLevel(r, rulesById);
        const lowered =
            level === "mandatory" && r.enforcementLevel !== "mandatory"
                ? ", lowered to advisory by the policy config"
                : "";
        if (isBlocking(r) || (r.state === "FAIL" && level === "mandatory"))
            assessmentReasons.push(
                `${r.ruleId} (mandatory${lowered}) FAIL on ${r.subject.name}: ${r.message}`,
            );
        else if (r.state === "UNKNOWN" && level === "mandatory")
            assessmentReasons.push(
                `${r.ruleId} (mandatory${lowered}) UNKNOWN on ${r.subject.name}: ${r.message}`,
            );
    }
    const assessment: Assessment = assessmentReasons.length === 0 ? "READY" : "NOT READY";

    const certificationReasons: string[] = [];
    if (assessment === "NOT READY")
        certificationReasons.push(
            `Overall Assessment is NOT READY (${assessmentReasons.length} reason${assessmentReasons.length === 1 ? "" : "s"}: blocking, mandatory-unknown or mandatory-disabled)`,
        );
    const disabled = deviations.filter((d) => d.change === "disabled");
    if (disabled.length > 0)
        certificationReasons.push(
            `${disabled.length} rule${disabled.length === 1 ? " was" : "s were"} disabled by the policy config and not evaluated: ${disabled.map((d) => d.ruleId).join(", ")}`,
        );
    for (const c of categories) {
        if (!c.assessed) certificationReasons.push(`${c.category} is not assessed: ${c.note}`);
        else if (c.status !== "PASS")
            certificationReasons.push(
                `${c.category} is at ${formatPercent(c.score as number)}, below the 100% threshold${c.source === "rules" ? ` (${c.counts.FAIL} FAIL, ${c.counts.UNKNOWN} UNKNOWN)` : ""}`,
            );
    }
    const certification: Certification =
        certificationReasons.length === 0 ? "CERTIFIED" : "NOT CERTIFIED";

    return {
        categories,
        weightedAverage,
        averagedOver: assessed.map((c) => c.category),
        notAssessed: categories.filter((c) => !c.assessed).map((c) => c.category),
        band: weightedAverage === null ? null : bandOf(weightedAverage),
        assessment,
        assessmentReasons,
        certification,
        certificationReasons,
    };
}
