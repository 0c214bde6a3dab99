/** The backup rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { encryptedKeyApart } from "./encrypted-key-apart";
import { failureAlerts } from "./failure-alerts";
import { fullBackupDaily } from "./full-backup-daily";
import { offsiteCopy } from "./offsite-copy";
import { recoveryObjectives } from "./recovery-objectives";
import { restoreTested } from "./restore-tested";
import { retention } from "./retention";
import { statefulDataCovered } from "./stateful-data-covered";

export const BACKUP_RULES: Rule[] = [
    statefulDataCovered, // CHOM-BAK-001
    fullBackupDaily, // CHOM-BAK-002
    retention, // CHOM-BAK-003
    offsiteCopy, // CHOM-BAK-004
    encryptedKeyApart, // CHOM-BAK-005
    restoreTested, // CHOM-BAK-006
    failureAlerts, // CHOM-BAK-007
    recoveryObjectives, // CHOM-BAK-008
];
