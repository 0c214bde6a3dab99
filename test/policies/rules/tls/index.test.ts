import { TLS_RULES } from "../../../../policies/rules/tls";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("TLS rules", "tls", TLS_RULES, {
    "CHOM-TLS-001": ["mandatory", "high", "resource"],
    "CHOM-TLS-002": ["mandatory", "high", "resource"],
    "CHOM-TLS-003": ["mandatory", "medium", "resource"],
    "CHOM-TLS-004": ["mandatory", "medium", "resource"],
    "CHOM-TLS-005": ["mandatory", "medium", "resource"],
    "CHOM-TLS-006": ["mandatory", "high", "resource"],
    "CHOM-TLS-007": ["advisory", "low", "resource"],
    "CHOM-TLS-008": ["advisory", "medium", "resource"],
});
