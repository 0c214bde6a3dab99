import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { scanBlankOrPunctuation, tokenizeConfig } from "../../../policies/lib/config-scan";

const PUNCT = ["{", "}", ";"] as const;

describe("scanBlankOrPunctuation (the step both config tokenizers share)", () => {
    const nl = { kind: "nl", text: "\n", line: 3 };
    const semicolon = { kind: ";", text: ";", line: 4 };
    // [what, text, at, line, newline token kind, the step expected]
    const STEPS: [string, string, number, number, "nl" | undefined, object | undefined][] = [
        ["skips a space", " x", 0, 3, undefined, { next: 1, line: 3 }],
        ["skips a tab", "\tx", 0, 3, undefined, { next: 1, line: 3 }],
        ["skips a CR", "\rx", 0, 3, undefined, { next: 1, line: 3 }],
        ["counts a newline", "\nx", 0, 3, undefined, { next: 1, line: 4, token: undefined }],
        ["makes a newline a token when asked", "\nx", 0, 3, "nl", { next: 1, line: 4, token: nl }],
        ["skips a comment to its newline", "a # c ; {\nb", 2, 1, undefined, { next: 9, line: 1 }],
        ["skips a comment to the end of the text", "# last", 0, 1, undefined, { next: 6, line: 1 }],
        ["reads punctuation", "x;", 1, 4, undefined, { next: 2, line: 4, token: semicolon }],
        ["leaves a double quote to the caller", '"', 0, 1, undefined, undefined],
        ["leaves a single quote to the caller", "'", 0, 1, undefined, undefined],
        ["leaves a word to the caller", "w", 0, 1, undefined, undefined],
        ["leaves other punctuation to the caller", ",", 0, 1, undefined, undefined],
    ];
    for (const [what, text, at, line, newlineKind, expected] of STEPS)
        it(what, () =>
            assert.deepStrictEqual(
                scanBlankOrPunctuation(text, at, line, PUNCT, newlineKind),
                expected,
            ),
        );
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

describe("the config parsers on whitespace their grammar does not skip (each once looped for ever)", () => {
    /** Parses `text` in a child process: a parser that loops fails the test, not hangs it. */
    function parseInChild(module: string, fn: string, text: string): string {
        const script = `try { JSON.stringify(require(${JSON.stringify(module)}).${fn}(${JSON.stringify(text)})); console.log("parsed"); } catch (e) { console.log(e.name + ": " + e.message); }`;
        const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 10000 });
        assert.strictEqual(r.signal, null, `${fn} did not return within 10 s`);
        return r.stdout.trim();
    }
    const lib = path.resolve(__dirname, "../../../policies/lib");
    it("nftables: a form feed is a parse error naming the line and the character", () => {
        assert.strictEqual(
            parseInChild(`${lib}/nftables-ruleset`, "parseNftables", "table inet x {\n\f}"),
            "NftParseError: line 2: unexpected character U+000C",
        );
    });
    it("nginx: a form feed is part of a word, as nginx reads it", () => {
        assert.strictEqual(
            parseInChild(`${lib}/nginx-config`, "parseNginxConfig", "server { listen 443\fssl; }"),
            "parsed",
        );
        assert.match(
            parseInChild(`${lib}/nginx-config`, "parseNginxConfig", "server {\f}"),
            /^NginxParseError: line 1: unexpected "}"/,
        );
    });
    it("tokenizeConfig: a reader that does not move on is an error, not a loop", () => {
        assert.throws(
            () => tokenizeConfig("x", PUNCT, "nl", (i, line) => ({ next: i, line })),
            /tokenizer made no progress at line 1/,
        );
    });
});
