import * as assert from "assert";
import type { BackupPlanProps } from "../../../../policies/lib/subjects";
import { encryptedKeyApart } from "../../../../policies/rules/backup/encrypted-key-apart";
import { backupPlan } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

const withEncryption = (encryption: BackupPlanProps["encryption"]) => backupPlan({ encryption });

describe("CHOM-BAK-005 encrypted, key held apart", () => {
    it("passes gpg with the key as a Pulumi secret", () => {
        assert.strictEqual(judgeOne(encryptedKeyApart, backupPlan()).state, "PASS");
        assert.strictEqual(judgeOne(encryptedKeyApart, withEncryption({ method: "aes-256", keyLocation: "/etc/chom/backup.key", keyIsSecret: true })).state, "PASS");
    });
    it("fails unencrypted backups", () => {
        const o = judgeOne(encryptedKeyApart, withEncryption({ method: "none", keyLocation: "", keyIsSecret: false }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, 'backup plan landsraad_tst-backup does not encrypt backups (encryption.method "none"); gpg or aes-256 is required');
    });
    it("fails the original design: a literal key stored beside the backups", () => {
        const o = judgeOne(encryptedKeyApart, withEncryption({ method: "gpg", keyLocation: "/var/backups/chom/backup.key", keyIsSecret: false }));
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup: the encryption key is not held as a secret (keyIsSecret false); it must be a Pulumi secret; " +
                "backup plan landsraad_tst-backup: the encryption key location /var/backups/chom/backup.key is inside the backup directory /var/backups/chom",
        );
    });
    it("fails a key kept on the off-site destination", () => {
        const o = judgeOne(encryptedKeyApart, withEncryption({ method: "gpg", keyLocation: "rsync://mentat_tst/backups/landsraad_tst/key.gpg", keyIsSecret: true }));
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup: the encryption key location rsync://mentat_tst/backups/landsraad_tst/key.gpg is on the off-site destination rsync://mentat_tst/backups/landsraad_tst",
        );
        const sameHost = judgeOne(encryptedKeyApart, withEncryption({ method: "gpg", keyLocation: "mentat_tst:/root/keys/chom.gpg", keyIsSecret: true }));
        assert.strictEqual(sameHost.state, "FAIL");
    });
});
