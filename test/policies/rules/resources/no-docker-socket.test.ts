import { noDockerSocket } from "../../../../policies/rules/resources/no-docker-socket";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-RES-011 no docker socket mount", () => {
    it("passes every compliant container", () => {
        assertEveryContainerPasses(noDockerSocket);
    });
    itResourceCases(noDockerSocket, __filename);
});
