import { serverTokensOff } from "../../../../policies/rules/tls/server-tokens-off";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-TLS-007 server_tokens off", () => {
    itResourceCases(serverTokensOff, __filename);
});
