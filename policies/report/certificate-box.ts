/** Box drawing for the certificate's framed text: the template's boxes and the score box. */
import { BANDS, formatPercent, Scorecard } from "./scoring";

/** Inner width of the certificate's boxes (the template's 75 columns). */
export const BOX_WIDTH = 75;

/** Frames lines in a box of the given inner width (lines are padded, centred when `centre`). */
export function frame(
    lines: string[],
    width: number,
    style: "double" | "single",
    centre: boolean,
): string[] {
    const [tl, h, tr, v, bl, br] =
        style === "double" ? ["╔", "═", "╗", "║", "╚", "╝"] : ["┌", "─", "┐", "│", "└", "┘"];
    const body = lines.map((l) => {
        const text = l.length > width - 2 ? `${l.slice(0, width - 3)}…` : l;
        const left = centre ? Math.floor((width - text.length) / 2) : 2;
        return `${v}${" ".repeat(left)}${text}${" ".repeat(Math.max(0, width - left - text.length))}${v}`;
    });
    return [
        `${tl}${h.repeat(width)}${tr}`,
        `${v}${" ".repeat(width)}${v}`,
        ...body,
        `${v}${" ".repeat(width)}${v}`,
        `${bl}${h.repeat(width)}${br}`,
    ];
}

/**
 * The score box lines (also used by the Markdown renderer): the score and the bands, the current
 * one marked.
 */
export function scoreBoxLines(s: Scorecard): string[] {
    const bars = ["■■■■■■■■■□", "■■■■■■■□□□", "■■■■■□□□□□", "■■■□□□□□□□", "■□□□□□□□□□"];
    const lines = [
        "PRODUCTION CONFIDENCE SCORE",
        "",
        s.weightedAverage === null ? "not assessed" : formatPercent(s.weightedAverage),
        "",
    ];
    BANDS.forEach((b, i) => {
        const mark = s.band === b.band ? "◀ this stack" : "";
        lines.push(
            `    [${bars[i]}] ${b.label.padEnd(7)} ${b.band.toUpperCase().padEnd(9)} ${mark}`.trimEnd(),
        );
    });
    return frame(lines, 64, "single", false);
}
