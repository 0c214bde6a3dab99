import * as assert from "assert";
import {
    capabilitiesRestricted,
    normaliseCapability,
} from "../../../../policies/rules/resources/capabilities-restricted";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

const judge = (c: Parameters<typeof judgeOne>[1]) => judgeOne(capabilitiesRestricted, c);

describe("CHOM-RES-019 capabilities restricted", () => {
    itResourceCases(capabilitiesRestricted, __filename);
    it("passes every compliant container, and the capabilities entrypoints need", () => {
        assertEveryContainerPasses(capabilitiesRestricted);
        const adds = ["CHOWN", "SETUID", "SETGID", "DAC_OVERRIDE", "NET_BIND_SERVICE"];
        const mysql = container("mysql", { capabilities: { drops: ["ALL"], adds } });
        assert.strictEqual(judge(mysql).state, "PASS");
    });
    it("normalises capability names", () => {
        assert.deepStrictEqual(
            ["CAP_NET_RAW", " net_raw ", "Cap_Net_Raw"].map(normaliseCapability),
            ["NET_RAW", "NET_RAW", "NET_RAW"],
        );
    });
    it("throws UnknownValueError when the added capabilities are unknown at preview", () => {
        assertThrowsUnknown(judge, container("app"), {
            capabilities: { drops: ["ALL"], adds: UNKNOWN_SENTINEL },
        });
    });
});
