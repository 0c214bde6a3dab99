import { certificateRef } from "../../lib/frameworks";
import { notApplicable, ResourceRule, Violation } from "../../lib/rule";
import { ContainerProps, LABELS, TYPES } from "../../lib/subjects";
import { serviceOf } from "../../lib/service-identity";
import { commandWords, containerName, flagValues } from "./support/container-facts";

/**
 * CHOM-RES-016: Redis without a password serves cache, sessions and queued jobs to anything on
 * its network (the original design). `--requirepass` on the command line sets one but puts it
 * in plain container inputs (docker inspect, ps, the state), so the password must come from an
 * uploaded file: `--include <file>` or `--aclfile <file>`.
 */
export const redisPassword: ResourceRule = {
    id: "CHOM-RES-016",
    policyName: "chom-res-redis-password",
    title: "Redis requires a password kept in an uploaded file",
    category: "Security",
    severity: "critical",
    framework: certificateRef("Secrets management validated"),
    description:
        "The redis container (service `redis`) must load its password from a file it is given: `--include <file>` (with requirepass) " +
        "or `--aclfile <file>`, where <file> is one of the container's `uploads`. `--requirepass` on the command line fails: the " +
        "password would sit in plain container inputs. The original design ran Redis without a password.",
    remediation:
        "Upload a config file (from a Pulumi secret) with `requirepass <password>` to /run/secrets/redis-auth.conf and start `redis-server ... --include /run/secrets/redis-auth.conf`.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: Redis without a password (the original design) lets any process on its network read sessions and inject queue jobs, and a password on the command line sits in plain inputs and the process list.",
    appliesTo: [TYPES.container],
    certificateItem: "Secrets management validated",
    scope: "resource",
    config: {},
    check(subject) {
        const c = subject.props as ContainerProps;
        if (serviceOf(subject) !== "redis")
            return notApplicable(
                `container ${containerName(subject)} does not run Redis, Valkey or KeyDB (by its image, name or ${LABELS.service} label)`,
            );
        const name = containerName(subject);
        const words = commandWords(c);
        const uploaded = new Set((c.uploads ?? []).map((u) => u.file));
        const found: Violation[] = [];
        if (flagValues(words, "--requirepass").length > 0) {
            found.push({
                message: `redis container ${name} sets --requirepass on its command line, so the password is in plain container inputs (value not shown); load it from an uploaded file with --include`,
            });
        }
        const files = [
            ...flagValues(words, "--include").map((f) => ["--include", f]),
            ...flagValues(words, "--aclfile").map((f) => ["--aclfile", f]),
        ] as [string, string][];
        const fromUploads = files.filter(([, f]) => uploaded.has(f));
        for (const [flag, file] of files.filter(([, f]) => !uploaded.has(f))) {
            found.push({
                message: `redis container ${name} has ${flag} ${file === "" ? "(no file)" : file}, which is not one of its uploaded files`,
            });
        }
        if (found.length === 0 && fromUploads.length === 0) {
            found.push({
                message: `redis container ${name} requires no password: its command has no --include or --aclfile naming an uploaded file`,
            });
        }
        return found;
    },
};
