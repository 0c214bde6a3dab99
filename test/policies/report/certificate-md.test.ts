import * as assert from "assert";
import type { Evaluation } from "../../../policies/lib/results";
import { BLANK } from "../../../policies/report/certificate-template";
import { renderCertificateMarkdown } from "../../../policies/report/certificate-md";
import {
    compliantEvaluation,
    PORT_3306_OPEN,
    VENDOR_IMAGE_EXCEPTED,
    withResult,
    withResults,
} from "../../helpers/fixture-evaluation";
import { compliantStack, container } from "../../helpers/fixture-stack";

function lines(md: string): string[] {
    return md.split("\n");
}

/** Asserts that each expected line is one of the certificate's lines. */
function hasLines(l: string[], expected: string[]): void {
    for (const line of expected) assert.ok(l.includes(line), `missing line: ${line}`);
}

function failing(): Evaluation {
    return withResults(
        compliantEvaluation(),
        PORT_3306_OPEN,
        {
            ruleId: "CHOM-RES-001",
            subject: "redis",
            change: {
                state: "UNKNOWN",
                message:
                    "unknown during preview: number value at .memory can't be known during preview",
            },
        },
        VENDOR_IMAGE_EXCEPTED,
    );
}

describe("report/certificate-md", () => {
    it("ticks no box when no rule names a certificate line (the template pre-ticks all of them)", () => {
        const e = compliantEvaluation();
        const md = renderCertificateMarkdown({
            ...e,
            rules: e.rules.map(({ certificateItem: _, ...r }) => r),
        });
        assert.strictEqual(md.match(/^- \[x\]/gm), null);
        assert.strictEqual(md.match(/^- \[ \]/gm)!.length, 34 + 11);
        hasLines(lines(md), [
            "- [ ] Firewall rules configured correctly — no infrastructure rule proves this; needs evidence",
        ]);
    });

    it("ticks exactly the lines whose rules all PASS, saying they are proven by declaration", () => {
        const md = renderCertificateMarkdown(compliantEvaluation());
        assert.deepStrictEqual(md.match(/^- \[x\].*$/gm), [
            "- [x] Security headers present and verified — proven by declaration (CHOM-TLS-002)",
            "- [x] Firewall rules configured correctly — proven by declaration (CHOM-FW-001)",
            "- [x] Automated database backups configured — proven by declaration (CHOM-BAK-001)",
        ]);
    });

    it("never ticks a line about an observed outcome on declared results alone", () => {
        const md = renderCertificateMarkdown(compliantEvaluation());
        hasLines(lines(md), [
            "- [ ] Metrics collecting (Prometheus) — declared (CHOM-OBS-001 pass), but this is an observed outcome: it needs the live checks (chom-certify --live)",
        ]);
        const observed = compliantEvaluation();
        const withObservation = {
            ...observed,
            results: [
                ...observed.results,
                {
                    ...observed.results.find((r) => r.ruleId === "CHOM-OBS-001")!,
                    subject: {
                        urn: "urn:chom-live:x",
                        type: "chom:live:Observation",
                        name: "prometheus (observed)",
                    },
                    evidence: "observed" as const,
                },
            ],
        };
        assert.ok(
            lines(renderCertificateMarkdown(withObservation)).includes(
                "- [x] Metrics collecting (Prometheus) — proven by declaration (CHOM-OBS-001) and by observation (CHOM-OBS-001)",
            ),
        );
    });

    it("never puts a verdict word above a score that contradicts it: a passing category with unproven lines says how many are proven", () => {
        const l = lines(renderCertificateMarkdown(failing()));
        // Reliability passes at 100% while only 1 of its 7 lines is proven: neither RESILIENT nor
        // FRAGILE.
        assert.ok(l.includes("### Reliability & Resilience: 1 of 7 lines proven"));
        assert.ok(
            !l.includes("### Reliability & Resilience: FRAGILE") &&
                !l.includes("### Reliability & Resilience: RESILIENT"),
        );
        // Security fails (50%): VULNERABLE agrees with its FAIL.
        assert.ok(l.includes("### Security Posture: VULNERABLE"));
        const clean = lines(renderCertificateMarkdown(compliantEvaluation()));
        assert.ok(clean.includes("### Security Posture: 2 of 8 lines proven"));
        assert.ok(clean.includes("**Security Score:** 100%  "));
    });

    it("leaves a line open with the reason when its rule FAILs, is UNKNOWN, EXCEPTED or disabled", () => {
        const e = compliantEvaluation();
        const open: [Evaluation, string][] = [
            [
                failing(),
                "- [ ] Firewall rules configured correctly — CHOM-FW-001 failed on landsraad_tst-firewall: port 3306 is open to 0.0.0.0/0",
            ],
            [
                withResult(e, "CHOM-OBS-001", "landsraad_tst-monitoring", {
                    state: "UNKNOWN",
                    message: "value unknown",
                }),
                "- [ ] Metrics collecting (Prometheus) — CHOM-OBS-001 is unknown on landsraad_tst-monitoring: value unknown",
            ],
            [
                withResult(e, "CHOM-BAK-001", "landsraad_tst-backup", {
                    state: "EXCEPTED",
                    message: "EXCEPTED until 2027-02-01 (migration)",
                    exception: { reason: "migration", expires: "2027-02-01", expired: false },
                }),
                "- [ ] Automated database backups configured — CHOM-BAK-001 is excepted on landsraad_tst-backup until 2027-02-01 (migration)",
            ],
            [
                {
                    ...e,
                    rules: e.rules.map((r) =>
                        r.id === "CHOM-TLS-002"
                            ? { ...r, enforcementLevel: "disabled" as const }
                            : r,
                    ),
                    results: e.results.filter((r) => r.ruleId !== "CHOM-TLS-002"),
                },
                "- [ ] Security headers present and verified — CHOM-TLS-002 is disabled",
            ],
        ];
        for (const [evaluation, line] of open)
            hasLines(lines(renderCertificateMarkdown(evaluation)), [line]);
    });

    it("accepts the `Section: line` form of certificateItem and lists items that match no line", () => {
        const e = compliantEvaluation();
        const md = renderCertificateMarkdown({
            ...e,
            rules: e.rules.map((r) =>
                r.id === "CHOM-FW-001"
                    ? {
                          ...r,
                          certificateItem: "Security Posture: Firewall rules configured correctly",
                      }
                    : r.id === "CHOM-OBS-001"
                      ? { ...r, certificateItem: "Metrics collected" }
                      : r,
            ),
        });
        hasLines(lines(md), [
            "- [x] Firewall rules configured correctly — proven by declaration (CHOM-FW-001)",
        ]);
        hasLines(lines(md), [
            "- [ ] Metrics collecting (Prometheus) — no infrastructure rule proves this; needs evidence",
        ]);
        assert.ok(lines(md).includes('- CHOM-OBS-001: "Metrics collected"'));
    });

    it("resolves every verdict to one word and fills the category table", () => {
        const md = renderCertificateMarkdown(failing());
        for (const both of [
            "READY / NOT READY",
            "CERTIFIED / NOT CERTIFIED",
            "PASS / FAIL |",
            "SECURE / VULNERABLE",
            "LOW / MEDIUM / HIGH / CRITICAL",
            "Mitigated/Accepted",
            "___%",
            "[x] OWASP",
        ]) {
            assert.ok(!md.includes(both), `still has "${both}"`);
        }
        const l = lines(md);
        hasLines(l, [
            "**Overall Assessment:** `NOT READY`  ",
            "**Certification Status:** `NOT CERTIFIED`",
            "| Code Quality | 15% | not assessed | 100% | NOT ASSESSED | 0 / 0 / 0 / 0 / 0 |",
            "| Security | 25% | 50% | 100% | FAIL | 1 / 1 / 0 / 0 / 0 |",
            "| Performance | 15% | 93.7% | 100% | FAIL | 15 / 0 / 1 / 0 / 0 |",
            "| Compliance | 5% | 100% | 100% | PASS | 15 / 0 / 0 / 1 / 0 |",
            "**Weighted Average:** 84.1% (over Security, Performance, Reliability, Observability, Operations, Compliance; weights renormalised; not assessed: Code Quality)",
            "│      [■■■■■■■□□□] 70-89%  GOOD      ◀ this stack               │",
            "### Security Posture: VULNERABLE",
            "### Reliability & Resilience: 1 of 7 lines proven",
            "**Security Score:** 50%  ",
            "**Status:** `FAIL`  ",
            "**Certification Decision:** `NOT CERTIFIED`  ",
            "- Security is at 50%, below the 100% threshold (1 FAIL, 0 UNKNOWN)",
            "**Status:** `NOT READY`",
        ]);
        assert.strictEqual(md.match(/◀ this stack/g)!.length, 1);
    });

    it("generates risk rows from FAIL, UNKNOWN and EXCEPTED results, worst first", () => {
        const l = lines(renderCertificateMarkdown(failing()));
        // The risk rows exactly, in order (worst first): hasLines alone would not see the order.
        assert.deepStrictEqual(
            l.filter((line) => line.startsWith("| R-")),
            [
                "| R-001 | CHOM-FW-001 (Inbound traffic is denied by default): FAIL on landsraad_tst-firewall: port 3306 is open to 0.0.0.0/0 | High | Med | High | Fix chom-fw-default-deny-inbound in the stack file. | Open |",
                "| R-002 | CHOM-RES-001 (Every container has a CPU and a memory limit): UNKNOWN on redis: unknown during preview: number value at .memory can't be known during preview | High | Med | High | Fix chom-res-container-limits in the stack file. | Open |",
                "| R-003 | CHOM-CMP-001 (Every image is pinned by digest): EXCEPTED on app-image: EXCEPTED until 2027-01-01 (vendor image): not pinned | Med | Med | Med | Fix chom-cmp-images-pinned in the stack file. | Accepted until 2027-01-01 |",
            ],
        );
        hasLines(l, ["**Overall Risk Rating:** `HIGH`"]);
        const clean = renderCertificateMarkdown(compliantEvaluation());
        assert.ok(
            clean.includes(
                "No rule result is FAIL, UNKNOWN or EXCEPTED: the infrastructure tool identified no risk.",
            ),
        );
        hasLines(lines(clean), ["**Overall Risk Rating:** `LOW`"]);
    });

    it("keeps every signature, name and date line blank", () => {
        const md = renderCertificateMarkdown(compliantEvaluation());
        assert.strictEqual(
            md.match(new RegExp(`^\\*\\*Signature:\\*\\* ${BLANK}$`, "gm"))!.length,
            7,
        );
        assert.strictEqual(md.match(new RegExp(`^- Signature: ${BLANK}$`, "gm"))!.length, 6);
        assert.strictEqual(md.match(new RegExp(`^- Name: ${BLANK}$`, "gm"))!.length, 6);
        assert.ok(lines(md).includes(`**Issue Date:** ${BLANK}  `));
        assert.ok(md.includes(`║  Issue Date: ${BLANK}`));
    });

    it("fills Appendix C and D from the stack and says A and B are not assessed", () => {
        const l = lines(renderCertificateMarkdown(compliantEvaluation()));
        hasLines(l, [
            "- CPU Cores: 4",
            "- RAM: 8 GB (7.6 GiB usable)",
            "- Disk: 75 GB",
            "- Network: 0.4 Gbps",
            "- App Container: 1.5 CPU, 1.5 GB RAM (chom-app; reserved 1 CPU, 1024 MB)",
            "- Database: 1 CPU, 1.5 GB RAM (chom-mysql; reserved 0.5 CPU, 1024 MB)",
            "- Cache: 0.5 CPU, 0.375 GB RAM (chom-redis; reserved 0.25 CPU, 256 MB)",
            "| redis | chom-redis | cache | 0.5 | 0.25 | 384 | 256 |",
            "**Prometheus:** http://10.10.100.20:9090  ",
            "**Grafana:** http://10.10.100.20:3000  ",
            "**Loki:** http://10.10.100.20:3100  ",
            "**Application:** https://chom.example.com",
            "Not assessed by the infrastructure tool (no code quality evidence supplied): unit, feature and performance test results come from the application's own pipeline.",
            "Not assessed by the infrastructure tool: Composer audit, static analysis and the SSL Labs grade come from scans of the running application.",
        ]);
    });

    it("says what is unset instead of printing 0", () => {
        const stack = compliantStack().map((r) =>
            r.name === "mysql" ? container("mysql", { memory: undefined, cpus: undefined }) : r,
        );
        const l = lines(renderCertificateMarkdown(compliantEvaluation(stack)));
        hasLines(l, [
            "- Database: no CPU limit, no memory limit (chom-mysql; reserved 0.5 CPU, 1024 MB)",
            "| mysql | chom-mysql | database | not set | 0.5 | not set | 1024 |",
        ]);
    });

    it("is CERTIFIED only with Code Quality evidence at 100% and everything else at 100%", () => {
        const md = renderCertificateMarkdown({
            ...compliantEvaluation(),
            codeQuality: { score: 100, source: "ci: phpunit + phpstan" },
        });
        const l = lines(md);
        hasLines(l, [
            "**Certification Status:** `CERTIFIED`",
            "║                    CERTIFIED FOR PRODUCTION DEPLOYMENT                    ║",
            "Code Quality evidence supplied: 100% from ci: phpunit + phpstan. Unit, feature and performance test counts are not assessed by the infrastructure tool.",
            "**Reason (if not certified):** none",
        ]);
    });

    it("escapes stack data so it cannot become Markdown or HTML", () => {
        const e = withResult(compliantEvaluation(), "CHOM-FW-001", "landsraad_tst-firewall", {
            state: "FAIL",
            message: "<script>alert(1)</script> | [link](http://x) *bold*",
        });
        const md = renderCertificateMarkdown(e);
        assert.ok(!md.includes("<script>"));
        assert.ok(
            md.includes("&lt;script>alert(1)&lt;/script> \\| \\[link\\](http://x) \\*bold\\*"),
        );
    });
});
