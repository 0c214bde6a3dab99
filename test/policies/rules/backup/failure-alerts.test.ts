import { failureAlerts } from "../../../../policies/rules/backup/failure-alerts";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-BAK-007 backup alerts and metrics", () => {
    itResourceCases(failureAlerts, __filename);
});
