import * as assert from "assert";
import * as fc from "fast-check";
import { CronSchedule, maxGapMinutes, parseCron } from "../../../policies/lib/cron";

function parsed(expr: string): CronSchedule {
    const p = parseCron(expr);
    if (!p.ok) throw new Error(`expected "${expr}" to parse, got: ${p.error}`);
    return p.schedule;
}

function errorOf(expr: string): string {
    const p = parseCron(expr);
    if (p.ok) throw new Error(`expected "${expr}" to be rejected`);
    return p.error;
}

const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("cron parser", () => {
    describe("parseCron", () => {
        it("parses a plain daily schedule into exact field values", () => {
            assert.deepStrictEqual(parsed("0 2 * * *"), {
                minutes: [0],
                hours: [2],
                daysOfMonth: range(1, 31),
                months: range(1, 12),
                daysOfWeek: range(0, 6),
                domRestricted: false,
                dowRestricted: false,
            });
        });
        it("expands steps, ranges with steps, value/step and lists", () => {
            assert.deepStrictEqual(parsed("*/15 * * * *").minutes, [0, 15, 30, 45]);
            assert.deepStrictEqual(parsed("5-20/5 * * * *").minutes, [5, 10, 15, 20]);
            assert.deepStrictEqual(parsed("10/20 * * * *").minutes, [10, 30, 50]);
            assert.deepStrictEqual(parsed("1,2,5-7,2 * * * *").minutes, [1, 2, 5, 6, 7]);
        });
        it("reads month and weekday names case-insensitively, also in ranges", () => {
            const s = parsed("0 0 * JAN-mar Mon-FRI");
            assert.deepStrictEqual(s.months, [1, 2, 3]);
            assert.deepStrictEqual(s.daysOfWeek, [1, 2, 3, 4, 5]);
            assert.deepStrictEqual(parsed("0 0 * dec sun").daysOfWeek, [0]);
        });
        it("folds weekday 7 into Sunday (0)", () => {
            assert.deepStrictEqual(parsed("0 0 * * 7").daysOfWeek, [0]);
            assert.deepStrictEqual(parsed("0 0 * * 5-7").daysOfWeek, [0, 5, 6]);
        });
        it("marks day fields restricted only when they do not start with *", () => {
            const both = parsed("0 0 13 * 5");
            assert.strictEqual(both.domRestricted, true);
            assert.strictEqual(both.dowRestricted, true);
            const stepped = parsed("0 0 */2 * *");
            assert.strictEqual(stepped.domRestricted, false);
            assert.deepStrictEqual(
                stepped.daysOfMonth,
                range(0, 15).map((i) => 1 + 2 * i),
            );
        });
        it("accepts the standard macros and tolerates surrounding whitespace", () => {
            assert.deepStrictEqual(parsed("@daily"), parsed("0 0 * * *"));
            assert.deepStrictEqual(parsed("@hourly"), parsed("0 * * * *"));
            assert.deepStrictEqual(parsed("@weekly"), parsed("0 0 * * 0"));
            assert.deepStrictEqual(parsed("@MONTHLY"), parsed("0 0 1 * *"));
            assert.deepStrictEqual(parsed("@annually"), parsed("0 0 1 1 *"));
            assert.deepStrictEqual(parsed("  0\t2  * * *  "), parsed("0 2 * * *"));
        });
        it("rejects malformed input with a message naming the field and token", () => {
            for (const [expr, error] of [
                ["", "cron expression is empty"],
                ["   ", "cron expression is empty"],
                [
                    "0 2 * *",
                    'cron "0 2 * *": expected 5 fields (minute hour day-of-month month day-of-week), got 4',
                ],
                [
                    "0 0 2 * * *",
                    'cron "0 0 2 * * *": expected 5 fields (minute hour day-of-month month day-of-week), got 6',
                ],
                ["60 * * * *", 'cron "60 * * * *": minute field "60": 60 is outside 0-59'],
                ["0 24 * * *", 'cron "0 24 * * *": hour field "24": 24 is outside 0-23'],
                ["0 0 0 * *", 'cron "0 0 0 * *": day-of-month field "0": 0 is outside 1-31'],
                ["0 0 * 13 *", 'cron "0 0 * 13 *": month field "13": 13 is outside 1-12'],
                ["0 0 * * 8", 'cron "0 0 * * 8": day-of-week field "8": 8 is outside 0-7'],
                [
                    "0 0 * foo *",
                    'cron "0 0 * foo *": month field "foo": "foo" is not a number 1-12 or a name (jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec)',
                ],
                ["x 2 * * *", 'cron "x 2 * * *": minute field "x": "x" is not a number 0-59'],
                ["0 5-2 * * *", 'cron "0 5-2 * * *": hour field "5-2": range "5-2" runs backwards'],
                ["*/0 * * * *", 'cron "*/0 * * * *": minute field "*/0": step must be at least 1'],
                [
                    "*/90 * * * *",
                    'cron "*/90 * * * *": minute field "*/90": step 90 exceeds the field\'s range 0-59',
                ],
                [
                    "*/x * * * *",
                    'cron "*/x * * * *": minute field "*/x": step "x" is not a positive integer',
                ],
                ["1,,2 * * * *", 'cron "1,,2 * * * *": minute field "1,,2": empty list element'],
                [
                    "*/2/3 * * * *",
                    'cron "*/2/3 * * * *": minute field "*/2/3": more than one "/" in "*/2/3"',
                ],
                ["1- * * * *", 'cron "1- * * * *": minute field "1-": malformed range "1-"'],
                ["/5 * * * *", 'cron "/5 * * * *": minute field "/5": missing value before "/"'],
                ["-1 * * * *", 'cron "-1 * * * *": minute field "-1": malformed range "-1"'],
                ["? * * * *", 'cron "? * * * *": minute field "?": "?" is not a number 0-59'],
                [
                    "@reboot",
                    'cron "@reboot": unknown macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)',
                ],
            ])
                assert.strictEqual(errorOf(expr), error);
        });
        it("rejects a non-string without throwing", () => {
            assert.deepStrictEqual(parseCron(undefined as unknown as string), {
                ok: false,
                error: "cron expression must be a string, got undefined",
            });
            assert.deepStrictEqual(parseCron(null as unknown as string), {
                ok: false,
                error: "cron expression must be a string, got null",
            });
        });
        it("shortens a huge expression in its message", () => {
            const error = errorOf("1".repeat(500));
            assert.ok(error.length < 200, error);
            assert.match(error, /expected 5 fields/);
        });
    });

    describe("maxGapMinutes", () => {
        const gap = (expr: string) => maxGapMinutes(parsed(expr));
        it("measures sub-daily and daily schedules", () => {
            assert.strictEqual(gap("* * * * *"), 1);
            assert.strictEqual(gap("*/15 * * * *"), 15);
            assert.strictEqual(gap("0 2 * * *"), 1440);
            assert.strictEqual(gap("0,30 2 * * *"), 1410);
            assert.strictEqual(gap("0 9-17 * * *"), 16 * 60);
            assert.strictEqual(gap("@hourly"), 60);
        });
        it("measures weekday, weekly and monthly schedules over the calendar", () => {
            assert.strictEqual(gap("0 2 * * 1-5"), 3 * 1440);
            assert.strictEqual(gap("0 2 * * 0"), 7 * 1440);
            assert.strictEqual(gap("0 0 1 * *"), 31 * 1440);
            assert.strictEqual(gap("0 0 31 * *"), 61 * 1440); // Aug 31 -> Oct 31
        });
        it("applies cron's OR rule when both day fields are restricted", () => {
            // the 13th OR any Friday: never more than a week apart
            assert.strictEqual(gap("0 0 13 * 5"), 7 * 1440);
            // day of week unrestricted: only the 13th
            assert.strictEqual(gap("0 0 13 * *"), 31 * 1440);
        });
        it("follows leap years over the 400-year cycle (Feb 29 skips 2100)", () => {
            assert.strictEqual(gap("0 0 29 2 *"), 2921 * 1440);
        });
        it("is Infinity for a schedule that never runs", () => {
            assert.strictEqual(gap("0 0 30 2 *"), Infinity);
            assert.strictEqual(gap("0 0 31 4,6,9,11 *"), Infinity);
        });
    });

    describe("properties", () => {
        it("never throws on arbitrary strings: a schedule or a non-empty error", () => {
            const anyText = fc.oneof(
                fc.string(),
                fc
                    .array(
                        fc.constantFrom(
                            "*",
                            "/",
                            ",",
                            "-",
                            " ",
                            "\t",
                            "0",
                            "1",
                            "7",
                            "59",
                            "60",
                            "mon",
                            "jan",
                            "@",
                            "daily",
                            "?",
                            "L",
                            "#",
                        ),
                        { maxLength: 30 },
                    )
                    .map((parts) => parts.join("")),
            );
            fc.assert(
                fc.property(anyText, (text) => {
                    const p = parseCron(text);
                    if (p.ok) {
                        assert.ok(
                            Number.isFinite(maxGapMinutes(p.schedule)) ||
                                maxGapMinutes(p.schedule) === Infinity,
                        );
                    } else {
                        assert.strictEqual(typeof p.error, "string");
                        assert.ok(p.error.length > 0);
                    }
                }),
                { numRuns: 2000 },
            );
        });

        // Valid fields built from parts cron accepts.
        const field = (min: number, max: number) =>
            fc.oneof(
                fc.constant("*"),
                fc.integer({ min, max }).map(String),
                fc
                    .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
                    .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
                fc.integer({ min: 1, max: max - min + 1 }).map((step) => `*/${step}`),
                fc
                    .array(fc.integer({ min, max }), { minLength: 1, maxLength: 4 })
                    .map((xs) => xs.join(",")),
            );

        it("keeps every parsed value inside its field's range", () => {
            const expr = fc
                .tuple(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 7))
                .map((f) => f.join(" "));
            fc.assert(
                fc.property(expr, (e) => {
                    const s = parsed(e);
                    const within = (xs: number[], lo: number, hi: number) =>
                        xs.length > 0 && xs.every((x) => Number.isInteger(x) && x >= lo && x <= hi);
                    assert.ok(
                        within(s.minutes, 0, 59) &&
                            within(s.hours, 0, 23) &&
                            within(s.daysOfMonth, 1, 31) &&
                            within(s.months, 1, 12) &&
                            within(s.daysOfWeek, 0, 6),
                        e,
                    );
                }),
                { numRuns: 500 },
            );
        });

        it("agrees with a minute-by-minute walk for weekly-periodic schedules", () => {
            // Day of month and month unrestricted: the schedule repeats weekly, so three weeks show
            // every gap.
            const expr = fc
                .tuple(field(0, 59), field(0, 23), field(0, 7))
                .map(([m, h, d]) => `${m} ${h} * * ${d}`);
            const start = Date.UTC(2024, 0, 1); // a Monday
            fc.assert(
                fc.property(expr, (e) => {
                    const s = parsed(e);
                    const minutes = new Set(s.minutes);
                    const hours = new Set(s.hours);
                    const days = new Set(s.daysOfWeek);
                    let previous = -1;
                    let largest = 0;
                    for (let t = 0; t < 3 * 7 * 1440; t++) {
                        const d = new Date(start + t * 60_000);
                        if (
                            !minutes.has(d.getUTCMinutes()) ||
                            !hours.has(d.getUTCHours()) ||
                            !days.has(d.getUTCDay())
                        )
                            continue;
                        if (previous >= 0) largest = Math.max(largest, t - previous);
                        previous = t;
                    }
                    assert.strictEqual(maxGapMinutes(s), largest, e);
                }),
                { numRuns: 40 },
            );
        });
    });

    // The inputs where croner 11 and cron-parser 5 disagree with cron (see the top of cron.ts):
    // held here so a change to the parser cannot drift towards the libraries' reading unseen.
    describe("where the cron libraries read differently", () => {
        const gap = (expr: string) => maxGapMinutes(parsed(expr));
        it("treats a stepped day of month (*/7) as unrestricted, as Vixie does: AND, not OR", () => {
            // Sundays that are the 1st, 8th, 15th, 22nd or 29th; the libraries' OR says 7 days.
            assert.strictEqual(gap("0 2 */7 * 0"), 399 * 1440);
            assert.strictEqual(gap("0 0 */2 * 1"), 21 * 1440);
        });
        it("accepts repeated values as cronie does", () => {
            assert.deepStrictEqual(parsed("0 0 * * 0,7").daysOfWeek, [0]);
            assert.deepStrictEqual(parsed("1,1 * * * *").minutes, [1]);
        });
        it("refuses the extensions cron does not have", () => {
            for (const [expr, error] of [
                ["0 0 L * *", 'cron "0 0 L * *": day-of-month field "L": "L" is not a number 1-31'],
                [
                    "0 0 1W * *",
                    'cron "0 0 1W * *": day-of-month field "1W": "1W" is not a number 1-31',
                ],
                [
                    "0 0 * * 5#2",
                    'cron "0 0 * * 5#2": day-of-week field "5#2": "5#2" is not a number 0-7 or a name (sun, mon, tue, wed, thu, fri, sat)',
                ],
                ["H * * * *", 'cron "H * * * *": minute field "H": "H" is not a number 0-59'],
            ])
                assert.strictEqual(errorOf(expr), error);
        });
    });
});
