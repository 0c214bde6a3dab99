import { dataTierMinimumSizes } from "../../../../policies/rules/resources/data-tier-minimum-sizes";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-RES-005 data tier minimum sizes", () => {
    itResourceCases(dataTierMinimumSizes, __filename);
});
