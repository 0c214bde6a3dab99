import { edgeRateLimit } from "../../../../policies/rules/tls/edge-rate-limit";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-TLS-008 edge rate limit", () => {
    itResourceCases(edgeRateLimit, __filename);
});
