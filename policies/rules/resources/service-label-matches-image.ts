import { certificatePartRef } from "../../lib/frameworks";
import type { StackRule, Violation } from "../../lib/rule";
import { identify, imageIndexOf } from "../../lib/service-identity";
import { ContainerProps, LABELS, TYPES } from "../../lib/subjects";
import { containerName, containersOf } from "./support/container-facts";

/** A label value accepted for an image that runs another service (a site's own naming). */
export type LabelEquivalence = { label: string; service: string; reason: string };

/** Config of CHOM-RES-024. */
export type ServiceLabelConfig = {
    equivalent: LabelEquivalence[];
};

/**
 * CHOM-RES-024: the `chom.service` label overrides what the image says, for the rules that ask
 * which service a container runs. A label naming another service would take the container out
 * of its service's rules (a Redis labelled `app` escapes the Redis password rule), so a
 * contradiction is a finding. A stack rule: an image unknown during preview (a RemoteImage's
 * `imageId`) or an image ID in a state export is resolved through the stack's image resources.
 */
export const serviceLabelMatchesImage: StackRule<ServiceLabelConfig> = {
    id: "CHOM-RES-024",
    policyName: "chom-res-service-label-matches-image",
    title: "A container's chom.service label agrees with the image it runs",
    category: "Security",
    severity: "high",
    framework: certificatePartRef(
        "Security Posture",
        "each service judged by the rules of what it runs (service identity from the image)",
    ),
    description:
        "When the image (resolved through its RemoteImage or Image resource when the container only holds an image ID) is one the " +
        "service catalogue knows, the `chom.service` label must name that service or one that shares the image (the app image also " +
        "runs `queue` and `scheduler`). A label on an unknown image, or no label, passes.",
    remediation: `Set ${LABELS.service} to the service the image runs, or remove the label; a site's own name for a service goes in \`equivalent\` with the reason.`,
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: a chom.service label that contradicts the image would let a Redis or MySQL container escape the rules of what it really runs.",
    appliesTo: [TYPES.container],
    scope: "stack",
    config: {
        equivalent: {
            type: "array",
            default: [],
            description:
                "Label values accepted for an image that runs another service: label, service (as the catalogue names it), reason.",
            items: {
                type: "object",
                properties: {
                    label: { type: "string", minLength: 1 },
                    service: { type: "string", minLength: 1 },
                    reason: { type: "string", minLength: 1 },
                },
                required: ["label", "service", "reason"],
                additionalProperties: false,
            },
        },
    },
    check(resources, config) {
        const images = imageIndexOf(resources);
        const found: Violation[] = [];
        for (const c of containersOf(resources)) {
            const id = identify(c, images);
            if (id.from === "label" && id.repository === undefined) {
                // A label with no image to hold it against: reading the image throws
                // UnknownValueError when it is unknown at preview (UNKNOWN, not PASS); an image ID
                // nothing resolves passes.
                void (c.props as ContainerProps).image;
            }
            if (id.conflict === undefined) continue;
            if (config.equivalent.some((e) => e.label === id.service && e.service === id.detected))
                continue;
            found.push({
                urn: c.urn,
                message: `container ${containerName(c)}: ${id.conflict}; the label must not contradict the image (set it to ${id.detected} or remove it)`,
            });
        }
        return found;
    },
};
