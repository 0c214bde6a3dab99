import { certificateRef } from "../../lib/frameworks";
import type { StackRule, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import {
    destinationHost,
    isUnder,
    planOf,
    plansOf,
    serversOf,
    shownDestination,
    whyLocal,
} from "./support/plan-facts";

/**
 * CHOM-BAK-004: a backup on the machine it protects dies with it (disk failure, ransomware,
 * a deleted VM). The original kept its only dumps on the same host. A stack rule, so the
 * destination can be compared with the declared server's hostname and address.
 */
export const offsiteCopy: StackRule = {
    id: "CHOM-BAK-004",
    policyName: "chom-bak-offsite-copy",
    title: "Backups are copied off the host",
    category: "Reliability",
    severity: "critical",
    framework: certificateRef("Disaster recovery tested successfully", "off-site copy"),
    description:
        'The backup plan\'s `offsite.kind` must not be "none"; `offsite.host` (and the host in `offsite.destination`) must not be ' +
        "the backed-up host (its hostname or address), localhost or a loopback address; and the destination must not be inside the " +
        "local staging path.",
    remediation:
        "Copy backups to another machine or to object storage: set `offsite` to e.g. rsync to mentat_tst or an s3:// bucket.",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: backups kept on the backed-up host die with its disk, so one failure loses the data and its backups together (the original production did exactly that).",
    appliesTo: [TYPES.backupPlan],
    scope: "stack",
    config: {},
    check(resources) {
        const servers = serversOf(resources);
        const found: Violation[] = [];
        for (const subject of plansOf(resources)) {
            const plan = planOf(subject);
            const what = `backup plan ${subject.name}`;
            const offsite = plan.offsite;
            if (offsite === undefined || offsite.kind === "none") {
                found.push({
                    urn: subject.urn,
                    message: `${what} has no off-site copy (offsite.kind "none"); backups must leave ${plan.host}`,
                });
                continue;
            }
            const hostProblem = whyLocal(offsite.host ?? "", plan.host, servers);
            if (hostProblem)
                found.push({
                    urn: subject.urn,
                    message: `${what}: off-site host "${offsite.host}" ${hostProblem}; the copy must go to another machine`,
                });
            const destination = offsite.destination ?? "";
            const destHost = destinationHost(destination);
            const destProblem =
                destHost !== undefined ? whyLocal(destHost, plan.host, servers) : undefined;
            if (destProblem && destHost?.toLowerCase() !== (offsite.host ?? "").toLowerCase()) {
                found.push({
                    urn: subject.urn,
                    message: `${what}: the host "${destHost}" of off-site destination "${shownDestination(destination)}" ${destProblem}`,
                });
            }
            if (destination.startsWith("/") || destination.toLowerCase().startsWith("file:")) {
                const local = isUnder(destination.replace(/^file:\/\//i, ""), plan.localPath ?? "")
                    ? ` inside the staging directory ${plan.localPath}`
                    : " on this host";
                found.push({
                    urn: subject.urn,
                    message: `${what}: off-site destination "${shownDestination(destination)}" is a local path${local}`,
                });
            }
        }
        return found;
    },
};
