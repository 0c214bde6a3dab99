import { certificateRef } from "../../lib/frameworks";
import type { ResourceRule, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import { destinationHost, isUnder, planOf, shownDestination } from "./support/plan-facts";

/**
 * CHOM-BAK-005: an unencrypted backup leaks every customer's data with the first stolen copy,
 * and a key stored beside the backups (the original) protects nothing. The key location is a
 * place, not the key, so it may be named in messages.
 */
export const encryptedKeyApart: ResourceRule = {
    id: "CHOM-BAK-005",
    policyName: "chom-bak-encrypted-key-apart",
    title: "Backups are encrypted with a secret key not stored beside them",
    category: "Security",
    severity: "critical",
    framework: certificateRef("Secrets management validated", "backup encryption key"),
    description:
        'The backup plan\'s `encryption.method` must not be "none", the key must be a Pulumi secret (`keyIsSecret`), and ' +
        "`keyLocation` must be neither under the local staging path nor on the off-site destination.",
    remediation:
        'Encrypt with gpg or aes-256 using a key held as a Pulumi secret (keyLocation "pulumi-secret"), never a file in the backup directory or on the backup target.',
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: unencrypted backups, or a key stored beside them, expose every customer's data to whoever can read the backup storage (the original kept the key next to the backups).",
    appliesTo: [TYPES.backupPlan],
    certificateItem: "Secrets management validated",
    scope: "resource",
    config: {},
    check(subject) {
        const plan = planOf(subject);
        const what = `backup plan ${subject.name}`;
        const enc = plan.encryption;
        if (enc === undefined || enc.method === "none")
            return [
                {
                    message: `${what} does not encrypt backups (encryption.method "none"); gpg or aes-256 is required`,
                },
            ];
        const found: Violation[] = [];
        if (enc.keyIsSecret !== true)
            found.push({
                message: `${what}: the encryption key is not held as a secret (keyIsSecret false); it must be a Pulumi secret`,
            });
        const key = (enc.keyLocation ?? "").trim();
        if (key.startsWith("/") && plan.localPath && isUnder(key, plan.localPath)) {
            found.push({
                message: `${what}: the encryption key location ${key} is inside the backup directory ${plan.localPath}`,
            });
        }
        const destination = (plan.offsite?.destination ?? "").trim();
        const keyHost = destinationHost(key);
        const onDestination =
            (destination !== "" &&
                (key === destination ||
                    key.startsWith(destination.endsWith("/") ? destination : `${destination}/`))) ||
            (keyHost !== undefined &&
                [plan.offsite?.host, destinationHost(destination)].some(
                    (h) => h !== undefined && h.toLowerCase() === keyHost.toLowerCase(),
                ));
        if (onDestination)
            found.push({
                message: `${what}: the encryption key location ${shownDestination(key)} is on the off-site destination ${shownDestination(destination)}`,
            });
        return found;
    },
};
