import * as assert from "assert";
import type { BackupPlanProps } from "../../../../policies/lib/subjects";
import { offsiteCopy } from "../../../../policies/rules/backup/offsite-copy";
import { backupPlan, compliantStack, replace } from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";

function planOutcome(offsite: BackupPlanProps["offsite"], stack = compliantStack()) {
    const all = judgeAll(offsiteCopy, replace(stack, backupPlan({ offsite })));
    assert.notStrictEqual(all, "NOT_APPLICABLE");
    return (all as Exclude<typeof all, "NOT_APPLICABLE">).get("landsraad_tst-backup")!;
}

describe("CHOM-BAK-004 off-site copy", () => {
    it("passes the compliant rsync to mentat_tst and an s3 bucket", () => {
        assert.deepStrictEqual(namesIn(judgeAll(offsiteCopy, compliantStack()), "PASS"), [
            "landsraad_tst-backup",
        ]);
        assert.strictEqual(
            planOutcome({
                kind: "s3",
                destination: "s3://chom-backups/landsraad_tst",
                host: "s3.eu-west-1.amazonaws.com",
            }).state,
            "PASS",
        );
    });
    it("fails a plan with no off-site copy", () => {
        const o = planOutcome({ kind: "none", destination: "", host: "" });
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup has no off-site copy (offsite.kind "none"); backups must leave landsraad_tst',
        );
    });
    it("fails the original design: backups kept on the same host", () => {
        const o = planOutcome({
            kind: "rsync",
            destination: "rsync://landsraad_tst/backups",
            host: "landsraad_tst",
        });
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup: off-site host "landsraad_tst" is the backed-up host landsraad_tst; the copy must go to another machine',
        );
    });
    it("fails the server's address, its FQDN, localhost and loopback", () => {
        assert.strictEqual(
            planOutcome({
                kind: "rsync",
                destination: "rsync://10.10.100.20/backups",
                host: "10.10.100.20",
            }).message,
            'backup plan landsraad_tst-backup: off-site host "10.10.100.20" is the address of the backed-up host landsraad_tst (10.10.100.20); the copy must go to another machine',
        );
        assert.strictEqual(
            planOutcome({
                kind: "rsync",
                destination: "rsync://landsraad_tst.chom.internal/b",
                host: "landsraad_tst.chom.internal",
            }).message,
            'backup plan landsraad_tst-backup: off-site host "landsraad_tst.chom.internal" is the backed-up host landsraad_tst; the copy must go to another machine',
        );
        assert.strictEqual(
            planOutcome({ kind: "rsync", destination: "localhost:/srv/backups", host: "localhost" })
                .message,
            'backup plan landsraad_tst-backup: off-site host "localhost" is localhost; the copy must go to another machine',
        );
        assert.strictEqual(
            planOutcome({ kind: "rsync", destination: "rsync://[::1]/b", host: "::1" }).message,
            'backup plan landsraad_tst-backup: off-site host "::1" is the IPv6 loopback address ::1; the copy must go to another machine',
        );
        assert.strictEqual(
            planOutcome({ kind: "rsync", destination: "rsync://127.0.1.1/b", host: "127.0.1.1" })
                .message,
            'backup plan landsraad_tst-backup: off-site host "127.0.1.1" is a loopback address (127.0.0.0/8); the copy must go to another machine',
        );
    });
    it("fails a destination URL whose host is local even when offsite.host is not", () => {
        const o = planOutcome({
            kind: "rsync",
            destination: "rsync://backup@127.0.0.1:873/backups",
            host: "mentat_tst",
        });
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup: the host "127.0.0.1" of off-site destination "rsync://backup@127.0.0.1:873/backups" is a loopback address (127.0.0.0/8)',
        );
    });
    it("never shows a password embedded in the destination URL", () => {
        const o = planOutcome({
            kind: "rsync",
            destination: "rsync://backup:Pa55-w0rd@127.0.0.1/backups",
            host: "mentat_tst",
        });
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup: the host "127.0.0.1" of off-site destination "rsync://backup:***@127.0.0.1/backups" is a loopback address (127.0.0.0/8)',
        );
        assert.ok(!o.message.includes("Pa55-w0rd"));
    });
    it("fails a destination inside the local staging directory", () => {
        const o = planOutcome({
            kind: "rsync",
            destination: "/var/backups/chom/offsite",
            host: "mentat_tst",
        });
        assert.strictEqual(
            o.message,
            'backup plan landsraad_tst-backup: off-site destination "/var/backups/chom/offsite" is a local path inside the staging directory /var/backups/chom',
        );
    });
    it("still recognises the plan's own host when the stack declares no server", () => {
        const stack = compliantStack().filter((r) => r.name !== "landsraad_tst");
        assert.strictEqual(
            planOutcome(
                { kind: "rsync", destination: "rsync://landsraad_tst/b", host: "landsraad_tst" },
                stack,
            ).state,
            "FAIL",
        );
    });
    it("fails a plan with no offsite block", () => {
        assert.strictEqual(
            planOutcome(undefined as unknown as BackupPlanProps["offsite"]).message,
            'backup plan landsraad_tst-backup has no off-site copy (offsite.kind "none"); backups must leave landsraad_tst',
        );
    });
    it("fails a file: URL destination, on this host or inside the staging directory", () => {
        // A file:/// URL has an empty host, reported as such beside the local-path finding.
        assert.strictEqual(
            planOutcome({ kind: "rsync", destination: "FILE:///srv/offsite", host: "mentat_tst" })
                .message,
            'backup plan landsraad_tst-backup: the host "" of off-site destination "FILE:///srv/offsite" is empty; ' +
                'backup plan landsraad_tst-backup: off-site destination "FILE:///srv/offsite" is a local path on this host',
        );
        assert.strictEqual(
            planOutcome({ kind: "rsync", destination: "file:/srv/offsite", host: "mentat_tst" })
                .message,
            'backup plan landsraad_tst-backup: off-site destination "file:/srv/offsite" is a local path on this host',
        );
        assert.strictEqual(
            planOutcome({
                kind: "rsync",
                destination: "file:///var/backups/chom/x",
                host: "mentat_tst",
            }).message,
            'backup plan landsraad_tst-backup: the host "" of off-site destination "file:///var/backups/chom/x" is empty; ' +
                'backup plan landsraad_tst-backup: off-site destination "file:///var/backups/chom/x" is a local path inside the staging directory /var/backups/chom',
        );
        const noStaging = replace(
            compliantStack(),
            backupPlan({
                localPath: undefined,
                offsite: { kind: "rsync", destination: "/var/backups/chom/x", host: "mentat_tst" },
            }),
        );
        const all = judgeAll(offsiteCopy, noStaging) as Exclude<
            ReturnType<typeof judgeAll>,
            "NOT_APPLICABLE"
        >;
        assert.strictEqual(
            all.get("landsraad_tst-backup")!.message,
            'backup plan landsraad_tst-backup: off-site destination "/var/backups/chom/x" is a local path on this host',
        );
    });
    it("a missing off-site host is named empty; a missing destination is not a local path", () => {
        assert.strictEqual(
            planOutcome({
                kind: "rsync",
                destination: undefined as unknown as string,
                host: undefined as unknown as string,
            }).message,
            'backup plan landsraad_tst-backup: off-site host "undefined" is empty; the copy must go to another machine',
        );
    });
    it("reports a local destination host once when it is the off-site host too (any case)", () => {
        assert.strictEqual(
            planOutcome({ kind: "rsync", destination: "rsync://LOCALHOST/b", host: "localhost" })
                .message,
            'backup plan landsraad_tst-backup: off-site host "localhost" is localhost; the copy must go to another machine',
        );
    });
});
