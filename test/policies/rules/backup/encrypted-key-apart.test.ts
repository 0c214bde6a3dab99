import * as assert from "assert";
import type { BackupPlanProps } from "../../../../policies/lib/subjects";
import { encryptedKeyApart } from "../../../../policies/rules/backup/encrypted-key-apart";
import { backupPlan } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const withEncryption = (encryption: BackupPlanProps["encryption"]) => backupPlan({ encryption });

describe("CHOM-BAK-005 encrypted, key held apart", () => {
    it("passes gpg with the key as a Pulumi secret", () => {
        assert.strictEqual(judgeOne(encryptedKeyApart, backupPlan()).state, "PASS");
        assert.strictEqual(
            judgeOne(
                encryptedKeyApart,
                withEncryption({
                    method: "aes-256",
                    keyLocation: "/etc/chom/backup.key",
                    keyIsSecret: true,
                }),
            ).state,
            "PASS",
        );
    });
    it("fails unencrypted backups", () => {
        const o = judgeOne(
            encryptedKeyApart,
            withEncryption({ method: "none", keyLocation: "", keyIsSecret: false }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup does not encrypt backups (encryption.method "none"); gpg or aes-256 is required',
        );
    });
    it("fails the original design: a literal key stored beside the backups", () => {
        const o = judgeOne(
            encryptedKeyApart,
            withEncryption({
                method: "gpg",
                keyLocation: "/var/backups/chom/backup.key",
                keyIsSecret: false,
            }),
        );
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup: the encryption key is not held as a secret (keyIsSecret false); it must be a Pulumi secret; " +
                "backup plan landsraad_tst-backup: the encryption key location /var/backups/chom/backup.key is inside the backup directory /var/backups/chom",
        );
    });
    it("fails a key kept on the off-site destination", () => {
        const o = judgeOne(
            encryptedKeyApart,
            withEncryption({
                method: "gpg",
                keyLocation: "rsync://mentat_tst/backups/landsraad_tst/key.gpg",
                keyIsSecret: true,
            }),
        );
        assert.strictEqual(
            o.message,
            "backup plan landsraad_tst-backup: the encryption key location rsync://mentat_tst/backups/landsraad_tst/key.gpg is on the off-site destination rsync://mentat_tst/backups/landsraad_tst",
        );
        const sameHost = judgeOne(
            encryptedKeyApart,
            withEncryption({
                method: "gpg",
                keyLocation: "mentat_tst:/root/keys/chom.gpg",
                keyIsSecret: true,
            }),
        );
        assert.strictEqual(sameHost.state, "FAIL");
    });
    it("fails a plan without an encryption block", () => {
        assert.strictEqual(
            judgeOne(
                encryptedKeyApart,
                withEncryption(undefined as unknown as BackupPlanProps["encryption"]),
            ).message,
            'backup plan landsraad_tst-backup does not encrypt backups (encryption.method "none"); gpg or aes-256 is required',
        );
    });
    it("a key outside the backup directory, a relative key location or no local path pass", () => {
        const key = (keyLocation: string | undefined, p: Partial<BackupPlanProps> = {}) =>
            judgeOne(
                encryptedKeyApart,
                backupPlan({
                    encryption: {
                        method: "gpg",
                        keyLocation: keyLocation as string,
                        keyIsSecret: true,
                    },
                    ...p,
                }),
            ).state;
        assert.strictEqual(key("/var/backups/chom-keys/k.gpg"), "PASS");
        assert.strictEqual(key("var/backups/chom/k.gpg"), "PASS");
        assert.strictEqual(key("/var/backups/chom/k.gpg", { localPath: undefined }), "PASS");
        assert.strictEqual(key(undefined), "PASS");
        assert.strictEqual(key(" /var/backups/chom/k.gpg "), "FAIL");
    });
    it("a key on the destination itself, in it (with or without a trailing slash) or on its host fails; elsewhere passes", () => {
        const keyAt = (keyLocation: string, offsite?: BackupPlanProps["offsite"]) =>
            judgeOne(
                encryptedKeyApart,
                backupPlan({
                    encryption: { method: "gpg", keyLocation, keyIsSecret: true },
                    ...(offsite ? { offsite } : {}),
                }),
            );
        assert.strictEqual(keyAt("rsync://mentat_tst/backups/landsraad_tst").state, "FAIL");
        const slash = { kind: "rsync" as const, destination: "/mnt/offsite/", host: "mentat_tst" };
        assert.strictEqual(
            keyAt("/mnt/offsite/key.gpg", slash).message,
            "backup plan landsraad_tst-backup: the encryption key location /mnt/offsite/key.gpg is on the off-site destination /mnt/offsite/",
        );
        assert.strictEqual(
            keyAt("/mnt/offsite-keys/key.gpg", { ...slash, destination: "/mnt/offsite" }).state,
            "PASS",
        );
        assert.strictEqual(keyAt("/srv/key.gpg", { ...slash, destination: "" }).state, "PASS");
        assert.strictEqual(
            keyAt("MENTAT_TST:/root/key.gpg", {
                kind: "s3",
                destination: "s3://bucket/x",
                host: "mentat_tst",
            }).state,
            "FAIL",
        );
        assert.strictEqual(keyAt("rsync://vault_tst/keys/key.gpg").state, "PASS");
        assert.strictEqual(
            keyAt("vault_tst:/keys/key.gpg", {
                kind: "rsync",
                destination: "rsync://Vault_tst/b",
                host: undefined as unknown as string,
            }).state,
            "FAIL",
        );
        assert.strictEqual(keyAt("vault_tst:/keys/key.gpg", undefined).state, "PASS");
        assert.strictEqual(
            judgeOne(
                encryptedKeyApart,
                backupPlan({
                    offsite: undefined,
                    encryption: { method: "gpg", keyLocation: "vault_tst:/k", keyIsSecret: true },
                }),
            ).state,
            "PASS",
        );
    });
});
