import * as pulumi from "@pulumi/pulumi";
import { FirewallProps, TYPES } from "../../policies/lib/subjects";
import { renderNftables } from "../render/nftables";
import { ChomComponent } from "./component";

/**
 * `chom:host:Firewall`: the host's packet filter. Its `nftablesRuleset` input is rendered from
 * the other inputs (input chain and DOCKER-USER), so what the pack judges is the ruleset the
 * host loads; applying it on the host (`nft -f`) is the operator's step and the live checks
 * compare the host's ruleset with these inputs.
 */
export class Firewall extends ChomComponent<FirewallProps> {
    /** The nftables ruleset rendered from the inputs. */
    public readonly nftablesRuleset: pulumi.Output<string>;

    constructor(
        name: string,
        props: Omit<FirewallProps, "nftablesRuleset">,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        const ruleset = renderNftables(props);
        // An input, not only an output: resource policies (Analyze) see inputs only.
        super(TYPES.firewall, name, { ...props, nftablesRuleset: ruleset }, opts);
        this.nftablesRuleset = pulumi.output(ruleset);
    }
}
