import * as pulumi from "@pulumi/pulumi";
import { FirewallProps, TYPES } from "../../policies/lib/subjects";
import { renderNftables } from "../render/nftables";
import { ChomComponent } from "./component";

/**
 * `chom:host:Firewall`: the host's packet filter. It renders the nftables ruleset (input chain
 * and DOCKER-USER) as an output; applying it on the host (`nft -f`) is the operator's step and
 * the live checks compare the host's ruleset with these inputs.
 */
export class Firewall extends ChomComponent<FirewallProps> {
    /** The nftables ruleset rendered from the inputs. */
    public readonly nftablesRuleset: pulumi.Output<string>;

    constructor(name: string, props: FirewallProps, opts?: pulumi.ComponentResourceOptions) {
        const ruleset = renderNftables(props);
        super(TYPES.firewall, name, props, opts, { nftablesRuleset: ruleset });
        this.nftablesRuleset = pulumi.output(ruleset);
    }
}
