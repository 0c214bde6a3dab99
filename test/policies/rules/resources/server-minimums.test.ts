import { serverMinimums } from "../../../../policies/rules/resources/server-minimums";
import { server } from "../../../helpers/fixture-stack";
import { itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-017 server minimums", () => {
    itResourceCases(serverMinimums, __filename);
    it("throws UnknownValueError when a size is unknown at preview", () => {
        assertThrowsUnknown((s) => judgeOne(serverMinimums, s), server(), {
            usableMemoryGib: UNKNOWN_SENTINEL,
        });
    });
});
