/**
 * Text from a stack (resource names, messages, values) shown so that it cannot act: control
 * characters (NUL, ESC and the terminal sequences it starts, CR, line breaks) and the bidi
 * overrides of "Trojan Source" become visible escapes. A name must not move a terminal's
 * cursor, fake a summary line, or read differently from what it is.
 */
const ACTING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

/** `s` with every acting character replaced by a visible escape (`\n`, `\e`, `\u0000`). */
export function visible(s: string): string {
    return s.replace(
        ACTING,
        (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}
