import { noHostDevices } from "../../../../policies/rules/resources/no-host-devices";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-020 no host devices", () => {
    itResourceCases(noHostDevices, __filename);
    it("passes every compliant container, and an empty devices list", () => {
        assertEveryContainerPasses(noHostDevices, container("app", { devices: [] }));
    });
    it("throws UnknownValueError when the devices are unknown at preview", () => {
        assertThrowsUnknown((c) => judgeOne(noHostDevices, c), container("app"), {
            devices: UNKNOWN_SENTINEL,
        });
    });
});
