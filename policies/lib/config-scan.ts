/**
 * The scanning step the nftables and nginx tokenizers share: both count newlines, skip blanks and
 * `#` comments to the end of the line, and read single-character punctuation as tokens. Quoting and
 * words differ between the two grammars and stay in each tokenizer.
 */
export interface ScannedToken<K extends string> {
    kind: K;
    text: string;
    line: number;
}

export interface ScanStep<T> {
    /** Where to go on. */
    next: number;
    /** The line at `next`. */
    line: number;
    token?: T;
}

/**
 * At `i` (on `line`): a newline (a token of kind `newlineKind` when one is given: nftables ends
 * statements with newlines), a space, tab or CR, a comment up to its newline, or one of
 * `punctuation`. Undefined when `text[i]` is none of these (a quote or a word: the caller's grammar
 * decides).
 */
export function scanBlankOrPunctuation<K extends string, N extends string = never>(
    text: string,
    i: number,
    line: number,
    punctuation: readonly K[],
    newlineKind?: N,
): ScanStep<ScannedToken<K | N>> | undefined {
    const c = text[i];
    if (c === "\n") {
        const token = newlineKind === undefined ? undefined : { kind: newlineKind, text: c, line };
        return { next: i + 1, line: line + 1, token };
    }
    if (c === " " || c === "\t" || c === "\r") return { next: i + 1, line };
    if (c === "#") {
        const end = text.indexOf("\n", i);
        return { next: end < 0 ? text.length : end, line };
    }
    const kind = punctuation.find((p) => p === c);
    return kind === undefined
        ? undefined
        : { next: i + 1, line, token: { kind, text: kind, line } };
}

/**
 * The tokenizer loop: the shared step where it applies, else `readToken` (the grammar's quotes
 * and words), which must move on by at least one character.
 */
export function tokenizeConfig<K extends string, N extends string, T>(
    text: string,
    punctuation: readonly K[],
    newlineKind: N | undefined,
    readToken: (i: number, line: number) => ScanStep<T>,
): (ScannedToken<K | N> | T)[] {
    const out: (ScannedToken<K | N> | T)[] = [];
    let line = 1;
    let i = 0;
    while (i < text.length) {
        const step =
            scanBlankOrPunctuation(text, i, line, punctuation, newlineKind) ?? readToken(i, line);
        if (step.token !== undefined) out.push(step.token);
        // A reader that does not move on would loop for ever: a bug, said at once.
        if (step.next <= i) throw new Error(`tokenizer made no progress at line ${line}`);
        ({ next: i, line } = step);
    }
    return out;
}
