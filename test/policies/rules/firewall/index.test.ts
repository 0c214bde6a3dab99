import { FIREWALL_RULES } from "../../../../policies/rules/firewall";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("firewall rules", "fw", FIREWALL_RULES, {
    "CHOM-FW-001": ["mandatory", "critical", "resource"],
    "CHOM-FW-002": ["mandatory", "critical", "resource"],
    "CHOM-FW-003": ["mandatory", "high", "resource"],
    "CHOM-FW-004": ["mandatory", "critical", "stack"],
    "CHOM-FW-005": ["mandatory", "high", "resource"],
    "CHOM-FW-006": ["mandatory", "high", "stack"],
    "CHOM-FW-007": ["mandatory", "critical", "resource"],
    "CHOM-FW-008": ["advisory", "medium", "resource"],
});
