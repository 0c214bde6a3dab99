import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { dataNetworksInternal } from "../../../../policies/rules/firewall/data-networks-internal";
import { network } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-FW-008 data networks internal", () => {
    it("passes the compliant internal and monitoring networks", () => {
        assert.strictEqual(
            judgeOne(dataNetworksInternal, network("chom-internal", true)).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(dataNetworksInternal, network("chom-monitoring", true)).state,
            "PASS",
        );
    });
    it("is not applicable to the edge network", () => {
        const o = judgeOne(dataNetworksInternal, network("chom-edge", false));
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(
            o.message,
            "network chom-edge is not one of the internal networks (chom-internal, chom-monitoring)",
        );
    });
    it("fails a data network that is not internal", () => {
        const o = judgeOne(dataNetworksInternal, network("chom-internal", false));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "network chom-internal is not internal (internal: false): set internal: true so its containers have no route to or from outside the host",
        );
    });
    it("fails a data network with internal unset", () => {
        const n = network("chom-monitoring", true);
        delete n.props.internal;
        assert.strictEqual(
            judgeOne(dataNetworksInternal, n).message,
            "network chom-monitoring is not internal (internal not set): set internal: true so its containers have no route to or from outside the host",
        );
    });
    it("config internalNetworks: naming chom-edge makes it fail", () => {
        assert.strictEqual(
            judgeOne(dataNetworksInternal, network("chom-edge", false), {
                internalNetworks: ["chom-edge"],
            }).state,
            "FAIL",
        );
    });
    it("throws UnknownValueError when internal is unknown at preview", () => {
        const n = network("chom-internal", true);
        n.props = unknownCheckingProxy({
            ...n.props,
            internal: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(() => judgeOne(dataNetworksInternal, n), UnknownValueError);
    });
    it("judges a network by its props name, falling back to the resource name when it is empty or missing", () => {
        const named = network("resource-name", false);
        named.props.name = "chom-internal";
        assert.strictEqual(
            judgeOne(dataNetworksInternal, named).message,
            "network chom-internal is not internal (internal: false): set internal: true so its containers have no route to or from outside the host",
        );
        const empty = network("chom-monitoring", false);
        empty.props.name = "";
        assert.strictEqual(
            judgeOne(dataNetworksInternal, empty).message,
            "network chom-monitoring is not internal (internal: false): set internal: true so its containers have no route to or from outside the host",
        );
        const missing = network("chom-monitoring", false);
        delete missing.props.name;
        assert.strictEqual(judgeOne(dataNetworksInternal, missing).state, "FAIL");
        const other = network("chom-internal", false);
        other.props.name = "chom-edge";
        assert.strictEqual(
            judgeOne(dataNetworksInternal, other).message,
            "network chom-edge is not one of the internal networks (chom-internal, chom-monitoring)",
        );
    });
});
