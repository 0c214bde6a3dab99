import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { deferredModule } from "../../policies/certify/deferred-modules";

const REPO = path.resolve(__dirname, "../..");

describe("program worker: TypeScript and arborist load on first use (deferred-modules)", () => {
    it("a deferred module loads once, on the first read, and then behaves as the module", () => {
        let loads = 0;
        const m = deferredModule(() => {
            loads++;
            return { answer: 42, f: () => "real" };
        }) as { answer: number; f(): string; __esModule?: boolean };
        assert.strictEqual(m.__esModule, true);
        assert.strictEqual(loads, 0);
        assert.strictEqual(m.answer, 42);
        assert.strictEqual(m.f(), "real");
        assert.ok("f" in m);
        assert.deepStrictEqual(Object.keys(m), ["answer", "f"]);
        assert.strictEqual(loads, 1);
    });
    it("@pulumi/pulumi loads without them, and function serialization still works", () => {
        const script = `
            require("./policies/certify/deferred-modules").deferHeavyModules();
            const loaded = () => Object.keys(require.cache).filter((f) =>
                /node_modules\\/typescript\\/lib\\/typescript\\.js$|@npmcli\\/arborist\\/lib\\/index\\.js$/.test(f)).length;
            const pulumi = require("@pulumi/pulumi");
            const before = loaded();
            const ts = require("@pulumi/pulumi/typescript-shim");
            const kind = typeof ts.SyntaxKind.SuperKeyword;
            const arborist = typeof require("@npmcli/arborist").Arborist;
            pulumi.runtime.serializeFunction(function f() { return 1; }).then((s) =>
                console.log(JSON.stringify({ before, kind, arborist, after: loaded(), text: s.text.includes("return 1") })));
        `;
        const out = execFileSync(process.execPath, ["-e", script], {
            cwd: REPO,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"], // arborist's dependencies warn on load
        });
        assert.deepStrictEqual(JSON.parse(out), {
            before: 0,
            kind: "number",
            arborist: "function",
            after: 2,
            text: true,
        });
    });
});
