import { OBSERVABILITY_RULES } from "../../../../policies/rules/observability";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("observability rules", "obs", OBSERVABILITY_RULES, {
    "CHOM-OBS-001": ["advisory", "medium", "stack"],
    "CHOM-OBS-002": ["advisory", "medium", "stack"],
    "CHOM-OBS-003": ["advisory", "medium", "resource"],
    "CHOM-OBS-004": ["mandatory", "high", "resource"],
    "CHOM-OBS-005": ["mandatory", "high", "stack"],
    "CHOM-OBS-006": ["advisory", "low", "resource"],
});
