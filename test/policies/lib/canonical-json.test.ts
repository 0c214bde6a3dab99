import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { canonicalJson } from "../../../policies/lib/canonical-json";

// The engine's sentinel for a number not known during preview (@pulumi/policy proxy.js).
const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";

describe("canonical JSON (RFC 8785)", () => {
    it("writes RFC 8785's example of numbers, strings and literals (section 3.2.4)", () => {
        const input = JSON.parse(
            String.raw`{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}`,
        ) as unknown;
        assert.strictEqual(
            canonicalJson(input),
            String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
        );
    });

    it("sorts keys by UTF-16 code units, as RFC 8785's sorting example (section 3.2.3)", () => {
        const input = {
            "\u20ac": 1,
            "\r": 2,
            "\ufb33": 3,
            "1": 4,
            "\ud83d\ude00": 5,
            "\u0080": 6,
            "\u00f6": 7,
        };
        assert.strictEqual(
            canonicalJson(input),
            '{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}',
        );
    });

    it("writes numbers as ECMAScript does: -0 as 0, exponents from 1e21 and below 1e-6", () => {
        assert.strictEqual(
            canonicalJson([-0, 1e21, 1e20, 1e-7, 0.000001, 5e-324, 0.1 + 0.2]),
            "[0,1e+21,100000000000000000000,1e-7,0.000001,5e-324,0.30000000000000004]",
        );
    });

    // Where the `canonicalize` package would write or throw otherwise (see the top of
    // canonical-json.ts).
    it("unwraps a preview proxy at any depth, unknowns as the engine's sentinels", () => {
        const props = unknownCheckingProxy({ name: "app", memory: UNKNOWN_NUMBER }) as Record<
            string,
            unknown
        >;
        assert.strictEqual(
            canonicalJson([{ props }]),
            `[{"props":{"memory":"${UNKNOWN_NUMBER}","name":"app"}}]`,
        );
    });

    it("writes NaN and Infinity as null and escapes a lone surrogate, as JSON.stringify does", () => {
        assert.strictEqual(
            canonicalJson({ n: NaN, i: [Infinity, -Infinity] }),
            '{"i":[null,null],"n":null}',
        );
        assert.strictEqual(canonicalJson("\ud800"), '"\\ud800"');
    });
});
