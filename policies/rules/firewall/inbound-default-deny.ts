import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { FirewallProps, TYPES } from "../../lib/subjects";
import { defaultAllows, describeDefaultInbound } from "./support/firewall-view";
import { extraFindings, missingFindings, readRenderedFirewall } from "./support/rendered-ruleset";

/** CHOM-FW-001: with an allowing default, every port nobody thought about is open. */
export const inboundDefaultDeny: ResourceRule = {
    id: "CHOM-FW-001",
    policyName: "chom-fw-inbound-default-deny",
    title: "The host firewall denies inbound traffic by default",
    category: "Security",
    severity: "critical",
    framework: certificateRef("Firewall rules configured correctly"),
    description:
        "The firewall's `defaultInbound` policy must be `deny` or `reject`, so that only ports a rule names are reachable. " +
        "An `allow` default opens every listening service on the host, including ones added later.",
    remediation:
        'Set `defaultInbound: "deny"` on the chom:host:Firewall and add one rule per port that must be reachable.',
    enforcementLevel: "mandatory",
    enforcementRationale:
        'Mandatory: an allow-by-default inbound policy exposes every service listening on the host, including ones added later, to the internet; the certificate\'s "Firewall rules configured correctly" needs default deny.',
    appliesTo: [TYPES.firewall],
    certificateItem: "Firewall rules configured correctly",
    scope: "resource",
    config: {},
    check(subject) {
        const props = subject.props as unknown as FirewallProps;
        const found: Violation[] = !defaultAllows(props)
            ? []
            : [
                  {
                      message: `firewall ${subject.name} does not deny inbound traffic by default (${describeDefaultInbound(props)}): set defaultInbound to "deny" or "reject"`,
                  },
              ];
        // What the host loads must match the declaration: the default, and every port it accepts.
        const view = readRenderedFirewall(subject);
        if (view.problem !== undefined) return [...found, { message: view.problem }];
        const declared = `firewall ${subject.name} declares ${describeDefaultInbound(props)}`;
        const d = view.inputDefault;
        // Only a stated default can be compared (an unstated one fails above).
        const stated = ["deny", "reject", "allow"].includes(props.defaultInbound);
        if (d === undefined)
            found.push({
                message: `${declared} but its rendered nftables ruleset has no filter chain on the input hook`,
            });
        else if (stated && (d.defaultVerdict === "drop") === defaultAllows(props)) {
            found.push({
                message: `${declared} but its rendered nftables ruleset ${d.defaultVerdict === "drop" ? "drops" : "accepts"} by default (chain ${d.chain}: ${d.defaultWhere})`,
            });
        }
        for (const message of [
            ...extraFindings(subject.name, props, view),
            ...missingFindings(subject.name, view),
        ])
            found.push({ message });
        return found;
    },
};
