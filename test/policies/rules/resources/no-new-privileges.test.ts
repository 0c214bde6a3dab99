import { noNewPrivileges } from "../../../../policies/rules/resources/no-new-privileges";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-RES-012 no-new-privileges", () => {
    itResourceCases(noNewPrivileges, __filename);
    it("passes every compliant container and the bare spelling", () => {
        const bare = container("app", { securityOpts: ["no-new-privileges"] });
        assertEveryContainerPasses(noNewPrivileges, bare);
    });
});
