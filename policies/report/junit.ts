/**
 * junit.xml for CI test reports: a testsuite per certificate category, a testcase per rule
 * result (rule x subject). FAIL is a failure; UNKNOWN and NOT_APPLICABLE are skipped (neither
 * is a pass); EXCEPTED passes with a note in system-out. Everything is XML-escaped.
 */
import type { Evaluation, RuleResult } from "../lib/results";
import { CATEGORIES } from "../lib/rule";

/**
 * Escapes text for XML content and double-quoted attributes; characters XML 1.0 forbids become
 * U+FFFD.
 */
export function xmlText(s: string): string {
    if (!/[\u0000-\u001F&<>"'\uD800-\uDFFF\uFFFE\uFFFF]/.test(s)) return s;
    return s
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD")
        .replace(
            /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
            "\uFFFD",
        )
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;")
        .replace(/\r/g, "&#13;")
        .replace(/\n/g, "&#10;")
        .replace(/\t/g, "&#9;");
}

function testcase(r: RuleResult): string {
    const open = `    <testcase name="${xmlText(`${r.ruleId} ${r.subject.name}`)}" classname="${xmlText(r.policyName)}" time="0">`;
    switch (r.state) {
        case "PASS":
            return `    <testcase name="${xmlText(`${r.ruleId} ${r.subject.name}`)}" classname="${xmlText(r.policyName)}" time="0"/>`;
        case "FAIL":
            return `${open}\n      <failure message="${xmlText(r.message)}" type="${xmlText(`${r.severity} ${r.enforcementLevel}`)}">${xmlText(`${r.subject.urn}: ${r.message}`)}</failure>\n    </testcase>`;
        case "UNKNOWN":
            return `${open}\n      <skipped message="${xmlText(`UNKNOWN: ${r.message}`)}"/>\n    </testcase>`;
        case "NOT_APPLICABLE":
            return `${open}\n      <skipped message="${xmlText(`NOT_APPLICABLE: ${r.message}`)}"/>\n    </testcase>`;
        case "EXCEPTED":
            return `${open}\n      <system-out>${xmlText(`EXCEPTED: ${r.message}`)}</system-out>\n    </testcase>`;
    }
}

/** Renders junit.xml. */
export function renderJunit(e: Evaluation): string {
    const suites: string[] = [];
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const category of CATEGORIES) {
        const results = e.results.filter((r) => r.category === category);
        const f = results.filter((r) => r.state === "FAIL").length;
        const s = results.filter(
            (r) => r.state === "UNKNOWN" || r.state === "NOT_APPLICABLE",
        ).length;
        tests += results.length;
        failures += f;
        skipped += s;
        const attrs = `name="${xmlText(category)}" tests="${results.length}" failures="${f}" errors="0" skipped="${s}" time="0" timestamp="${xmlText(e.evaluatedAt.replace(/Z$/, ""))}"`;
        suites.push(
            results.length === 0
                ? `  <testsuite ${attrs}/>`
                : `  <testsuite ${attrs}>\n${results.map(testcase).join("\n")}\n  </testsuite>`,
        );
    }
    const name = `${e.pack.name} ${e.pack.version} on ${e.project}/${e.stack}`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlText(name)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n${suites.join("\n")}\n</testsuites>\n`;
}
