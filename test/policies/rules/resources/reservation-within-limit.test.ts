import { reservationWithinLimit } from "../../../../policies/rules/resources/reservation-within-limit";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-002 reservation within limit", () => {
    it("passes every compliant container", () => {
        assertEveryContainerPasses(reservationWithinLimit);
    });
    itResourceCases(reservationWithinLimit, __filename);
    it("throws UnknownValueError when the reservation is unknown at preview", () => {
        assertThrowsUnknown((c) => judgeOne(reservationWithinLimit, c), container("app"), {
            memoryReservation: UNKNOWN_SENTINEL,
        });
    });
});
