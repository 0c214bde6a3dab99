import * as assert from "assert";
import { scanBlankOrPunctuation, tokenizeConfig } from "../../../policies/lib/config-scan";

const PUNCT = ["{", "}", ";"] as const;

describe("scanBlankOrPunctuation (the step both config tokenizers share)", () => {
    it("skips one blank: space, tab, CR", () => {
        for (const text of [" x", "\tx", "\rx"])
            assert.deepStrictEqual(scanBlankOrPunctuation(text, 0, 3, PUNCT), {
                next: 1,
                line: 3,
            });
    });
    it("counts a newline, and makes it a token only when asked", () => {
        assert.deepStrictEqual(scanBlankOrPunctuation("\nx", 0, 3, PUNCT), {
            next: 1,
            line: 4,
            token: undefined,
        });
        assert.deepStrictEqual(scanBlankOrPunctuation("\nx", 0, 3, PUNCT, "nl"), {
            next: 1,
            line: 4,
            token: { kind: "nl", text: "\n", line: 3 },
        });
    });
    it("skips a comment up to its newline, or to the end of the text", () => {
        assert.deepStrictEqual(scanBlankOrPunctuation("a # c ; {\nb", 2, 1, PUNCT), {
            next: 9,
            line: 1,
        });
        assert.deepStrictEqual(scanBlankOrPunctuation("# last", 0, 1, PUNCT), {
            next: 6,
            line: 1,
        });
    });
    it("reads punctuation as a token on its line", () => {
        assert.deepStrictEqual(scanBlankOrPunctuation("x;", 1, 4, PUNCT), {
            next: 2,
            line: 4,
            token: { kind: ";", text: ";", line: 4 },
        });
    });
    it("leaves quotes, words and other punctuation to the caller", () => {
        for (const text of ['"', "'", "w", ","])
            assert.strictEqual(scanBlankOrPunctuation(text, 0, 1, PUNCT), undefined, text);
    });
    it("tokenizeConfig: the shared step where it applies, the grammar's reader elsewhere", () => {
        const words = tokenizeConfig("a {\n  b; # c\n}", PUNCT, "nl", (i, line) => ({
            next: i + 1,
            line,
            token: { kind: "word", text: "a b c"[i] ?? "?", line },
        }));
        assert.deepStrictEqual(
            words.map((t) => `${t.kind}@${t.line}`),
            ["word@1", "{@1", "nl@1", "word@2", ";@2", "nl@2", "}@3"],
        );
    });
});
