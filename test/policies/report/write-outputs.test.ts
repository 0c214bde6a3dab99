import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OUTPUT_FILES, renderAll, writeOutputs } from "../../../policies/report/write-outputs";
import { compliantEvaluation, withResult } from "../../helpers/fixture-evaluation";
import { compliantStack, container, server } from "../../helpers/fixture-stack";
import { OUTPUT_NAMES } from "../../helpers/cli";

const SECRET = "sk_live_9f8e7d6c5b4a-DO-NOT-LEAK";

describe("report/write-outputs", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "chom-outputs-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes the five outputs, returns their paths and leaves no temporary file", () => {
        const e = compliantEvaluation();
        const out = path.join(dir, "out", "landsraad_tst");
        const paths = writeOutputs(out, e);
        assert.deepStrictEqual(
            Object.values(paths),
            OUTPUT_NAMES.map((f) => path.join(out, f)),
        );
        assert.deepStrictEqual(fs.readdirSync(out).sort(), Object.values(OUTPUT_FILES).sort());
        const rendered = renderAll(e);
        for (const key of Object.keys(OUTPUT_FILES) as (keyof typeof OUTPUT_FILES)[])
            assert.strictEqual(fs.readFileSync(paths[key], "utf8"), rendered[key]);
    });

    it("renders the same strings every time (one model, deterministic renderers)", () => {
        assert.deepStrictEqual(renderAll(compliantEvaluation()), renderAll(compliantEvaluation()));
    });

    it("writes nothing and leaves no temporary file when rendering fails", () => {
        fs.writeFileSync(path.join(dir, "certificate.md"), "previous run\n");
        assert.throws(
            () => writeOutputs(dir, { ...compliantEvaluation(), resourcesDigest: "not-a-digest" }),
            /resourcesDigest must be a sha256 hex digest/,
        );
        assert.deepStrictEqual(fs.readdirSync(dir), ["certificate.md"]);
        assert.strictEqual(
            fs.readFileSync(path.join(dir, "certificate.md"), "utf8"),
            "previous run\n",
        );
    });

    it("replaces no output and removes its temporaries when one output cannot be put in place", () => {
        fs.writeFileSync(path.join(dir, "attestation.json"), "previous run\n");
        fs.mkdirSync(path.join(dir, "junit.xml"));
        assert.throws(
            () => writeOutputs(dir, compliantEvaluation()),
            /writeOutputs: could not write the outputs to .*: .*junit\.xml is a directory/,
        );
        assert.deepStrictEqual(fs.readdirSync(dir).sort(), ["attestation.json", "junit.xml"]);
        assert.strictEqual(
            fs.readFileSync(path.join(dir, "attestation.json"), "utf8"),
            "previous run\n",
        );
    });

    it("rejects an empty output directory", () => {
        assert.throws(() => writeOutputs("", compliantEvaluation()), {
            message: 'writeOutputs: output directory must be a non-empty path, got ""',
        });
    });

    it("never puts a secret from the resources in any output", () => {
        let stack = compliantStack().map((r) =>
            r.name === "app"
                ? container("app", {
                      envs: [`APP_KEY=${SECRET}`],
                      uploads: [{ file: "/var/www/html/.env", content: `DB_PASSWORD=${SECRET}` }],
                  })
                : r,
        );
        stack = stack.map((r) =>
            r.name === "landsraad_tst"
                ? {
                      ...server(),
                      props: {
                          ...server().props,
                          dockerHost: `ssh://deploy:${SECRET}@10.10.100.20`,
                      },
                  }
                : r,
        );
        const e = withResult(compliantEvaluation(stack), "CHOM-RES-001", "app", {
            state: "FAIL",
            message: "container chom-app has no memory limit (`memory`)",
        });
        const outputs = renderAll(e);
        for (const [name, text] of Object.entries(outputs))
            assert.ok(
                !text.includes(SECRET) && !text.includes("sk_live"),
                `${name} contains the secret`,
            );
        // The secret is in the evaluated inputs: the digest covers it, so it differs from the clean
        // stack's.
        assert.notStrictEqual(e.resourcesDigest, compliantEvaluation().resourcesDigest);
    });

    it("escapes a resource name with <script> in HTML and XML outputs", () => {
        const evil = "<script>alert(document.cookie)</script>";
        const stack = compliantStack().map((r) =>
            r.name === "redis" ? { ...container("redis", { name: evil }), name: evil } : r,
        );
        const outputs = renderAll(
            withResult(compliantEvaluation(stack), "CHOM-RES-001", evil, {
                state: "FAIL",
                message: `${evil} has no memory limit`,
            }),
        );
        assert.ok(!outputs.certificateHtml.includes("<script"));
        assert.ok(!outputs.junit.includes("<script"));
        assert.ok(!outputs.certificateMd.includes("<script"));
        assert.ok(
            outputs.certificateHtml.includes("&lt;script&gt;alert(document.cookie)&lt;/script&gt;"),
        );
        assert.ok(
            outputs.junit.includes(
                'name="CHOM-RES-001 &lt;script&gt;alert(document.cookie)&lt;/script&gt;"',
            ),
        );
    });
});
