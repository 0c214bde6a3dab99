import * as assert from "assert";
import * as facts from "../../../../../policies/rules/backup/support/plan-facts";
import { backupPlan, container, server, serverProps } from "../../../../helpers/fixture-stack";

describe("backup plan facts (shared readers of the backup rules)", () => {
    it("isUnder: the directory itself and paths inside it, normalised, with trailing slashes ignored", () => {
        assert.strictEqual(facts.isUnder("/var/backups/chom", "/var/backups/chom"), true);
        assert.strictEqual(facts.isUnder("/var/backups/chom/", "/var/backups/chom"), true);
        assert.strictEqual(facts.isUnder("/var/backups/chom//", "/var/backups/chom///"), true);
        assert.strictEqual(facts.isUnder(" /var/backups/chom/key ", " /var/backups/chom "), true);
        assert.strictEqual(
            facts.isUnder("/var/backups/chom/../chom/key", "/var/backups/chom"),
            true,
        );
        assert.strictEqual(facts.isUnder("/var/backups/chom-old/key", "/var/backups/chom"), false);
        assert.strictEqual(facts.isUnder("/var/backups", "/var/backups/chom"), false);
        assert.strictEqual(facts.isUnder("/etc/key", "/"), true);
        assert.strictEqual(facts.isUnder("/", "/"), true);
    });
    it("isUnder: an empty or '.' directory contains nothing", () => {
        assert.strictEqual(facts.isUnder("/etc/key", ""), false);
        assert.strictEqual(facts.isUnder("", ""), false);
        assert.strictEqual(facts.isUnder(".", "."), false);
        assert.strictEqual(facts.isUnder("./key", "."), false);
    });
    it("destinationHost: URLs, scp style, local paths and s3 buckets", () => {
        for (const [destination, expected] of [
            ["rsync://mentat_tst/backups", "mentat_tst"],
            ["  rsync://backup:pw@mentat_tst:873/backups  ", "mentat_tst"],
            ["sftp://[fd00::2]:22/b", "fd00::2"],
            ["sftp://fd00::2/b", "fd00::2"],
            ["deploy@mentat_tst:/srv/backups", "mentat_tst"],
            ["/var/backups/offsite", undefined],
            ["./offsite:x", undefined],
            ["S3://bucket/prefix", undefined],
            ["s3://bucket/prefix", undefined],
            ["x://mentat_tst/b", "mentat_tst"],
            ["/x rsync://mentat_tst/b", undefined],
            ["b2://bucket/p", "bucket"],
        ] as const)
            assert.strictEqual(facts.destinationHost(destination), expected);
    });
    it("whyLocal: empty, localhost, loopback and unspecified addresses", () => {
        const why = (h: string) => facts.whyLocal(h, "landsraad_tst", []);
        for (const [host, expected] of [
            ["  ", "is empty"],
            ["localhost.", "is localhost"],
            ["LOCALHOST", "is localhost"],
            ["db.localhost", "is localhost"],
            ["localhost.example.com", undefined],
            ["127.0.0.1", "is a loopback address (127.0.0.0/8)"],
            ["127.255.255.254", "is a loopback address (127.0.0.0/8)"],
            ["127.0.0.1.example.com", undefined],
            ["10.127.0.1", undefined],
            ["::1", "is the IPv6 loopback address ::1"],
            ["0000:0000:0000:0000:0000:0000:0000:0001", "is the IPv6 loopback address ::1"],
            ["0:0:0:0:0:0:0:1", "is the IPv6 loopback address ::1"],
            ["0:0:0:0:0:0:0:01", "is the IPv6 loopback address ::1"],
            ["0:0:0:0:0:0:0:11", undefined],
            ["1:0:0:0:0:0:0:1", undefined],
            ["0:0:0:1", undefined],
            ["0.0.0.0", "is an unspecified address (this host)"],
            ["::", "is an unspecified address (this host)"],
            ["mentat_tst", undefined],
        ] as const)
            assert.strictEqual(why(host), expected);
    });
    it("whyLocal: the plan's host and every server's hostname (also as an FQDN's first label) and address", () => {
        const servers = [
            serverProps(),
            { ...serverProps(), hostname: "Richese_tst", address: " 10.10.100.30 " },
        ];
        assert.strictEqual(
            facts.whyLocal("landsraad_tst", "other", servers),
            "is the backed-up host landsraad_tst",
        );
        assert.strictEqual(
            facts.whyLocal("richese_tst.chom.internal", "other", servers),
            "is the backed-up host Richese_tst",
        );
        assert.strictEqual(
            facts.whyLocal("10.10.100.30", "other", servers),
            "is the address of the backed-up host Richese_tst ( 10.10.100.30 )",
        );
        assert.strictEqual(facts.whyLocal("richese_tst-2", "other", servers), undefined);
        assert.strictEqual(
            facts.whyLocal("mentat_tst", "", [{ ...serverProps(), hostname: "", address: "" }]),
            undefined,
        );
        assert.strictEqual(
            facts.whyLocal("mentat_tst", "", [
                {
                    ...serverProps(),
                    hostname: undefined as unknown as string,
                    address: undefined as unknown as string,
                },
            ]),
            undefined,
        );
    });
    it("shownDestination masks a password in a URL and nothing else", () => {
        for (const [destination, shown] of [
            ["rsync://backup:Pa55@mentat_tst/b", "rsync://backup:***@mentat_tst/b"],
            ["rsync://backup@mentat_tst/b", "rsync://backup@mentat_tst/b"],
            ["x rsync://backup:Pa55@mentat_tst/b", "x rsync://backup:Pa55@mentat_tst/b"],
        ]) {
            assert.strictEqual(facts.shownDestination(destination), shown, destination);
        }
    });
    it("serversOf reads only servers", () => {
        assert.deepStrictEqual(
            facts.serversOf([server(), backupPlan(), container("app")]).map((s) => s.hostname),
            ["landsraad_tst"],
        );
    });
});
