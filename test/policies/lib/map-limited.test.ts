import * as assert from "assert";
import { mapLimited } from "../../../policies/lib/map-limited";

describe("mapLimited (bounded concurrency, results in input order)", () => {
    it("keeps the input order whatever order the calls finish in", async () => {
        const out = await mapLimited([30, 10, 20, 0], 4, async (ms, i) => {
            await new Promise((r) => setTimeout(r, ms));
            return `${i}:${ms}`;
        });
        assert.deepStrictEqual(out, ["0:30", "1:10", "2:20", "3:0"]);
    });
    it("never runs more than `limit` calls at once, and runs them all", async () => {
        let running = 0;
        let most = 0;
        const out = await mapLimited([...Array(20).keys()], 3, async (n) => {
            most = Math.max(most, ++running);
            await new Promise((r) => setTimeout(r, 1));
            running--;
            return n * 2;
        });
        assert.strictEqual(most, 3);
        assert.deepStrictEqual(
            out,
            [...Array(20).keys()].map((n) => n * 2),
        );
    });
    it("answers [] for no items, and rejects with the first failure", async () => {
        assert.deepStrictEqual(await mapLimited([], 8, async () => 1), []);
        await assert.rejects(
            mapLimited([1, 2], 2, async (n) => {
                if (n === 2) throw new Error("job 2 failed");
                return n;
            }),
            /job 2 failed/,
        );
    });
});
