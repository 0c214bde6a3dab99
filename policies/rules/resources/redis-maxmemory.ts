import { certificateRef } from "../../lib/frameworks";
import { notApplicable, ResourceRule } from "../../lib/rule";
import { bytesToMb, formatMb, parseMemorySize } from "../../lib/sizes";
import { ContainerProps, LABELS, TYPES } from "../../lib/subjects";
import { serviceOf } from "../../lib/service-identity";
import { containerName, round } from "./support/container-facts";
import { redisDirective } from "./support/redis-config";

/** Config of CHOM-RES-007. */
export type RedisMaxmemoryConfig = {
    /** Largest allowed maxmemory as a fraction of the container's memory limit. */
    maxFraction: number;
};

/**
 * CHOM-RES-007: without `maxmemory` (or with it at the container limit) Redis grows until the
 * kernel OOM-kills it, losing cache, sessions and queued jobs; below the limit, the eviction
 * policy decides instead, and fork for AOF rewrite still has room.
 */
export const redisMaxmemory: ResourceRule<RedisMaxmemoryConfig> = {
    id: "CHOM-RES-007",
    policyName: "chom-res-redis-maxmemory",
    title: "Redis maxmemory is set below its container's memory limit",
    category: "Reliability",
    severity: "medium",
    framework: certificateRef("Caching strategy implemented"),
    description:
        "The redis container (service `redis`) must set `--maxmemory <size>` in its command, or `maxmemory` in an uploaded config " +
        "file it loads, at or below the configured fraction of its memory limit, so eviction happens before the OOM killer.",
    remediation:
        "Add `--maxmemory <size>` (e.g. `256mb`) and a `--maxmemory-policy` to the redis command, at most maxFraction of `memoryMb`.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: Redis without maxmemory below its container's limit grows until the OOM killer stops it, losing sessions and queued jobs and taking the app down with it.",
    appliesTo: [TYPES.container],
    certificateItem: "Caching strategy implemented",
    scope: "resource",
    config: {
        maxFraction: {
            type: "number",
            exclusiveMinimum: 0,
            maximum: 1,
            default: 0.8,
            description: "Largest maxmemory as a fraction of the redis container's memory limit.",
        },
    },
    check(subject, config) {
        const c = subject.props as ContainerProps;
        if (serviceOf(subject) !== "redis")
            return notApplicable(
                `container ${containerName(subject)} does not run Redis, Valkey or KeyDB (by its image, name or ${LABELS.service} label)`,
            );
        const name = containerName(subject);
        const directive = redisDirective(c, "maxmemory");
        if (directive === undefined) {
            return [
                {
                    message: `redis container ${name} sets no maxmemory (in its command or an uploaded config file): Redis grows until it is OOM-killed`,
                },
            ];
        }
        const where = directive.from === "command" ? "in its command" : `in ${directive.from}`;
        const size = parseMemorySize(directive.value, "redis");
        if (!size.ok)
            return [{ message: `redis container ${name} has maxmemory ${where}: ${size.error}` }];
        if (size.bytes === 0)
            return [
                {
                    message: `redis container ${name} sets maxmemory 0 ${where}, which means no limit`,
                },
            ];
        const maxMb = bytesToMb(size.bytes);
        if (!(c.memory !== undefined && c.memory > 0)) {
            return [
                {
                    message: `redis container ${name} has maxmemory ${directive.value} but no container memory limit to keep it under`,
                },
            ];
        }
        const allowedMb = c.memory * config.maxFraction;
        if (maxMb > allowedMb) {
            return [
                {
                    message:
                        `redis container ${name} has maxmemory ${directive.value} (${formatMb(round(maxMb, 1))}) ${where}, above ${formatMb(round(allowedMb, 1))} ` +
                        `(${config.maxFraction} of its ${c.memory} MB memory limit)`,
                },
            ];
        }
        return [];
    },
};
