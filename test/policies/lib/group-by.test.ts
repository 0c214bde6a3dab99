import * as assert from "assert";
import { groupBy } from "../../../policies/lib/group-by";

describe("groupBy", () => {
    it("groups by key in first-seen key order, each group in the items' order", () => {
        const grouped = groupBy(["b1", "a1", "b2", "c1", "a2"], (s) => s[0]);
        assert.deepStrictEqual(
            [...grouped],
            [
                ["b", ["b1", "b2"]],
                ["a", ["a1", "a2"]],
                ["c", ["c1"]],
            ],
        );
    });

    it("gives an empty map for no items", () => {
        assert.strictEqual(groupBy([], (s: string) => s).size, 0);
    });
});
