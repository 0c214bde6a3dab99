import * as assert from "assert";
import { UnknownValueError } from "@pulumi/policy";
import { publishedPortsFiltered } from "../../../../policies/rules/firewall/published-ports-filtered";
import { TYPES } from "../../../../policies/lib/subjects";
import { compliantStack, dockerService, firewall, replace } from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";
import { itStackCases } from "../../../helpers/rule-cases";
import { withUnknownProp } from "../../../helpers/unknown-props";

/** The compliant stack with no container publishing a port. */
const noPublishedPorts = () =>
    compliantStack().map((r) =>
        r.type === TYPES.container ? { ...r, props: { ...r.props, ports: [] } } : r,
    );

describe("CHOM-FW-006 published ports covered by the firewall in DOCKER-USER", () => {
    itStackCases(publishedPortsFiltered, __filename);
    it("is not applicable when no container publishes a port", () => {
        assert.strictEqual(judgeAll(publishedPortsFiltered, noPublishedPorts()), "NOT_APPLICABLE");
    });
    it("throws UnknownValueError when enforcedInDockerUserChain is unknown at preview", () => {
        const fw = withUnknownProp(firewall(), "enforcedInDockerUserChain");
        assert.throws(
            () => judgeAll(publishedPortsFiltered, replace(compliantStack(), fw)),
            UnknownValueError,
        );
    });
    it("a port needs a rule in one firewall, not in all; ports are read only from containers", () => {
        const second = {
            ...firewall({ rules: [] }),
            name: "other-firewall",
            urn: "urn:pulumi:landsraad_tst::chom::chom:host:Firewall::other-firewall",
        };
        assert.deepStrictEqual(
            namesIn(judgeAll(publishedPortsFiltered, [...compliantStack(), second]), "FAIL"),
            [],
        );
        const service = dockerService([
            { internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" },
        ]);
        assert.deepStrictEqual(
            namesIn(judgeAll(publishedPortsFiltered, [...compliantStack(), service]), "FAIL"),
            [],
        );
    });
    it("is not applicable with the reason when every published port is on loopback", () => {
        assert.deepStrictEqual(
            publishedPortsFiltered.check(noPublishedPorts(), { worldOpenPorts: [80, 443] }),
            { notApplicable: "no container publishes a port on a non-loopback address" },
        );
    });
});
