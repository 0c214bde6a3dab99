import { RESOURCES_RULES } from "../../../../policies/rules/resources";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("resources rules", "res", RESOURCES_RULES, {
    "CHOM-RES-001": ["mandatory", "high", "resource"],
    "CHOM-RES-002": ["mandatory", "medium", "resource"],
    "CHOM-RES-003": ["mandatory", "high", "stack"],
    "CHOM-RES-004": ["advisory", "medium", "stack"],
    "CHOM-RES-005": ["advisory", "medium", "resource"],
    "CHOM-RES-006": ["mandatory", "high", "resource"],
    "CHOM-RES-007": ["mandatory", "medium", "resource"],
    "CHOM-RES-008": ["mandatory", "high", "resource"],
    "CHOM-RES-009": ["mandatory", "high", "resource"],
    "CHOM-RES-010": ["mandatory", "critical", "resource"],
    "CHOM-RES-011": ["mandatory", "critical", "resource"],
    "CHOM-RES-012": ["mandatory", "medium", "resource"],
    "CHOM-RES-013": ["advisory", "low", "resource"],
    "CHOM-RES-014": ["mandatory", "medium", "stack"],
    "CHOM-RES-015": ["mandatory", "critical", "resource"],
    "CHOM-RES-016": ["mandatory", "critical", "resource"],
    "CHOM-RES-017": ["advisory", "medium", "resource"],
    "CHOM-RES-018": ["mandatory", "high", "resource"],
    "CHOM-RES-019": ["mandatory", "high", "resource"],
    "CHOM-RES-020": ["mandatory", "high", "resource"],
    "CHOM-RES-021": ["mandatory", "critical", "resource"],
    "CHOM-RES-022": ["mandatory", "high", "resource"],
    "CHOM-RES-023": ["mandatory", "critical", "resource"],
    "CHOM-RES-024": ["mandatory", "high", "stack"],
});
