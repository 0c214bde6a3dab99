import { certificateRef } from "../../lib/frameworks";
import type { StackRule, Subject, Violation } from "../../lib/rule";
import { imageIndexOf, isStateful, serviceOf } from "../../lib/service-identity";
import { dataBindMounts } from "../../lib/subject-requirements";
import { ContainerProps, labelValue, LABELS, TYPES, VolumeProps } from "../../lib/subjects";
import { containerName, containersOf, envValue } from "../resources/support/container-facts";
import { planOf, plansOf } from "./support/plan-facts";

/** The item a stack must back up, and the resource a finding about it is attached to. */
interface Needed {
    kind: "volume" | "database";
    /** Volume name, or `<service>/<database>`. */
    name: string;
    /** Resource the finding names. */
    subject: Subject;
    /** Where the need comes from, for the message. */
    why: string;
}

/** Per database service, the environment variables that name its database. */
const DATABASE_NAMES: Record<string, string[]> = {
    mysql: ["MYSQL_DATABASE", "MARIADB_DATABASE"],
    postgres: ["POSTGRES_DB"],
};

function neededBy(resources: Subject[]): Needed[] {
    const images = imageIndexOf(resources);
    const needed: Needed[] = [];
    const seen = new Set<string>();
    const add = (n: Needed) => {
        const key = `${n.kind}:${n.name}`;
        if (!seen.has(key)) needed.push(n);
        seen.add(key);
    };
    for (const v of resources.filter((r) => r.type === TYPES.volume)) {
        const props = v.props as VolumeProps;
        // A volume is stateful unless it says otherwise (chom.stateful=false): the safe default.
        if (labelValue(props.labels, LABELS.stateful) === "false") continue;
        add({ kind: "volume", name: props.name ?? v.name, subject: v, why: "docker volume" });
    }
    const volumeSubjects = new Map(
        resources
            .filter((r) => r.type === TYPES.volume)
            .map((r) => [(r.props as VolumeProps).name ?? r.name, r]),
    );
    for (const c of containersOf(resources)) {
        const props = c.props as ContainerProps;
        const service = serviceOf(c, images);
        const label = labelValue(props.labels, LABELS.stateful);
        // What runs decides (a database or cache image keeps data); the label only overrides.
        if (label === "true" || (label !== "false" && isStateful(service))) {
            for (const v of props.volumes ?? []) {
                if (v.volumeName === undefined || v.volumeName === "") continue;
                // Attach the finding to the volume resource when the stack declares one, else to
                // the container.
                add({
                    kind: "volume",
                    name: v.volumeName,
                    subject: volumeSubjects.get(v.volumeName) ?? c,
                    why: `volume of stateful container ${containerName(c)}`,
                });
            }
        }
        for (const b of dataBindMounts(c)) {
            add({
                kind: "volume",
                name: b.source,
                subject: c,
                why: `host directory bind-mounted at ${b.target} by container ${containerName(c)}`,
            });
        }
        const database = (DATABASE_NAMES[service ?? ""] ?? [])
            .map((name) => envValue(props, name))
            .find((d) => d !== undefined && d !== "");
        if (database !== undefined) {
            add({
                kind: "database",
                name: `${service}/${database}`,
                subject: c,
                why: `database of container ${containerName(c)}`,
            });
        }
    }
    return needed;
}

/**
 * CHOM-BAK-001: data the stack keeps must be in a backup plan. The original production had no
 * scheduled database backup at all.
 */
export const statefulDataCovered: StackRule = {
    id: "CHOM-BAK-001",
    policyName: "chom-bak-stateful-data-covered",
    title: "Every stateful volume and database is covered by a backup plan",
    category: "Reliability",
    severity: "critical",
    framework: certificateRef([
        "Application backups automated",
        "Automated database backups configured",
    ]),
    description:
        "Every docker volume (unless labelled chom.stateful=false), every named volume of a stateful container (a database, cache " +
        "or broker by what it runs, or labelled chom.stateful=true), every host directory bind-mounted writable onto a data path " +
        "(e.g. /var/lib/mysql, /data), and every database of a MySQL/MariaDB or PostgreSQL container (`<service>/<MYSQL_DATABASE>`, " +
        "`postgres/<POSTGRES_DB>`) must be listed in a BackupPlan's `volumes` (names or host paths) or `databases`. A stack with " +
        "stateful data and no plan fails on each of them.",
    remediation:
        "Add the volume or database to the backup plan (`chom:backup.volumes` / `chom:backup.databases` in the stack file), or declare a BackupPlan.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: stateful data that no backup plan covers is lost for good with the disk or the next bad migration; the certificate requires automated database and application backups.",
    appliesTo: [TYPES.backupPlan, TYPES.volume],
    certificateItem: "Application backups automated",
    scope: "stack",
    config: {},
    check(resources) {
        const plans = plansOf(resources).map(planOf);
        const volumes = new Set(plans.flatMap((p) => p.volumes ?? []));
        const databases = new Set(plans.flatMap((p) => p.databases ?? []));
        const found: Violation[] = [];
        for (const n of neededBy(resources)) {
            const covered = n.kind === "volume" ? volumes.has(n.name) : databases.has(n.name);
            if (covered) continue;
            const plan =
                plans.length === 0
                    ? "the stack declares no backup plan"
                    : `no backup plan lists it in ${n.kind === "volume" ? "volumes" : "databases"}`;
            found.push({
                urn: n.subject.urn,
                message: `${n.kind} ${n.name} (${n.why}) is not backed up: ${plan}`,
            });
        }
        return found;
    },
};
