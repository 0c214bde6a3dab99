import * as assert from "assert";
import { noPrivileged } from "../../../../policies/rules/resources/no-privileged";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-010 no privileged containers", () => {
    it("passes every compliant container", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(noPrivileged, container(s)).state, "PASS", s);
    });
    it("fails a privileged container", () => {
        const o = judgeOne(noPrivileged, container("node-exporter", { privileged: true }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-node-exporter runs privileged (privileged: true); it must not",
        );
    });
});
