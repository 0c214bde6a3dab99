/**
 * Base of the `chom:*` components: things Docker alone cannot express (the host, its firewall,
 * TLS at the edge, the backup plan, monitoring). Their args are sent to the engine as the
 * component's inputs, which is what the policy pack reads, so the args ARE the contract
 * (policies/lib/subjects.ts): pass every property, rename nothing.
 */
import * as pulumi from "@pulumi/pulumi";

export abstract class ChomComponent<Props extends object> extends pulumi.ComponentResource {
    /** The declared properties, as registered. */
    public readonly props: Props;

    protected constructor(
        type: string,
        name: string,
        props: Props,
        opts?: pulumi.ComponentResourceOptions,
        outputs: pulumi.Inputs = {},
    ) {
        // A deep copy: the engine must see the values as they were declared, not later mutations.
        const copy = JSON.parse(JSON.stringify(props)) as Props;
        super(type, name, copy as pulumi.Inputs, opts);
        this.props = copy;
        // Stack policies (AnalyzeStack) see a resource's outputs, not its inputs: register the
        // declared properties as outputs too, so both kinds of policy read the same contract.
        this.registerOutputs({ ...(copy as pulumi.Inputs), ...outputs });
    }
}
