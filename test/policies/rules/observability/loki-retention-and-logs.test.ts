import { lokiRetentionAndLogs } from "../../../../policies/rules/observability/loki-retention-and-logs";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-OBS-006 Loki retention and shipped logs", () => {
    itResourceCases(lokiRetentionAndLogs, __filename);
});
