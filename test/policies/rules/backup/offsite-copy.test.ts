import { offsiteCopy } from "../../../../policies/rules/backup/offsite-copy";
import { itStackCases } from "../../../helpers/rule-cases";

describe("CHOM-BAK-004 off-site copy", () => {
    itStackCases(offsiteCopy, __filename);
});
