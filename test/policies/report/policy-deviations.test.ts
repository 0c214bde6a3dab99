/**
 * A policy config decides what blocks (the exit code), never what the verdict says: a rule
 * disabled or lowered is listed, judged at the pack's level, and a disabled rule is never
 * CERTIFIED.
 */
import * as assert from "assert";
import type { EffectiveEnforcement, Evaluation } from "../../../policies/lib/results";
import { isBlocking } from "../../../policies/lib/results";
import { buildAttestation } from "../../../policies/report/attestation";
import { renderCertificateMarkdown } from "../../../policies/report/certificate-md";
import { appliedExceptions, policyDeviations } from "../../../policies/report/policy-deviations";
import { scoreEvaluation } from "../../../policies/report/scoring";
import { renderSummary } from "../../../policies/certify/summary";
import {
    compliantEvaluation,
    PORT_3306_OPEN,
    withResult,
    withResults,
} from "../../helpers/fixture-evaluation";

/**
 * `e` with the fixture rules' pack levels recorded and `ruleId` run at `level` (its results dropped
 * when disabled).
 */
function configured(e: Evaluation, changes: Record<string, EffectiveEnforcement>): Evaluation {
    const rules = e.rules.map((r) => ({
        ...r,
        defaultEnforcementLevel: r.enforcementLevel,
        enforcementLevel: changes[r.id] ?? r.enforcementLevel,
    }));
    const results = e.results
        .filter((r) => changes[r.ruleId] !== "disabled")
        .map((r) => (changes[r.ruleId] ? { ...r, enforcementLevel: changes[r.ruleId] } : r));
    return { ...e, rules, results };
}

describe("report/policy-deviations: the verdict is judged at the pack's levels", () => {
    it('{"all": "disabled"}: nothing evaluated, NOT READY and NOT CERTIFIED, every rule listed, and nothing blocks', () => {
        const e = compliantEvaluation();
        const all = configured(
            e,
            Object.fromEntries(e.rules.map((r) => [r.id, "disabled" as const])),
        );
        assert.strictEqual(all.results.length, 0);
        const card = scoreEvaluation(all);
        assert.strictEqual(card.assessment, "NOT READY");
        assert.strictEqual(card.certification, "NOT CERTIFIED");
        assert.strictEqual(
            card.assessmentReasons[0],
            "every rule of the pack was disabled by the policy config: nothing was evaluated",
        );
        assert.ok(
            card.assessmentReasons.includes(
                "CHOM-FW-001 (mandatory in the pack) was disabled by the policy config: not evaluated",
            ),
        );
        assert.ok(
            card.certificationReasons.some((r) =>
                r.startsWith(
                    "7 rules were disabled by the policy config and not evaluated: CHOM-FW-001, CHOM-TLS-002",
                ),
            ),
            card.certificationReasons.join("\n"),
        );
        const p = buildAttestation(all).predicate;
        assert.strictEqual(p.policy.allRulesDisabled, true);
        assert.deepStrictEqual(
            p.policy.deviations.map((d) => [d.ruleId, d.change]),
            e.rules.map((r) => [r.id, "disabled"]),
        );
        assert.strictEqual(p.status, "NOT READY");
        assert.strictEqual(p.certification.status, "NOT CERTIFIED");
        // The exit code follows the config, as a preview does: nothing failed, so nothing blocks.
        assert.ok(!all.results.some(isBlocking));
    });

    it("a mandatory rule lowered to advisory that fails: not blocking, but NOT READY, and the reason says it was lowered", () => {
        const failing = withResults(compliantEvaluation(), PORT_3306_OPEN);
        const lowered = configured(failing, { "CHOM-FW-001": "advisory" });
        assert.ok(!lowered.results.some(isBlocking));
        const card = scoreEvaluation(lowered);
        assert.strictEqual(card.assessment, "NOT READY");
        assert.deepStrictEqual(card.assessmentReasons, [
            "CHOM-FW-001 (mandatory, lowered to advisory by the policy config) FAIL on landsraad_tst-firewall: port 3306 is open to 0.0.0.0/0",
        ]);
        assert.deepStrictEqual(policyDeviations(lowered), [
            {
                ruleId: "CHOM-FW-001",
                policyName: "chom-fw-default-deny-inbound",
                defaultEnforcementLevel: "mandatory",
                enforcementLevel: "advisory",
                change: "lowered-to-advisory",
            },
        ]);
    });

    it("a mandatory rule disabled: Security at 100% no longer passes for READY; the rule is listed in the summary and the certificate", () => {
        const disabled = configured(compliantEvaluation(), { "CHOM-FW-001": "disabled" });
        const card = scoreEvaluation(disabled);
        assert.strictEqual(card.categories.find((c) => c.category === "Security")?.score, 100);
        assert.strictEqual(card.assessment, "NOT READY");
        assert.strictEqual(card.certification, "NOT CERTIFIED");
        const line =
            "CHOM-FW-001 (chom-fw-default-deny-inbound): mandatory in the pack, disabled (not evaluated) by the policy config";
        assert.ok(renderSummary(disabled, "/out").includes(line));
        assert.ok(renderCertificateMarkdown(disabled).includes(line));
    });

    it("an advisory rule disabled: still READY (nothing mandatory left out) but NOT CERTIFIED", () => {
        const card = scoreEvaluation(
            configured(compliantEvaluation(), { "CHOM-OPS-001": "disabled" }),
        );
        assert.strictEqual(card.assessment, "READY");
        assert.strictEqual(card.certification, "NOT CERTIFIED");
        assert.ok(
            card.certificationReasons.includes(
                "1 rule was disabled by the policy config and not evaluated: CHOM-OPS-001",
            ),
        );
    });

    it("an advisory rule raised to mandatory is listed as such and blocks when it fails", () => {
        const raised = configured(
            withResult(compliantEvaluation(), "CHOM-OPS-001", "app", {
                state: "FAIL",
                message: "restart is no",
            }),
            { "CHOM-OPS-001": "mandatory" },
        );
        assert.deepStrictEqual(
            policyDeviations(raised).map((d) => d.change),
            ["raised-to-mandatory"],
        );
        assert.ok(raised.results.some(isBlocking));
        assert.strictEqual(scoreEvaluation(raised).assessment, "NOT READY");
    });

    it("no deviation and no exception: the predicate says so, with the policy config absent when the run could not see it", () => {
        const p = buildAttestation(compliantEvaluation()).predicate;
        assert.deepStrictEqual(p.policy, {
            effectiveConfig: null,
            deviations: [],
            allRulesDisabled: false,
            exceptions: [],
        });
        assert.strictEqual(p.materials, null);
        assert.deepStrictEqual(p.outputs, []);
    });

    it("every exception that applied is in the predicate", () => {
        const exception = {
            reason: "8 GB nominal accepted by ops",
            expires: "2027-03-01",
            expired: false,
        };
        const e = withResult(compliantEvaluation(), "CHOM-RES-001", "app", {
            state: "EXCEPTED",
            message: "EXCEPTED until 2027-03-01 (8 GB nominal accepted by ops): ...",
            exception,
        });
        const expected = [
            {
                ruleId: "CHOM-RES-001",
                subject: "urn:pulumi:landsraad_tst::chom::docker:index/container:Container::app",
                ...exception,
            },
        ];
        assert.deepStrictEqual(appliedExceptions(e), expected);
        assert.deepStrictEqual(buildAttestation(e).predicate.policy.exceptions, expected);
    });
});
