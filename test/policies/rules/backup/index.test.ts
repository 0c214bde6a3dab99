import { BACKUP_RULES } from "../../../../policies/rules/backup";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("backup rules", "bak", BACKUP_RULES, {
    "CHOM-BAK-001": ["mandatory", "critical", "stack"],
    "CHOM-BAK-002": ["mandatory", "high", "resource"],
    "CHOM-BAK-003": ["mandatory", "high", "resource"],
    "CHOM-BAK-004": ["mandatory", "critical", "stack"],
    "CHOM-BAK-005": ["mandatory", "critical", "resource"],
    "CHOM-BAK-006": ["mandatory", "high", "resource"],
    "CHOM-BAK-007": ["advisory", "medium", "resource"],
    "CHOM-BAK-008": ["advisory", "medium", "resource"],
});
