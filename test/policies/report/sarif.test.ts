import * as assert from "assert";
import { createHash } from "crypto";
import { ruleUrl } from "../../../policies/lib/pack-info";
import { buildSarif, renderSarif } from "../../../policies/report/sarif";
import {
    compliantEvaluation,
    PORT_3306_OPEN,
    REDIS_MEMORY_UNKNOWN,
    VENDOR_IMAGE_EXCEPTED,
    withResults,
} from "../../helpers/fixture-evaluation";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AjvDraft04 = require("ajv-draft-04") as new (opts: object) => {
    compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json") as object;
// The schema has a pattern (`...[a-zA-Z]{2}]?$`) that is invalid under the `u` flag ajv uses by
// default.
const validate = new AjvDraft04({ strict: false, unicodeRegExp: false, logger: false }).compile(
    SCHEMA,
);

function failing() {
    return withResults(
        compliantEvaluation(),
        PORT_3306_OPEN,
        {
            ruleId: "CHOM-OPS-001",
            subject: "queue",
            change: { state: "FAIL", message: "restart is no" },
        },
        REDIS_MEMORY_UNKNOWN,
        VENDOR_IMAGE_EXCEPTED,
    );
}

describe("report/sarif", () => {
    it("validates against the SARIF 2.1.0 schema (and the validator does reject a bad log)", () => {
        const log = JSON.parse(renderSarif(failing())) as Record<string, unknown>;
        assert.strictEqual(validate(log), true, JSON.stringify(validate.errors));
        const broken = JSON.parse(renderSarif(failing())) as {
            runs: { results: { level: string }[] }[];
        };
        broken.runs[0].results[0].level = "fatal";
        assert.strictEqual(validate(broken), false);
    });

    it("describes every rule with its policy name, remediation, category and security-severity", () => {
        const { runs } = buildSarif(failing());
        assert.strictEqual(runs.length, 1);
        const driver = runs[0].tool.driver;
        assert.deepStrictEqual(
            [driver.name, driver.version],
            ["chom-production-readiness", "1.0.0"],
        );
        assert.deepStrictEqual(
            driver.rules.map((r) => r.id),
            [
                "CHOM-FW-001",
                "CHOM-TLS-002",
                "CHOM-RES-001",
                "CHOM-BAK-001",
                "CHOM-OBS-001",
                "CHOM-OPS-001",
                "CHOM-CMP-001",
            ],
        );
        const fw = driver.rules[0];
        assert.strictEqual(fw.name, "chom-fw-default-deny-inbound");
        // helpUri is the rule's section of the published docs, and absent while they have no home.
        for (const r of driver.rules) assert.strictEqual(r.helpUri, ruleUrl(r.id), r.id);
        assert.strictEqual(fw.shortDescription.text, "Inbound traffic is denied by default");
        assert.strictEqual(
            fw.help.text,
            "Fix chom-fw-default-deny-inbound in the stack file.\n\nFramework: CHOM Production Confidence Certificate 1.0 Firewall rules configured correctly",
        );
        assert.ok(
            fw.help.markdown.startsWith(
                "**Remediation:** Fix chom-fw-default-deny-inbound in the stack file.",
            ),
        );
        assert.strictEqual("helpUri" in fw, false);
        assert.deepStrictEqual(fw.defaultConfiguration, { level: "error", enabled: true });
        assert.deepStrictEqual(
            driver.rules.map((r) => r.properties["security-severity"]),
            ["8.0", "5.5", "8.0", "9.5", "5.5", "3.0", "5.5"],
        );
        assert.strictEqual(driver.rules[5].defaultConfiguration.level, "warning");
        assert.strictEqual(fw.properties.category, "Security");
    });

    it("reports FAIL as error (mandatory) or warning (advisory), UNKNOWN for review, EXCEPTED as a suppressed pass; PASS and N/A once per rule that has nothing else", () => {
        const results = buildSarif(failing()).runs[0].results;
        assert.deepStrictEqual(
            results.map((r) => [r.ruleId, r.kind, r.level, r.message.text]),
            [
                ["CHOM-FW-001", "fail", "error", "port 3306 is open to 0.0.0.0/0"],
                ["CHOM-RES-001", "review", "none", "not evaluable: memory unknown during preview"],
                ["CHOM-OPS-001", "fail", "warning", "restart is no"],
                [
                    "CHOM-CMP-001",
                    "pass",
                    "none",
                    "EXCEPTED until 2027-01-01 (vendor image): not pinned",
                ],
                ["CHOM-TLS-002", "pass", "none", "1 subject(s) passed"],
                ["CHOM-BAK-001", "pass", "none", "1 subject(s) passed"],
                ["CHOM-OBS-001", "pass", "none", "1 subject(s) passed"],
            ],
        );
        assert.strictEqual(
            results[4].locations,
            undefined,
            "a rule-level summary names no resource",
        );
        assert.deepStrictEqual(results[3].suppressions, [
            {
                kind: "external",
                status: "accepted",
                justification: "vendor image (until 2027-01-01)",
            },
        ]);
        assert.strictEqual(results[0].suppressions, undefined);
        assert.strictEqual(results[1].ruleIndex, 2);
    });

    it("locates each result by URN and fingerprints it with sha256(ruleId + urn)", () => {
        const fw = buildSarif(failing()).runs[0].results[0];
        const urn = "urn:pulumi:landsraad_tst::chom::chom:host:Firewall::landsraad_tst-firewall";
        assert.deepStrictEqual(fw.locations, [
            {
                logicalLocations: [
                    { name: "landsraad_tst-firewall", fullyQualifiedName: urn, kind: "resource" },
                ],
            },
        ]);
        assert.deepStrictEqual(fw.partialFingerprints, {
            "chomRuleUrn/v1": createHash("sha256").update(`CHOM-FW-001${urn}`).digest("hex"),
        });
    });

    it("has no finding for a compliant stack, and one summary result per rule (no rule is missing)", () => {
        const results = buildSarif(compliantEvaluation()).runs[0].results;
        assert.deepStrictEqual(
            results.filter((r) => r.kind !== "pass"),
            [],
        );
        assert.deepStrictEqual(
            results.map((r) => r.ruleId).sort(),
            compliantEvaluation()
                .rules.map((r) => r.id)
                .sort(),
        );
    });
    it("gives a rule that applies to nothing a notApplicable result carrying the rule's own reason", () => {
        const e = compliantEvaluation();
        e.results = e.results.map((r) =>
            r.ruleId === "CHOM-TLS-002"
                ? {
                      ...r,
                      state: "NOT_APPLICABLE" as const,
                      message:
                          "CHOM-TLS-002 judges chom:edge:Tls; the stack has none, and needs none",
                  }
                : r,
        );
        const tls = buildSarif(e).runs[0].results.find((r) => r.ruleId === "CHOM-TLS-002")!;
        assert.deepStrictEqual(
            [tls.kind, tls.level, tls.message.text],
            [
                "notApplicable",
                "none",
                "not applicable: CHOM-TLS-002 judges chom:edge:Tls; the stack has none, and needs none",
            ],
        );
    });
});
