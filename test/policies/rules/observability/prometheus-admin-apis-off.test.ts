import { prometheusAdminApisOff } from "../../../../policies/rules/observability/prometheus-admin-apis-off";
import { itStackCases } from "../../../helpers/rule-cases";

describe("CHOM-OBS-005 Prometheus admin and lifecycle APIs", () => {
    itStackCases(prometheusAdminApisOff, __filename);
});
