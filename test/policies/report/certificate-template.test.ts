/**
 * The template text the certificate repeats is the template's
 * (docs/production-confidence-certificate.md).
 */
import * as assert from "assert";
import { CRITICAL_VALIDATIONS } from "../../../policies/lib/frameworks";
import * as template from "../../../policies/report/certificate-template";
import {
    certificateSeed,
    checkboxes,
    seedPart,
    seedSubsections,
} from "../../helpers/certificate-seed";

/** `- **Label:** text` as the certificate lists it: `Label: text`. */
function points(lines: string[]): string[] {
    return lines.flatMap((l) => {
        const m = /^- \*\*([^*]+):\*\* (.+)$/.exec(l);
        return m ? [`${m[1]}: ${m[2]}`] : [];
    });
}

describe("certificate template text", () => {
    it("words each Critical Validations section's verdicts and score line as the template does", () => {
        const sections = seedSubsections(seedPart("Critical Validations"));
        assert.deepStrictEqual(
            CRITICAL_VALIDATIONS.map(({ section }) => {
                const w = template.SECTION_WORDING[section];
                return [`${section}: \`${w.yes} / ${w.no}\``, `**${w.scoreLabel}:**`];
            }),
            sections.map((s) => [
                s.heading,
                /^(\*\*[^*]+:\*\*)/.exec(s.lines.find((l) => l.includes("Score:**")) ?? "")?.[1],
            ]),
        );
    });

    it("has the title box's lines", () => {
        const seed = certificateSeed().split("\n");
        const top = seed.findIndex((l) => l.includes("PRODUCTION CONFIDENCE CERTIFICATE"));
        const box = seed.slice(top, top + template.TITLE_BOX_LINES.length);
        assert.deepStrictEqual(
            box.map((l) => l.replace(/^║\s*|\s*║$/g, "")),
            template.TITLE_BOX_LINES,
        );
    });

    it("has the attestations, who signs them, and their points", () => {
        const attestations = [
            ...seedSubsections(seedPart("Detailed Attestations")),
            ...seedSubsections(seedPart("Compliance & Legal")),
        ].map((s) => ({
            heading: s.heading,
            intro: s.lines.find((l) => l.startsWith("I attest")),
            items: points(s.lines),
            title: /^\*\*Title:\*\* (.+)$/.exec(
                s.lines.find((l) => l.startsWith("**Title:**")) ?? "",
            )?.[1],
        }));
        assert.deepStrictEqual(
            [...template.DETAILED_ATTESTATIONS, template.LEGAL_ATTESTATION].map((a) => ({
                ...a,
                items: [...a.items],
            })),
            attestations,
        );
    });

    it("has the approvers under their approval headings", () => {
        assert.deepStrictEqual(
            template.APPROVALS.map((a) => ({ heading: a.heading, roles: [...a.roles] })),
            seedSubsections(seedPart("Authorized Signatures")).map((s) => ({
                heading: s.heading,
                roles: s.lines.flatMap((l) => /^\*\*(.+):\*\*$/.exec(l)?.slice(1) ?? []),
            })),
        );
    });

    it("has the post-deployment checklists", () => {
        assert.deepStrictEqual(
            [template.FIRST_24_HOURS, template.FIRST_7_DAYS],
            seedSubsections(seedPart("Post-Deployment Verification")).map((s) =>
                checkboxes(s.lines),
            ),
        );
    });
});
