// Kept by hand, not swapped for `croner` 11.0.0 or `cron-parser` 5.10.5 (issue 12 item 6): both
// read some schedules differently from Vixie cron and cronie, which are what run them.
// - The day rule. Vixie marks day of month unrestricted from the field's first character
//   (entry.c: `if (ch == '*') e->flags |= DOM_STAR`), so `*/7` is unrestricted; both libraries
//   treat only a bare `*` so. `0 2 */7 * 0` runs under cron on Sundays that fall on the 1st,
//   8th, 15th, 22nd or 29th: largest gap 399 days. Both libraries run it on those days OR on
//   every Sunday, a 7-day gap, so CHOM-BAK-002/008 would pass a near-yearly backup. Using a
//   library only to expand the fields would leave this rule to maxGapMinutes, but then:
// - croner rejects `10/20` (cronie: minutes 10,30,50). cron-parser rejects repeated values
//   (`0 0 * * 0,7`, `1,1 * * * *`) and dates that never occur (`0 0 30 2 *`, which the rules
//   report as "never runs" from maxGapMinutes).
// - Both accept what this parser refuses on purpose: `?`, `L`, `#`, and a sixth field read as
//   seconds (`0 0 2 * * *`); cron-parser also `H` and `*/90`.
// - Their messages (`CronPattern: Invalid value for minute: 60`, `Constraint error, got value 60
//   expected range 0-59`) do not name field and token as the rules' messages do; producing ours
//   means tokenising every field here, which is this parser.
// - cron-parser loads luxon: require() took a median 47 ms and 58 ms (two series of 15 and 21
//   runs) against 14 ms and 9 ms for this module, on the shared 2-core machine. Neither library
//   computes maxGapMinutes.

/**
 * A real 5-field cron parser (Vixie/cronie semantics) and the largest gap between runs.
 *
 * Fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12 or jan-dec),
 * day of week (0-7 or sun-sat; 7 is Sunday). Each field is a comma list of `*`, `n`, `n-m`,
 * optionally followed by `/step`; `n/step` means n through the field's maximum. The macros
 * `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/`@midnight` and `@hourly` are
 * accepted; `@reboot` is rejected because it is not a schedule.
 *
 * Day matching as cron does it: when both day of month and day of week are restricted (the
 * field does not start with `*`), a day runs when EITHER matches; otherwise both must match.
 *
 * Imported by the policy pack (CHOM-BAK-002/008) and by the infra program's config
 * validator: keep the exported shapes stable.
 */

/** A parsed schedule: the sorted, de-duplicated values each field allows. */
export interface CronSchedule {
    /** Minutes of the hour, 0-59. */
    minutes: number[];
    /** Hours of the day, 0-23. */
    hours: number[];
    /** Days of the month, 1-31. */
    daysOfMonth: number[];
    /** Months, 1-12. */
    months: number[];
    /** Days of the week, 0-6 (0 = Sunday; a written 7 is folded to 0). */
    daysOfWeek: number[];
    /** True when the day-of-month field does not start with `*` (cron's OR rule needs it). */
    domRestricted: boolean;
    /** True when the day-of-week field does not start with `*` (cron's OR rule needs it). */
    dowRestricted: boolean;
}

/** The outcome of `parseCron`: a schedule, or an error naming the field and token at fault. */
export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

interface FieldSpec {
    name: string;
    min: number;
    max: number;
    /** Lower-case three-letter names mapped to their numbers. */
    names?: Record<string, number>;
}

const MONTH_NAMES: Record<string, number> = {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
};
const DAY_NAMES: Record<string, number> = {
    sun: 0,
    mon: 1,
    tue: 2,
    wed: 3,
    thu: 4,
    fri: 5,
    sat: 6,
};

const FIELDS: readonly FieldSpec[] = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day-of-month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12, names: MONTH_NAMES },
    // 7 is accepted as Sunday and folded to 0 after expansion.
    { name: "day-of-week", min: 0, max: 7, names: DAY_NAMES },
];

const MACROS: Record<string, string> = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
};

/** Quotes user text for a message, shortened so a huge input cannot flood a report. */
function quote(text: string): string {
    const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    return JSON.stringify(shown);
}

class CronError extends Error {}

function parseValue(token: string, field: FieldSpec, whole: string): number {
    if (/^\d+$/.test(token)) {
        const value = Number(token);
        if (value < field.min || value > field.max) {
            throw new CronError(
                `${field.name} field ${quote(whole)}: ${token} is outside ${field.min}-${field.max}`,
            );
        }
        return value;
    }
    const named = field.names?.[token.toLowerCase()];
    if (named !== undefined) return named;
    const allowed = field.names
        ? `a number ${field.min}-${field.max} or a name (${Object.keys(field.names).join(", ")})`
        : `a number ${field.min}-${field.max}`;
    throw new CronError(`${field.name} field ${quote(whole)}: ${quote(token)} is not ${allowed}`);
}

function parseField(text: string, field: FieldSpec): number[] {
    const values = new Set<number>();
    for (const part of text.split(",")) {
        if (part === "")
            throw new CronError(`${field.name} field ${quote(text)}: empty list element`);
        const slash = part.split("/");
        if (slash.length > 2)
            throw new CronError(
                `${field.name} field ${quote(text)}: more than one "/" in ${quote(part)}`,
            );
        const [base, stepText] = slash as [string, string | undefined];
        let step = 1;
        if (stepText !== undefined) {
            if (!/^\d+$/.test(stepText))
                throw new CronError(
                    `${field.name} field ${quote(text)}: step ${quote(stepText)} is not a positive integer`,
                );
            step = Number(stepText);
            if (step === 0)
                throw new CronError(`${field.name} field ${quote(text)}: step must be at least 1`);
            // cron accepts it, but "*/90" in minutes is almost always a misunderstanding (it means
            // once an hour).
            if (step > field.max - field.min + 1) {
                throw new CronError(
                    `${field.name} field ${quote(text)}: step ${step} exceeds the field's range ${field.min}-${field.max}`,
                );
            }
        }
        let low: number;
        let high: number;
        if (base === "*") {
            low = field.min;
            high = field.max;
        } else if (base.includes("-")) {
            const ends = base.split("-");
            if (ends.length !== 2 || ends[0] === "" || ends[1] === "") {
                throw new CronError(
                    `${field.name} field ${quote(text)}: malformed range ${quote(base)}`,
                );
            }
            low = parseValue(ends[0] as string, field, text);
            high = parseValue(ends[1] as string, field, text);
            if (low > high)
                throw new CronError(
                    `${field.name} field ${quote(text)}: range ${quote(base)} runs backwards`,
                );
        } else if (base === "") {
            throw new CronError(`${field.name} field ${quote(text)}: missing value before "/"`);
        } else {
            low = parseValue(base, field, text);
            // "n/step" runs from n to the field's maximum, as in cronie.
            high = stepText !== undefined ? field.max : low;
        }
        for (let v = low; v <= high; v += step) values.add(v);
    }
    return [...values].sort((a, b) => a - b);
}

/**
 * Parses a 5-field cron expression (or a macro). Never throws: errors come back as `{ ok: false }`.
 */
export function parseCron(expr: string): CronParse {
    if (typeof expr !== "string")
        return {
            ok: false,
            error: `cron expression must be a string, got ${expr === null ? "null" : typeof expr}`,
        };
    const trimmed = expr.trim();
    if (trimmed === "") return { ok: false, error: "cron expression is empty" };
    let text = trimmed;
    if (trimmed.startsWith("@")) {
        const macro = MACROS[trimmed.toLowerCase()];
        if (macro === undefined) {
            return {
                ok: false,
                error: `cron ${quote(trimmed)}: unknown macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)`,
            };
        }
        text = macro;
    }
    const parts = text.split(/\s+/);
    if (parts.length !== 5) {
        return {
            ok: false,
            error: `cron ${quote(trimmed)}: expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
        };
    }
    try {
        const [minutes, hours, daysOfMonth, months, rawDaysOfWeek] = parts.map((part, i) =>
            parseField(part, FIELDS[i] as FieldSpec),
        ) as [number[], number[], number[], number[], number[]];
        const daysOfWeek = [...new Set(rawDaysOfWeek.map((d) => (d === 7 ? 0 : d)))].sort(
            (a, b) => a - b,
        );
        return {
            ok: true,
            schedule: {
                minutes,
                hours,
                daysOfMonth,
                months,
                daysOfWeek,
                domRestricted: !(parts[2] as string).startsWith("*"),
                dowRestricted: !(parts[4] as string).startsWith("*"),
            },
        };
    } catch (err) {
        if (err instanceof CronError)
            return { ok: false, error: `cron ${quote(trimmed)}: ${err.message}` };
        return { ok: false, error: `cron ${quote(trimmed)}: ${String(err)}` };
    }
}

/** Days in the 400-year Gregorian cycle; a multiple of 7, so weekdays repeat with it too. */
const CYCLE_DAYS = 146097;
const MINUTES_PER_DAY = 1440;

function isLeap(year: number): boolean {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
    if (month === 2) return isLeap(year) ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function dayRuns(
    s: CronSchedule,
    dom: Set<number>,
    dow: Set<number>,
    day: number,
    weekday: number,
): boolean {
    const domMatch = dom.has(day);
    const dowMatch = dow.has(weekday);
    return s.domRestricted && s.dowRestricted ? domMatch || dowMatch : domMatch && dowMatch;
}

/**
 * The largest gap in minutes between two consecutive runs, over the whole 400-year Gregorian
 * cycle (so monthly, yearly and Feb-29 schedules are exact). Infinity when it never runs
 * (e.g. `0 0 30 2 *`).
 */
export function maxGapMinutes(schedule: CronSchedule): number {
    const times: number[] = [];
    for (const h of [...new Set(schedule.hours)].sort((a, b) => a - b)) {
        for (const m of [...new Set(schedule.minutes)].sort((a, b) => a - b))
            times.push(h * 60 + m);
    }
    if (times.length === 0) return Infinity;
    const first = times[0] as number;
    const last = times[times.length - 1] as number;
    let withinDay = 0;
    for (let i = 1; i < times.length; i++)
        withinDay = Math.max(withinDay, (times[i] as number) - (times[i - 1] as number));

    // Fast path: a schedule that runs every day needs no calendar walk.
    const everyDay =
        schedule.months.length === 12 &&
        schedule.daysOfMonth.length === 31 &&
        schedule.daysOfWeek.length === 7;
    if (everyDay) return Math.max(withinDay, MINUTES_PER_DAY - last + first);

    // Walk one full cycle from 2000-01-01 (a Saturday) and record the gap between run days.
    const dom = new Set(schedule.daysOfMonth);
    const dow = new Set(schedule.daysOfWeek);
    const months = new Set(schedule.months);
    let firstRunDay = -1;
    let previousRunDay = -1;
    let largestDayGap = 0;
    let index = 0;
    let weekday = 6;
    for (let year = 2000; year < 2400; year++) {
        for (let month = 1; month <= 12; month++) {
            const length = daysInMonth(year, month);
            const monthRuns = months.has(month);
            for (let day = 1; day <= length; day++) {
                if (monthRuns && dayRuns(schedule, dom, dow, day, weekday)) {
                    if (firstRunDay < 0) firstRunDay = index;
                    else largestDayGap = Math.max(largestDayGap, index - previousRunDay);
                    previousRunDay = index;
                }
                index++;
                weekday = (weekday + 1) % 7;
            }
        }
    }
    if (firstRunDay < 0) return Infinity;
    // The cycle repeats: the last run day is followed by the first one of the next cycle.
    largestDayGap = Math.max(largestDayGap, firstRunDay + CYCLE_DAYS - previousRunDay);
    const acrossDays = largestDayGap * MINUTES_PER_DAY - last + first;
    return Math.max(withinDay, acrossDays);
}
