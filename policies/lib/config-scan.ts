/**
 * The scanning step the nftables and nginx tokenizers share: both skip blanks and `#` comments to
 * the end of the line, and read single-character punctuation as tokens. Everything else (quoting,
 * newlines, words) differs between the two grammars and stays in each tokenizer.
 */
export interface PunctuationToken<K extends string> {
    kind: K;
    text: K;
    line: number;
}

/**
 * At `i`: skips spaces, tabs and CRs, or a comment up to (not including) its newline, or reads
 * one of `punctuation`. Returns where to go on and the token read, or undefined when `text[i]` is
 * none of these (a newline, a quote or a word: the caller's grammar decides).
 */
export function scanBlankOrPunctuation<K extends string>(
    text: string,
    i: number,
    line: number,
    punctuation: readonly K[],
): { next: number; token?: PunctuationToken<K> } | undefined {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\r") return { next: i + 1 };
    if (c === "#") {
        const end = text.indexOf("\n", i);
        return { next: end < 0 ? text.length : end };
    }
    const kind = punctuation.find((p) => p === c);
    return kind === undefined ? undefined : { next: i + 1, token: { kind, text: kind, line } };
}
