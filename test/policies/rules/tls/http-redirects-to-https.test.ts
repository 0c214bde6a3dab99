import { httpRedirectsToHttps } from "../../../../policies/rules/tls/http-redirects-to-https";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-TLS-004 HTTP redirects to HTTPS", () => {
    itResourceCases(httpRedirectsToHttps, __filename);
});
