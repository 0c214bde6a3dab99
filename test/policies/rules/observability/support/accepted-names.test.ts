import * as assert from "assert";
import {
    acceptedNamesProperty,
    unmet,
} from "../../../../../policies/rules/observability/support/accepted-names";

describe("observability accepted names (a requirement met by any one of several names)", () => {
    it("acceptedNamesProperty: a map of non-empty name lists, with its default and description", () => {
        const p = acceptedNamesProperty({ disk: ["DiskSpaceLow"] }, "what is required");
        assert.deepStrictEqual(p, {
            type: "object",
            additionalProperties: {
                type: "array",
                items: { type: "string", minLength: 1 },
                minItems: 1,
            },
            default: { disk: ["DiskSpaceLow"] },
            description: "what is required",
        });
    });
    it("unmet: the requirements none of whose names is present, in their order, with their names", () => {
        const required = {
            "log shipper": ["alloy", "promtail"],
            grafana: ["grafana"],
            loki: ["loki"],
        };
        assert.deepStrictEqual(unmet(required, new Set(["promtail", "grafana"])), [
            ["loki", ["loki"]],
        ]);
        assert.deepStrictEqual(unmet(required, new Set()), Object.entries(required));
        assert.deepStrictEqual(unmet(required, new Set(["alloy", "grafana", "loki"])), []);
        assert.deepStrictEqual(unmet({}, new Set()), []);
    });
});
