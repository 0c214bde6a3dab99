import { restoreTested } from "../../../../policies/rules/backup/restore-tested";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-BAK-006 restore tested", () => {
    itResourceCases(restoreTested, __filename);
});
