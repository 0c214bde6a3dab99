import { certificatePartRef } from "../../lib/frameworks";
import { notApplicable, ResourceRule } from "../../lib/rule";
import { bytesToMb, formatMb, parseMemorySize } from "../../lib/sizes";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName, envValue, round } from "./support/container-facts";

/** Config of CHOM-RES-006. */
export type PhpFpmFitsContainerConfig = {
    /** Percent of the container's memory kept for the FPM master process and opcache. */
    headroomPercent: number;
};

const CHILDREN_ENV = "PHP_FPM_PM_MAX_CHILDREN";
const MEMORY_LIMIT_ENV = "PHP_MEMORY_LIMIT";

/**
 * CHOM-RES-006: every FPM child may grow to `memory_limit`; if all of them together exceed the
 * container limit, a traffic spike gets the container OOM-killed instead of queueing requests.
 * The original: 50 children x 256 MB = 12.8 GB on an 8 GB host.
 */
export const phpFpmFitsContainer: ResourceRule<PhpFpmFitsContainerConfig> = {
    id: "CHOM-RES-006",
    policyName: "chom-res-php-fpm-fits-container",
    title: "PHP-FPM max_children x memory_limit fits the container's memory limit",
    category: "Performance",
    severity: "high",
    framework: certificatePartRef("Infrastructure Attestation", "Capacity Planning"),
    description:
        `On containers that set \`${CHILDREN_ENV}\` and \`${MEMORY_LIMIT_ENV}\`, the worst case (every child at its memory_limit) must ` +
        "fit the container's memory limit less a headroom for the master process and opcache. The original design allowed " +
        "50 children x 256 MB = 12.8 GB on an 8 GB host.",
    remediation: `Lower ${CHILDREN_ENV} (requests then queue instead of crashing), lower ${MEMORY_LIMIT_ENV}, or raise the container's \`memoryMb\`.`,
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: PHP-FPM children that together can exceed the container's memory are OOM-killed under load and drop requests site-wide (the original allowed 12.8 GB on an 8 GB host).",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        headroomPercent: {
            type: "number",
            minimum: 0,
            maximum: 100,
            default: 10,
            description:
                "Percent of the container memory reserved for the FPM master process and opcache.",
        },
    },
    check(subject, config) {
        const c = subject.props as ContainerProps;
        const childrenText = envValue(c, CHILDREN_ENV);
        const limitText = envValue(c, MEMORY_LIMIT_ENV);
        if (childrenText === undefined || limitText === undefined) {
            return notApplicable(
                `no ${CHILDREN_ENV} and ${MEMORY_LIMIT_ENV} in the environment: not a PHP-FPM container`,
            );
        }
        const name = containerName(subject);
        if (!/^\d+$/.test(childrenText.trim()) || Number(childrenText) < 1) {
            return [
                {
                    message: `container ${name} has ${CHILDREN_ENV}=${JSON.stringify(childrenText)}, which is not a positive whole number`,
                },
            ];
        }
        const children = Number(childrenText);
        const limit = parseMemorySize(limitText, "php");
        if (!limit.ok)
            return [{ message: `container ${name} has ${MEMORY_LIMIT_ENV}: ${limit.error}` }];
        if (!Number.isFinite(limit.bytes)) {
            return [
                {
                    message: `container ${name} has ${MEMORY_LIMIT_ENV}=-1 (unlimited): ${children} PHP-FPM children cannot be bounded; set a memory_limit such as 128M`,
                },
            ];
        }
        const perChildMb = bytesToMb(limit.bytes);
        const worstMb = children * perChildMb;
        const worst = `PHP-FPM ${children} children x ${formatMb(round(perChildMb, 1))} ${MEMORY_LIMIT_ENV} = ${formatMb(round(worstMb, 1))}`;
        if (!(c.memory !== undefined && c.memory > 0)) {
            return [{ message: `container ${name} has no memory limit to hold ${worst}` }];
        }
        const budgetMb = (c.memory * (100 - config.headroomPercent)) / 100;
        if (worstMb > budgetMb) {
            return [
                {
                    message:
                        `container ${name}: ${worst} exceeds ${formatMb(round(budgetMb, 1))}, the ${c.memory} MB memory limit less ${config.headroomPercent}% ` +
                        "for the master process and opcache",
                },
            ];
        }
        return [];
    },
};
