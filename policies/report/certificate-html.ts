/**
 * certificate.html: the certificate blocks (certificate-blocks.ts) as one self-contained page:
 * inline CSS only, no script, no external font, image or link target, so it renders the same
 * offline and cannot call home. Every piece of text is HTML-escaped: resource names and
 * messages are user data.
 */
import type { Evaluation } from "../lib/results";
import { visible } from "../lib/visible-text";
import type { Block, CheckItem } from "./certificate-blocks";
import { buildCertificate } from "./certificate-model";
import { BANDS, CategoryScore, formatPercent, scoreEvaluation, Scorecard } from "./scoring";

/** Escapes text for HTML element content and quoted attribute values. */
export function htmlText(s: string): string {
    return visible(s)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&#39;");
}

/** CSS class for a state or verdict word, so colours mean the same thing everywhere on the page. */
function tone(word: string): string {
    if (
        /^(PASS|READY|PRODUCTION READY|CERTIFIED|SECURE|OPTIMIZED|RESILIENT|COMPLETE|LOW)$/.test(
            word,
        )
    )
        return "good";
    if (/^(FAIL|NOT READY|NOT CERTIFIED|VULNERABLE|FRAGILE|CRITICAL|HIGH|Open)$/.test(word))
        return "bad";
    if (
        /^(UNKNOWN|NEEDS WORK|INCOMPLETE|MEDIUM)$/.test(word) ||
        /^\d+ of \d+ lines proven$/.test(word) ||
        word.startsWith("Accepted")
    )
        return "warn";
    if (/^(NOT ASSESSED|not assessed)$/.test(word)) return "muted";
    return "";
}

const CSS = `
:root { --good:#1a7f37; --bad:#cf222e; --warn:#9a6700; --muted:#6e7781; --ink:#1f2328; --line:#d0d7de; --paper:#ffffff; --tint:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f4; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1060px; margin: 24px auto; background: var(--paper); padding: 32px 44px; border: 1px solid var(--line); border-radius: 8px; }
h1 { font-size: 28px; margin: 0 0 12px; }
h2 { font-size: 21px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 17px; margin: 20px 0 8px; }
hr { border: 0; border-top: 1px solid var(--line); margin: 24px 0; }
div.box { border: 2px solid var(--ink); border-radius: 6px; padding: 16px 24px; margin: 12px 0; font-weight: 600; letter-spacing: .03em; }
div.box.double { border: 6px double var(--ink); }
div.box.centre { text-align: center; }
p.fields { margin: 8px 0; }
.badge { display: inline-block; padding: 1px 10px; border-radius: 12px; font-weight: 700; font-size: 13px; letter-spacing: .02em; background: var(--tint); border: 1px solid var(--line); }
.badge.good, td.good { color: #fff; background: var(--good); border-color: var(--good); }
.badge.bad, td.bad { color: #fff; background: var(--bad); border-color: var(--bad); }
.badge.warn, td.warn { color: #fff; background: var(--warn); border-color: var(--warn); }
.badge.muted, td.muted { color: #fff; background: var(--muted); border-color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--tint); }
td.num { text-align: right; white-space: nowrap; }
.scorecell { display: flex; align-items: center; gap: 10px; }
.scorecell b { min-width: 92px; text-align: right; font-weight: 600; }
.bar { position: relative; flex: 1; height: 18px; min-width: 220px; background: #eaeef2; border-radius: 9px; overflow: hidden; }
.bar > span { display: block; height: 100%; border-radius: 9px; }
.bar.good > span { background: var(--good); } .bar.bad > span { background: var(--bad); } .bar.muted > span { background: repeating-linear-gradient(45deg, #d0d7de, #d0d7de 6px, #eaeef2 6px, #eaeef2 12px); }
ul.checks { list-style: none; padding-left: 4px; }
ul.checks li { margin: 4px 0; }
.tick { display: inline-block; width: 20px; height: 20px; line-height: 18px; text-align: center; border: 2px solid var(--muted); border-radius: 4px; margin-right: 8px; font-weight: 700; }
.tick.on { border-color: var(--good); background: var(--good); color: #fff; }
.note { color: var(--muted); font-size: 13px; }
.note.open { color: var(--bad); }
.gauge { display: flex; gap: 32px; align-items: center; border: 1px solid var(--line); border-radius: 8px; padding: 18px 24px; margin: 12px 0; background: var(--tint); }
.gauge .big { font-size: 56px; font-weight: 800; line-height: 1; }
.gauge .caption { color: var(--muted); font-size: 13px; margin-top: 6px; max-width: 260px; }
.bands { flex: 1; }
.bands div { display: flex; align-items: center; gap: 10px; padding: 3px 8px; border-radius: 4px; }
.bands div.current { background: #fff; outline: 2px solid var(--ink); font-weight: 700; }
.bands i { display: inline-block; height: 12px; border-radius: 6px; }
`;

const BAND_COLOURS: Record<string, string> = {
    Excellent: "#1a7f37",
    Good: "#4ac26b",
    Fair: "#d4a72c",
    Poor: "#e16f24",
    Critical: "#cf222e",
};

function checklist(items: CheckItem[]): string {
    const li = items.map(
        (i) =>
            `<li><span class="tick${i.checked ? " on" : ""}">${i.checked ? "✓" : "&nbsp;"}</span>${htmlText(i.text)}${i.note ? ` <span class="note${i.checked ? "" : " open"}">— ${htmlText(i.note)}</span>` : ""}</li>`,
    );
    return `<ul class="checks">${li.join("")}</ul>`;
}

function categoryScores(categories: CategoryScore[]): string {
    const rows = categories.map((c) => {
        const pct = c.score === null ? 100 : Math.max(0, Math.min(100, c.score));
        const barTone = c.score === null ? "muted" : c.status === "PASS" ? "good" : "bad";
        const counts =
            c.source === "evidence"
                ? htmlText(c.note)
                : `${c.counts.PASS} / ${c.counts.FAIL} / ${c.counts.UNKNOWN} / ${c.counts.EXCEPTED} / ${c.counts.NOT_APPLICABLE}`;
        const label = htmlText(c.score === null ? "not assessed" : formatPercent(c.score));
        return (
            `<tr><td>${htmlText(c.category)}</td><td class="num">${c.weight}%</td><td><div class="scorecell"><div class="bar ${barTone}"><span style="width:${pct.toFixed(1)}%"></span></div><b>${label}</b></div></td>` +
            `<td class="num">100%</td><td class="${tone(c.status)}">${htmlText(c.status)}</td><td>${counts}</td></tr>`
        );
    });
    return `<table><thead><tr><th>Category</th><th>Weight</th><th>Score</th><th>Pass Threshold</th><th>Status</th><th>PASS / FAIL / UNKNOWN / EXCEPTED / N/A</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function scoreBox(s: Scorecard): string {
    const big = s.weightedAverage === null ? "—" : formatPercent(s.weightedAverage);
    const bands = BANDS.map((b, i) => {
        const width = 100 - i * 20;
        return `<div${s.band === b.band ? ' class="current"' : ""}><i style="width:${width}px;background:${BAND_COLOURS[b.band]}"></i>${htmlText(b.label)} ${htmlText(b.band.toUpperCase())}${s.band === b.band ? " ◀ this stack" : ""}</div>`;
    });
    const over =
        s.averagedOver.length === 0 ? "no category assessed" : `over ${s.averagedOver.join(", ")}`;
    return (
        `<div class="gauge"><div><div class="caption">PRODUCTION CONFIDENCE SCORE</div><div class="big" style="color:${s.band ? BAND_COLOURS[s.band] : "#6e7781"}">${htmlText(big)}</div>` +
        `<div class="caption">${htmlText(over)}</div></div><div class="bands">${bands.join("")}</div></div>`
    );
}

function block(b: Block): string {
    switch (b.kind) {
        case "heading": {
            const [title, verdict] = b.level === 3 ? splitVerdict(b.text) : [b.text, ""];
            return `<h${b.level}>${htmlText(title)}${verdict ? ` <span class="badge ${tone(verdict)}">${htmlText(verdict)}</span>` : ""}</h${b.level}>`;
        }
        case "paragraph":
            return `<p>${htmlText(b.text)}</p>`;
        case "fields":
            return `<p class="fields">${b.items.map((f) => `<strong>${htmlText(f.label)}:</strong> ${f.code ? `<span class="badge ${tone(f.value)}">${htmlText(f.value)}</span>` : htmlText(f.value)}`).join("<br>")}</p>`;
        case "list": {
            const tag = b.ordered ? "ol" : "ul";
            return `<${tag}>${b.items.map((i) => `<li>${htmlText(i)}</li>`).join("")}</${tag}>`;
        }
        case "checklist":
            return checklist(b.items);
        case "table":
            return `<table><thead><tr>${b.header.map((h) => `<th>${htmlText(h)}</th>`).join("")}</tr></thead><tbody>${b.rows
                .map(
                    (r) =>
                        `<tr>${r.map((c) => `<td${tone(c) ? ` class="${tone(c)}"` : ""}>${htmlText(c)}</td>`).join("")}</tr>`,
                )
                .join("")}</tbody></table>`;
        case "box":
            return `<div class="box${b.style === "double" ? " double" : ""}${b.centre ? " centre" : ""}">${b.lines.map((l) => (l === "" ? "<br>" : `<div>${htmlText(l)}</div>`)).join("")}</div>`;
        case "categoryScores":
            return categoryScores(b.categories);
        case "scoreBox":
            return scoreBox(b.scorecard);
        case "rule":
            return "<hr>";
    }
}

/**
 * Critical Validations headings end in their verdict word (`Security Posture: VULNERABLE`); shown
 * as a badge.
 */
function splitVerdict(text: string): [string, string] {
    const m =
        /^(.*): (SECURE|VULNERABLE|OPTIMIZED|NEEDS WORK|RESILIENT|FRAGILE|COMPLETE|INCOMPLETE|READY|NOT READY|\d+ of \d+ lines proven)$/.exec(
            text,
        );
    return m ? [m[1], m[2]] : [text, ""];
}

/** Renders certificate.html (`scorecard` defaults to `scoreEvaluation(e)`). */
export function renderCertificateHtml(
    e: Evaluation,
    scorecard: Scorecard = scoreEvaluation(e),
): string {
    const model = buildCertificate(e, scorecard);
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        // No network at all: nothing may load, not even an image or a font.
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${htmlText(model.title)}</title>`,
        `<style>${CSS}</style>`,
        "</head>",
        "<body><main>",
        ...model.blocks.map(block),
        "</main></body>",
        "</html>",
        "",
    ].join("\n");
}
