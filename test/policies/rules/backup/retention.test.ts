import { retention } from "../../../../policies/rules/backup/retention";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-BAK-003 retention", () => {
    itResourceCases(retention, __filename);
});
