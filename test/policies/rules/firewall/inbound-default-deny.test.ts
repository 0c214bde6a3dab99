import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { inboundDefaultDeny } from "../../../../policies/rules/firewall/inbound-default-deny";
import { firewall, tls } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-FW-001 inbound default deny", () => {
    it("passes the compliant firewall (deny) and a reject default", () => {
        assert.strictEqual(judgeOne(inboundDefaultDeny, firewall()).state, "PASS");
        assert.strictEqual(judgeOne(inboundDefaultDeny, firewall({ defaultInbound: "reject" })).state, "PASS");
    });
    it("fails an allow default, naming the firewall and the value", () => {
        const o = judgeOne(inboundDefaultDeny, firewall({ defaultInbound: "allow" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, `firewall landsraad_tst-firewall does not deny inbound traffic by default (defaultInbound "allow"): set defaultInbound to "deny" or "reject"`);
    });
    it("fails a missing default", () => {
        const fw = firewall();
        delete fw.props.defaultInbound;
        const o = judgeOne(inboundDefaultDeny, fw);
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, `firewall landsraad_tst-firewall does not deny inbound traffic by default (defaultInbound not set): set defaultInbound to "deny" or "reject"`);
    });
    it("is not applicable to the TLS edge", () => {
        assert.strictEqual(judgeOne(inboundDefaultDeny, tls()).state, "NOT_APPLICABLE");
    });
    it("throws UnknownValueError when defaultInbound is unknown at preview", () => {
        const fw = firewall();
        fw.props = unknownCheckingProxy({ ...fw.props, defaultInbound: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        assert.throws(() => judgeOne(inboundDefaultDeny, fw), UnknownValueError);
    });
});
