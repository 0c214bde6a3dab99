/**
 * What the pack and its benchmark twin change in the runner (policies/lib/runner-setup), in a
 * process of its own: an earlier test of this run may already have shared deserialization.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const MODULE = path.resolve(__dirname, "../../../policies/lib/runner-setup");

describe("setUpRunner (what the pack and its benchmark twin change in the runner)", () => {
    it("leaves the SDK sharing deserialized properties (and needs no runner to do so)", () => {
        const script = `const sdk = require("@pulumi/policy/deserialize");
const before = sdk.deserializeProperties.shared === true;
require(${JSON.stringify(MODULE)}).setUpRunner();
console.log(JSON.stringify({ before, after: sdk.deserializeProperties.shared === true }));`;
        const out = execFileSync(process.execPath, ["-e", script], {
            cwd: path.dirname(MODULE),
            encoding: "utf8",
            timeout: 30_000,
        });
        assert.deepStrictEqual(JSON.parse(out.trim()), { before: false, after: true });
    });
});
