import * as assert from "assert";
import { scanBlankOrPunctuation } from "../../../policies/lib/config-scan";

const PUNCT = ["{", "}", ";"] as const;

describe("scanBlankOrPunctuation (the step both config tokenizers share)", () => {
    it("skips one blank: space, tab, CR", () => {
        for (const text of [" x", "\tx", "\rx"])
            assert.deepStrictEqual(scanBlankOrPunctuation(text, 0, 1, PUNCT), { next: 1 });
    });
    it("skips a comment up to its newline, or to the end of the text", () => {
        assert.deepStrictEqual(scanBlankOrPunctuation("a # c ; {\nb", 2, 1, PUNCT), { next: 9 });
        assert.deepStrictEqual(scanBlankOrPunctuation("# last", 0, 1, PUNCT), { next: 6 });
    });
    it("reads punctuation as a token on its line", () => {
        assert.deepStrictEqual(scanBlankOrPunctuation("x;", 1, 4, PUNCT), {
            next: 2,
            token: { kind: ";", text: ";", line: 4 },
        });
    });
    it("leaves newlines, quotes, words and other punctuation to the caller", () => {
        for (const text of ["\n", '"', "'", "w", ","])
            assert.strictEqual(scanBlankOrPunctuation(text, 0, 1, PUNCT), undefined, text);
    });
});
