import { noHostNamespaces } from "../../../../policies/rules/resources/no-host-namespaces";
import { container } from "../../../helpers/fixture-stack";
import { assertEveryContainerPasses, itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-018 no host namespaces", () => {
    itResourceCases(noHostNamespaces, __filename);
    it("passes every compliant container (and the provider's default networkMode bridge)", () => {
        const modes = { networkMode: "bridge", pidMode: "container:chom-app", ipcMode: "private" };
        assertEveryContainerPasses(
            noHostNamespaces,
            container("app", { ...modes, usernsMode: "" }),
        );
    });
    it("throws UnknownValueError when a mode is unknown at preview", () => {
        assertThrowsUnknown((c) => judgeOne(noHostNamespaces, c), container("app"), {
            pidMode: UNKNOWN_SENTINEL,
        });
    });
});
