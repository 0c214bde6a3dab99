import { cpuOversubscription } from "../../../../policies/rules/resources/cpu-oversubscription";
import { itStackCases } from "../../../helpers/rule-cases";

describe("CHOM-RES-004 CPU oversubscription", () => {
    itStackCases(cpuOversubscription, __filename);
});
