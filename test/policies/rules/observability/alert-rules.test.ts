import { alertRules } from "../../../../policies/rules/observability/alert-rules";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-OBS-003 alert rules", () => {
    itResourceCases(alertRules, __filename);
});
