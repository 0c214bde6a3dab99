/**
 * certificate.md: the certificate blocks (certificate-blocks.ts) as Markdown in the template's
 * layout. Text from the stack (resource names, messages) is escaped so it cannot become
 * markup, links or raw HTML in a Markdown viewer.
 */
import type { Evaluation } from "../lib/results";
import { visible } from "../lib/visible-text";
import type { Block, CheckItem } from "./certificate-blocks";
import { BOX_WIDTH, frame, scoreBoxLines } from "./certificate-box";
import { buildCertificate } from "./certificate-model";
import { formatPercent, scoreEvaluation, Scorecard } from "./scoring";

/** Escapes text so Markdown shows it literally (blanks `___` are left as the template has them). */
export function mdText(s: string): string {
    return visible(s.replace(/[\r\n]+/g, " "))
        .replace(/([\\`*[\]])/g, "\\$1")
        .replace(/<(?=[A-Za-z/!?])/g, "&lt;")
        .replace(/^([#>+-])/, "\\$1");
}

function mdCell(s: string): string {
    return mdText(s).replace(/\|/g, "\\|");
}

function checkLine(i: CheckItem): string {
    return `- [${i.checked ? "x" : " "}] ${mdText(i.text)}${i.note ? ` — ${mdText(i.note)}` : ""}`;
}

function table(header: string[], rows: string[][]): string {
    return [
        `| ${header.map(mdCell).join(" | ")} |`,
        `|${header.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
    ].join("\n");
}

function block(b: Block): string {
    switch (b.kind) {
        case "heading":
            return `${"#".repeat(b.level)} ${mdText(b.text)}`;
        case "paragraph":
            return mdText(b.text);
        case "fields":
            // Two trailing spaces: a hard line break, so each field stays on its own line.
            return b.items
                .map(
                    (f) =>
                        `**${mdText(f.label)}:** ${f.code ? `\`${visible(f.value).replace(/`/g, "'")}\`` : mdText(f.value)}`,
                )
                .join("  \n");
        case "list":
            return b.items
                .map((item, i) => `${b.ordered ? `${i + 1}.` : "-"} ${mdText(item)}`)
                .join("\n");
        case "checklist":
            return b.items.map(checkLine).join("\n");
        case "table":
            return table(b.header, b.rows);
        case "box":
            return [
                "```",
                ...frame(b.lines.map(visible), BOX_WIDTH, b.style, b.centre).map((l) =>
                    l.replace(/`/g, "'"),
                ),
                "```",
            ].join("\n");
        case "categoryScores":
            return table(
                [
                    "Category",
                    "Weight",
                    "Score",
                    "Pass Threshold",
                    "Status",
                    "PASS / FAIL / UNKNOWN / EXCEPTED / N/A",
                ],
                b.categories.map((c) => [
                    c.category,
                    `${c.weight}%`,
                    c.score === null ? "not assessed" : formatPercent(c.score),
                    "100%",
                    c.status,
                    c.source === "evidence"
                        ? c.note
                        : `${c.counts.PASS} / ${c.counts.FAIL} / ${c.counts.UNKNOWN} / ${c.counts.EXCEPTED} / ${c.counts.NOT_APPLICABLE}`,
                ]),
            );
        case "scoreBox":
            return ["```", ...scoreBoxLines(b.scorecard), "```"].join("\n");
        case "rule":
            return "---";
    }
}

/** Renders certificate.md (`scorecard` defaults to `scoreEvaluation(e)`). */
export function renderCertificateMarkdown(
    e: Evaluation,
    scorecard: Scorecard = scoreEvaluation(e),
): string {
    const model = buildCertificate(e, scorecard);
    return `${model.blocks.map(block).join("\n\n")}\n`;
}
