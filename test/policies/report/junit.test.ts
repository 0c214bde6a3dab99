import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderJunit, xmlText } from "../../../policies/report/junit";
import {
    compliantEvaluation,
    PORT_3306_OPEN,
    REDIS_MEMORY_UNKNOWN,
    VENDOR_IMAGE_EXCEPTED,
    withResult,
    withResults,
} from "../../helpers/fixture-evaluation";
import { compliantStack, container } from "../../helpers/fixture-stack";
import { parseXml, XmlElement } from "../../helpers/xml";

function failing() {
    return withResults(
        compliantEvaluation(),
        {
            ...PORT_3306_OPEN,
            change: { state: "FAIL", message: 'port 3306 is open to "0.0.0.0/0" & <world>' },
        },
        REDIS_MEMORY_UNKNOWN,
        {
            ruleId: "CHOM-RES-001",
            subject: "queue",
            change: { state: "NOT_APPLICABLE", message: "no limits for workers" },
        },
        VENDOR_IMAGE_EXCEPTED,
    );
}

function testcase(root: XmlElement, name: string): XmlElement {
    for (const suite of root.children)
        for (const tc of suite.children) if (tc.attrs.name === name) return tc;
    throw new Error(`no testcase ${name}`);
}

function xmllint(xml: string): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-junit-"));
    try {
        fs.writeFileSync(path.join(dir, "junit.xml"), xml);
        execFileSync("xmllint", ["--noout", path.join(dir, "junit.xml")], { stdio: "pipe" });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("report/junit", () => {
    it("parses back: a testsuite per category, a testcase per rule x subject, with totals", () => {
        const root = parseXml(renderJunit(failing()));
        assert.strictEqual(root.name, "testsuites");
        assert.deepStrictEqual(root.attrs, {
            name: "chom-production-readiness 1.0.0 on chom/landsraad_tst",
            tests: "52",
            failures: "1",
            errors: "0",
            skipped: "2",
            time: "0",
        });
        assert.deepStrictEqual(
            root.children.map((s) => [
                s.attrs.name,
                s.attrs.tests,
                s.attrs.failures,
                s.attrs.skipped,
            ]),
            [
                ["Security", "2", "1", "0"],
                ["Performance", "16", "0", "2"],
                ["Reliability", "1", "0", "0"],
                ["Observability", "1", "0", "0"],
                ["Operations", "16", "0", "0"],
                ["Compliance", "16", "0", "0"],
            ],
        );
        const pass = testcase(root, "CHOM-RES-001 app");
        assert.deepStrictEqual(
            [pass.attrs.classname, pass.children.length],
            ["chom-res-container-limits", 0],
        );
    });

    it("maps FAIL to failure, UNKNOWN and NOT_APPLICABLE to skipped, EXCEPTED to a pass with a note", () => {
        const root = parseXml(renderJunit(failing()));
        const fail = testcase(root, "CHOM-FW-001 landsraad_tst-firewall").children;
        assert.deepStrictEqual(
            fail.map((c) => [c.name, c.attrs.message, c.attrs.type]),
            [["failure", 'port 3306 is open to "0.0.0.0/0" & <world>', "high mandatory"]],
        );
        assert.strictEqual(
            fail[0].text,
            'urn:pulumi:landsraad_tst::chom::chom:host:Firewall::landsraad_tst-firewall: port 3306 is open to "0.0.0.0/0" & <world>',
        );
        assert.deepStrictEqual(
            testcase(root, "CHOM-RES-001 redis").children.map((c) => [c.name, c.attrs.message]),
            [["skipped", "UNKNOWN: memory unknown during preview"]],
        );
        assert.deepStrictEqual(
            testcase(root, "CHOM-RES-001 queue").children.map((c) => [c.name, c.attrs.message]),
            [["skipped", "NOT_APPLICABLE: no limits for workers"]],
        );
        assert.deepStrictEqual(
            testcase(root, "CHOM-CMP-001 app-image").children.map((c) => [c.name, c.text]),
            [["system-out", "EXCEPTED: EXCEPTED until 2027-01-01 (vendor image): not pinned"]],
        );
    });

    it("escapes resource names and messages, and replaces characters XML cannot carry", () => {
        const evil = '<script>alert("x")</script>';
        const stack = compliantStack().map((r) =>
            r.name === "redis" ? { ...container("redis"), name: evil } : r,
        );
        const e = withResult(compliantEvaluation(stack), "CHOM-RES-001", evil, {
            state: "FAIL",
            message: "bell\u0007 and ]]> end",
        });
        const xml = renderJunit(e);
        assert.ok(!xml.includes("<script>"));
        const tc = testcase(parseXml(xml), `CHOM-RES-001 ${evil}`);
        assert.strictEqual(tc.children[0].attrs.message, "bell\uFFFD and ]]> end");
        xmllint(xml);
        assert.strictEqual(xmlText("a\nb\t'c'"), "a&#10;b&#9;&apos;c&apos;");
    });

    it("is accepted by xmllint, and the reader rejects what is not well-formed", () => {
        xmllint(renderJunit(failing()));
        assert.throws(() => parseXml("<a><b></a></b>"), /<\/a> closes <b>/);
        assert.throws(() => parseXml('<a x="1 < 2"/>'), /raw "<"/);
        assert.throws(() => parseXml("<a>R&D</a>"), /unterminated "&"|unknown entity/);
    });
});
