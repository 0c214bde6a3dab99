import { exportersScraped } from "../../../../policies/rules/observability/exporters-scraped";
import { itStackCases } from "../../../helpers/rule-cases";

describe("CHOM-OBS-002 every exporter and the app scraped", () => {
    itStackCases(exportersScraped, __filename);
});
