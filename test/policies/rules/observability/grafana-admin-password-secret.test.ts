import { grafanaAdminPasswordSecret } from "../../../../policies/rules/observability/grafana-admin-password-secret";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-OBS-004 Grafana admin password from a secret file", () => {
    itResourceCases(grafanaAdminPasswordSecret, __filename);
});
