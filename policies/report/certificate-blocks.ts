/**
 * The certificate as blocks: the one model both certificate.md and certificate.html render, so
 * the two cannot say different things.
 */
import type { CategoryScore, Scorecard } from "./scoring";

/** One inline piece of a block: plain text (renderers escape it). */
export type Text = string;

/** A labelled value line (`**Label:** value`); `code` renders the value as a verdict token. */
export interface Field {
    /** Label before the colon. */
    label: Text;
    /** Value after it. */
    value: Text;
    /** True for verdict words (`READY`), shown as code in Markdown and as a badge in HTML. */
    code?: boolean;
}

/** One box of a checklist. */
export interface CheckItem {
    /** True only when proven. */
    checked: boolean;
    /** The certificate line, exactly. */
    text: Text;
    /** Why it is ticked (which rules) or why it is open. */
    note?: Text;
}

/** The building blocks both renderers understand. */
export type Block =
    | { kind: "heading"; level: 1 | 2 | 3; text: Text }
    | { kind: "paragraph"; text: Text }
    | { kind: "fields"; items: Field[] }
    | { kind: "list"; ordered?: boolean; items: Text[] }
    | { kind: "checklist"; items: CheckItem[] }
    | { kind: "table"; header: Text[]; rows: Text[][] }
    | { kind: "box"; lines: Text[]; style: "double" | "single"; centre: boolean }
    | { kind: "categoryScores"; categories: CategoryScore[] }
    | { kind: "scoreBox"; scorecard: Scorecard }
    | { kind: "rule" };

/** The filled-in certificate. */
export interface CertificateModel {
    /** Document title. */
    title: Text;
    /** Certificate ID derived from the evaluation (year and resources digest). */
    certificateId: Text;
    /** The blocks, in the template's order. */
    blocks: Block[];
}
