/**
 * Table-driven rule tests. A rule's `<file>.cases.yaml` beside its test file lists cases: a
 * fixture subject (or the compliant stack) with the changes that make the case, an optional policy
 * config, and the outcome required. `itResourceCases` and `itStackCases` turn each case into one
 * mocha test in the caller's `describe`, judged the way the pack judges (defaults, exceptions).
 * The assertion logic lives here once; tests that need code (unknown values, loops, computed
 * messages) stay in TypeScript.
 *
 * A case file is checked before any case runs: an unknown key, a subject the fixtures do not make
 * or a text edit that matches nothing fails with the file and case named.
 */
import * as assert from "assert";
import { z } from "zod";
import type { Outcome } from "../../policies/lib/judge";
import type { ResourceRule, RuleMeta, StackRule, Subject } from "../../policies/lib/rule";
import { TYPES } from "../../policies/lib/subjects";
import {
    backupPlan,
    compliantStack,
    container,
    firewall,
    image,
    monitoring,
    network,
    server,
    SERVICES,
    tls,
    volume,
} from "./fixture-stack";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "./unknown-props";
import { fieldFindings, judgeAll, judgeOne, namesIn, validConfig } from "./rules";
import { readYamlFile } from "./yaml-file";

const STATE = z.enum(["PASS", "FAIL", "EXCEPTED", "NOT_APPLICABLE"]);
const PROPS = z.record(z.string(), z.unknown());

/** One subject of the fixtures, named `kind` or `kind name`, and how this case changes it. */
const CHANGE = z.strictObject({
    subject: z
        .string()
        .regex(
            /^(server|firewall|tls|backupPlan|monitoring|(container|image|volume|network) \S+)$/,
        ),
    /** Props merged over the fixture's, before a rendered config is made from them. */
    set: PROPS.optional(),
    /** Items added to a list prop, before rendering (a case adds to the fixture's list). */
    append: z.record(z.string(), z.array(z.unknown())).optional(),
    /** Props deleted after rendering (the field is absent, the rendered config is not). */
    unset: z.array(z.string()).optional(),
    /** Literal text replacements in string props, after rendering: prop -> [[from, to], ...]. */
    edit: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))).optional(),
    /** Keep the compliant fixture's rendered config (nginx, nftables) whatever `set` says. */
    compliantRendering: z.literal(true).optional(),
    /** Stack cases only: take the subject out of the stack. */
    remove: z.literal(true).optional(),
});

const OUTCOME = z.strictObject({
    state: STATE,
    message: z.string().optional(),
    /** A TLS rule's findings on its declared fields alone (see `fieldFindings`). */
    fieldFindings: z.string().optional(),
    /** A regular expression the message matches (a message that counts what the fixtures hold). */
    matches: z.string().optional(),
});

const RESOURCE_CHECK = CHANGE.extend({ config: PROPS.optional(), expect: OUTCOME });

const STACK_CHECK = z.strictObject({
    config: PROPS.optional(),
    /** `empty`: only the changed subjects; default: the compliant stack with them changed. */
    base: z.enum(["compliant", "empty"]).optional(),
    stack: z.array(CHANGE),
    expect: z.union([
        z.literal("NOT_APPLICABLE"),
        z.strictObject({
            /** The names that FAIL, exactly. */
            fail: z.array(z.string()).optional(),
            /** The names that PASS, exactly, or how many. */
            pass: z.union([z.array(z.string()), z.number().int()]).optional(),
            /** Outcomes of named subjects ("stack" for the stack-level answer). */
            results: z.record(z.string(), OUTCOME).optional(),
        }),
    ]),
});

type Change = z.infer<typeof CHANGE>;
type ResourceCheck = z.infer<typeof RESOURCE_CHECK>;
type StackCheck = z.infer<typeof STACK_CHECK>;

function caseFile<T extends z.ZodType>(check: T) {
    const oneCase = z.union([
        z.strictObject({ it: z.string(), checks: z.array(check).min(1) }),
        z.intersection(z.strictObject({ it: z.string() }), z.looseObject({})),
    ]);
    return z.strictObject({
        rule: z.string(),
        cases: z.array(oneCase).optional(),
        /** Nested `describe` blocks: title -> cases. */
        describe: z.record(z.string(), z.array(oneCase)).optional(),
    });
}

interface Case<K> {
    name: string;
    checks: K[];
}

/**
 * Loads and checks the case file beside `testFile` (`x.test.js` -> `x.cases.yaml`); every case is
 * parsed against `check`, with its name in errors. Returns the top-level cases and the nested
 * `describe` blocks.
 */
function load<T extends z.ZodType>(testFile: string, ruleId: string, check: T, part?: string) {
    const path = testFile.replace(/\.test\.[jt]s$/, `${part ? `.${part}` : ""}.cases.yaml`);
    const data = readYamlFile(path, caseFile(check));
    if (data.rule !== ruleId)
        throw new Error(`${path}: rule is ${data.rule}, but the test judges ${ruleId}`);
    const parseCases = (cases: { it: string }[] = []): Case<z.infer<T>>[] =>
        cases.map((c) => {
            const { it: name, checks, ...single } = c as { it: string; checks?: unknown[] };
            const parsed = z.array(check).safeParse(checks ?? [single]);
            if (!parsed.success)
                throw new Error(`${path}: case "${name}": ${z.prettifyError(parsed.error)}`);
            return { name, checks: parsed.data as z.infer<T>[] };
        });
    const blocks = Object.entries(data.describe ?? {});
    if (!data.cases?.length && !blocks.length) throw new Error(`${path}: no cases`);
    return {
        cases: parseCases(data.cases),
        blocks: blocks.map(([title, cases]) => ({ title, cases: parseCases(cases) })),
    };
}

/** Declares one mocha test per case, top-level cases first, then each nested block. */
function declare<K>(
    file: { cases: Case<K>[]; blocks: { title: string; cases: Case<K>[] }[] },
    run: (check: K, what: string) => void,
): void {
    const its = (cases: Case<K>[]) =>
        cases.forEach(({ name, checks }) =>
            it(name, () => checks.forEach((c, i) => run(c, `check ${i + 1}`))),
        );
    its(file.cases);
    for (const b of file.blocks) describe(b.title, () => its(b.cases));
}

/** The fixture subject a change names, with `set` merged in (before rendering, as factories do). */
function build(ref: string, set: Record<string, unknown> = {}): Subject {
    const [kind, name] = ref.split(" ");
    switch (kind) {
        case "server":
            return server(set);
        case "firewall":
            return firewall(set);
        case "tls":
            return tls(set);
        case "backupPlan":
            return backupPlan(set);
        case "monitoring":
            return monitoring(set);
        case "container":
            return container(name, set);
        case "image":
            return image(name, set);
        case "network": {
            // The compliant stack's network (internal or not) as it is there, else an external one.
            const n =
                compliantStack().find((r) => r.type === TYPES.network && r.name === name) ??
                network(name, false);
            return { ...n, props: { ...n.props, ...set } };
        }
        default: {
            const v = volume(name);
            return { ...v, props: { ...v.props, ...set } };
        }
    }
}

/** The props each kind renders into a config file from its other props. */
const RENDERED: Record<string, string> = { tls: "nginxConfig", firewall: "nftablesRuleset" };

/** `set` with each `append` list added to the fixture's list (or `set`'s own) of that prop. */
function withAppended(c: Change): Record<string, unknown> | undefined {
    if (!c.append) return c.set;
    const base = build(c.subject, c.set).props;
    const set = { ...c.set };
    for (const [key, items] of Object.entries(c.append)) {
        const list = base[key] ?? [];
        if (!Array.isArray(list)) throw new Error(`append to ${c.subject}: ${key} is not a list`);
        set[key] = [...(list as unknown[]), ...items];
    }
    return set;
}

function changed(c: Change): Subject {
    const s = build(c.subject, withAppended(c));
    const rendered = RENDERED[c.subject];
    if (c.compliantRendering) {
        if (!rendered) throw new Error(`compliantRendering: ${c.subject} renders no config`);
        s.props[rendered] = build(c.subject).props[rendered];
    }
    for (const key of c.unset ?? []) delete s.props[key];
    for (const [key, edits] of Object.entries(c.edit ?? {})) {
        const prop = s.props[key];
        if (typeof prop !== "string") throw new Error(`edit of ${c.subject}: ${key} is not text`);
        let text = prop;
        for (const [from, to] of edits) {
            if (!text.includes(from))
                throw new Error(`edit of ${c.subject}: ${key} has no ${JSON.stringify(from)}`);
            text = text.replace(from, to);
        }
        s.props[key] = text;
    }
    return s;
}

function assertOutcome(o: Outcome | undefined, want: z.infer<typeof OUTCOME>, what: string) {
    assert.ok(o, `${what}: no outcome`);
    assert.strictEqual(o.state, want.state, `${what}: ${o.message}`);
    if (want.message !== undefined) assert.strictEqual(o.message, want.message, what);
    if (want.fieldFindings !== undefined)
        assert.strictEqual(fieldFindings(o), want.fieldFindings, what);
    if (want.matches !== undefined) assert.match(o.message, new RegExp(want.matches), what);
}

/** A case's config, checked against the rule's schema as the engine would before Configure. */
function configFor(rule: RuleMeta, config?: Record<string, unknown>) {
    return config ? validConfig(rule, config) : {};
}

/**
 * One mocha test per case beside `testFile` (pass `__filename`), judging one subject. `part`: the
 * cases of `<file>.<part>.cases.yaml` instead, for a test file's second top-level describe.
 */
export function itResourceCases<C>(rule: ResourceRule<C>, testFile: string, part?: string): void {
    declare(load(testFile, rule.id, RESOURCE_CHECK, part), (c: ResourceCheck, what) => {
        const o = judgeOne(rule, changed(c), configFor(rule, c.config));
        assertOutcome(o, c.expect, `${what} (${c.subject})`);
    });
}

function stackOf(check: StackCheck): Subject[] {
    let stack = check.base === "empty" ? [] : compliantStack();
    for (const c of check.stack) {
        const s = changed(c);
        const at = stack.findIndex((r) => r.urn === s.urn);
        if (c.remove) {
            if (at < 0) throw new Error(`remove: ${c.subject} is not in the stack`);
            stack = stack.filter((_, i) => i !== at);
        } else if (at < 0) stack = [...stack, s];
        else stack = stack.map((r, i) => (i === at ? s : r));
    }
    return stack;
}

/** One mocha test per case beside `testFile` (pass `__filename`), judging a stack. */
export function itStackCases<C>(rule: StackRule<C>, testFile: string): void {
    declare(load(testFile, rule.id, STACK_CHECK), (c: StackCheck, what) => {
        const out = judgeAll(rule, stackOf(c), configFor(rule, c.config));
        if (c.expect === "NOT_APPLICABLE") return assert.strictEqual(out, "NOT_APPLICABLE", what);
        assert.notStrictEqual(out, "NOT_APPLICABLE", `${what}: the rule did not apply`);
        const { fail, pass, results } = c.expect;
        if (fail) assert.deepStrictEqual(namesIn(out, "FAIL"), [...fail].sort(), what);
        if (typeof pass === "number") assert.strictEqual(namesIn(out, "PASS").length, pass, what);
        else if (pass) assert.deepStrictEqual(namesIn(out, "PASS"), [...pass].sort(), what);
        for (const [n, want] of Object.entries(results ?? {}))
            assertOutcome((out as Map<string, Outcome>).get(n), want, `${what}, ${n}`);
    });
}

/**
 * Every compliant fixture container, one per service, must PASS the rule (a loop, not a table),
 * and so must each of `alsoPassing`.
 */
export function assertEveryContainerPasses<C>(
    rule: ResourceRule<C>,
    ...alsoPassing: Subject[]
): void {
    for (const s of SERVICES) assert.strictEqual(judgeOne(rule, container(s)).state, "PASS", s);
    alsoPassing.forEach((s, i) =>
        assert.strictEqual(judgeOne(rule, s).state, "PASS", `${s.name} (also passing #${i + 1})`),
    );
}

/**
 * Preview tests stay in code (a YAML case cannot hold an unknown value): `prop` of `s` unknown
 * makes the rule throw UnknownValueError.
 */
export function assertThrowsWhenUnknown<C>(rule: ResourceRule<C>, s: Subject, prop: string): void {
    assertThrowsUnknown((x) => judgeOne(rule, x), s, { [prop]: UNKNOWN_SENTINEL });
}
