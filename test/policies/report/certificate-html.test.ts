import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildCertificate } from "../../../policies/report/certificate-model";
import { htmlText, renderCertificateHtml } from "../../../policies/report/certificate-html";
import { renderCertificateMarkdown } from "../../../policies/report/certificate-md";
import {
    compliantEvaluation,
    PORT_3306_OPEN,
    REDIS_MEMORY_UNKNOWN,
    withResult,
    withResults,
} from "../../helpers/fixture-evaluation";
import { compliantStack, container } from "../../helpers/fixture-stack";
import { screenshot } from "../../helpers/chromium";
import { decodePng, distinctColours, pixelsNear } from "../../helpers/png";

function failing() {
    return withResults(compliantEvaluation(), PORT_3306_OPEN, REDIS_MEMORY_UNKNOWN);
}

describe("report/certificate-html", () => {
    it("is self-contained: no script, no external stylesheet, font, image or link", () => {
        const html = renderCertificateHtml(failing());
        assert.ok(html.startsWith("<!DOCTYPE html>"));
        for (const forbidden of [
            /<script/i,
            /<link/i,
            /<img/i,
            /<iframe/i,
            /\bsrc=/i,
            /\bhref=/i,
            /url\(/i,
            /@import/i,
            /@font-face/i,
        ]) {
            assert.ok(!forbidden.test(html), `found ${forbidden}`);
        }
        assert.ok(
            html.includes(
                `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
            ),
        );
    });

    it("says what the Markdown says: same verdicts, same ticked boxes, same reasons", () => {
        const e = failing();
        const html = renderCertificateHtml(e);
        const md = renderCertificateMarkdown(e);
        assert.strictEqual(html.match(/class="tick on"/g)!.length, md.match(/^- \[x\]/gm)!.length);
        assert.strictEqual(html.match(/class="tick"/g)!.length, md.match(/^- \[ \]/gm)!.length);
        for (const block of buildCertificate(e).blocks) {
            if (block.kind === "checklist")
                for (const item of block.items)
                    assert.ok(
                        html.includes(htmlText(item.note ?? item.text)),
                        `missing ${item.note ?? item.text}`,
                    );
        }
        assert.ok(
            html.includes(
                '<strong>Overall Assessment:</strong> <span class="badge bad">NOT READY</span>',
            ),
        );
        assert.ok(
            html.includes(
                '<strong>Certification Status:</strong> <span class="badge bad">NOT CERTIFIED</span>',
            ),
        );
        assert.ok(
            html.includes('<h3>Security Posture <span class="badge bad">VULNERABLE</span></h3>'),
        );
        assert.ok(
            html.includes('<div class="bar bad"><span style="width:50.0%"></span></div><b>50%</b>'),
        );
        assert.ok(
            html.includes(
                '<div class="bar muted"><span style="width:100.0%"></span></div><b>not assessed</b>',
            ),
        );
    });

    it("escapes resource names and messages", () => {
        const evil = "<script>alert(1)</script>";
        const stack = compliantStack().map((r) =>
            r.name === "redis" ? { ...container("redis", { name: evil }), name: evil } : r,
        );
        const e = compliantEvaluation(stack);
        const html = renderCertificateHtml(
            withResult(e, "CHOM-RES-001", evil, {
                state: "FAIL",
                message: `limit <b>"missing"</b> & more ${evil}`,
            }),
        );
        assert.ok(!html.includes("<script>"));
        assert.ok(!html.includes('<b>"missing'));
        assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert.ok(html.includes("limit &lt;b&gt;&quot;missing&quot;&lt;/b&gt; &amp; more"));
    });

    it("renders in headless Chromium to a page with score bars in state colours", function () {
        this.timeout(120_000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-certificate-html-"));
        try {
            const htmlFile = path.join(dir, "certificate.html");
            fs.writeFileSync(htmlFile, renderCertificateHtml(failing()));
            const png = screenshot(htmlFile, path.join(dir, "certificate.png"));
            assert.ok(png.length > 50_000, `screenshot is only ${png.length} bytes`);
            const image = decodePng(png);
            assert.deepStrictEqual([image.width, image.height], [1280, 2400]);
            assert.ok(
                distinctColours(image) > 200,
                `only ${distinctColours(image)} colours: a blank or unstyled page`,
            );
            // Bars and badges: PASS green and FAIL red must both be on screen in quantity.
            assert.ok(pixelsNear(image, "#1a7f37") > 5_000, "no PASS-green bars");
            assert.ok(pixelsNear(image, "#cf222e") > 3_000, "no FAIL-red bars");

            const blankFile = path.join(dir, "blank.html");
            fs.writeFileSync(blankFile, "<!DOCTYPE html><html><body></body></html>");
            const blank = decodePng(screenshot(blankFile, path.join(dir, "blank.png")));
            assert.ok(distinctColours(blank) <= 2, "the blank page control is not blank");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
