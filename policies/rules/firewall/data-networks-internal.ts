import { certificateRef } from "../../lib/frameworks";
import { notApplicable, ResourceRule } from "../../lib/rule";
import { NetworkProps, TYPES } from "../../lib/subjects";

/** Config of CHOM-FW-008. */
export type DataNetworksInternalConfig = {
    /** Names of docker networks that carry data or monitoring traffic only. */
    internalNetworks: string[];
};

/**
 * CHOM-FW-008: an internal network has no route out, so a compromised data container cannot call
 * home.
 */
export const dataNetworksInternal: ResourceRule<DataNetworksInternalConfig> = {
    id: "CHOM-FW-008",
    policyName: "chom-fw-data-networks-internal",
    title: "The data and monitoring docker networks are internal",
    category: "Security",
    severity: "medium",
    framework: certificateRef("Firewall rules configured correctly"),
    description:
        "Docker networks named in the configured list (the data and monitoring networks) must be created with `internal: true`, " +
        "so containers attached only to them have no route to or from outside the host. Other networks (the edge) are not judged.",
    remediation:
        "Set `internal: true` on the network; attach only the edge container (nginx) to a non-internal network.",
    enforcementLevel: "advisory",
    enforcementRationale:
        "Advisory: a non-internal data or monitoring network gives its containers an outbound route but publishes nothing by itself (FW-004, FW-005 and FW-006 block inbound exposure), so an operator can accept the missing defence in depth with a note.",
    appliesTo: [TYPES.network],
    certificateItem: "Firewall rules configured correctly",
    scope: "resource",
    config: {
        internalNetworks: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["chom-internal", "chom-monitoring"],
            description: "Docker network names that must be internal.",
        },
    },
    check(subject, config) {
        const props = subject.props as NetworkProps;
        const name =
            typeof props.name === "string" && props.name !== "" ? props.name : subject.name;
        if (!config.internalNetworks.includes(name))
            return notApplicable(
                `network ${name} is not one of the internal networks (${config.internalNetworks.join(", ")})`,
            );
        if (props.internal === true) return [];
        const value =
            props.internal === undefined
                ? "internal not set"
                : `internal: ${JSON.stringify(props.internal)}`;
        return [
            {
                message: `network ${name} is not internal (${value}): set internal: true so its containers have no route to or from outside the host`,
            },
        ];
    },
};
