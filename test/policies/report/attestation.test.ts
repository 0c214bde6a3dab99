import * as assert from "assert";
import { buildAttestation, renderAttestation } from "../../../policies/report/attestation";
import * as fixture from "../../helpers/fixture-evaluation";

describe("report/attestation", () => {
    it("is an in-toto Statement v1 about the digest of the evaluated resources", () => {
        const e = fixture.compliantEvaluation();
        const s = JSON.parse(renderAttestation(e)) as ReturnType<typeof buildAttestation>;
        assert.strictEqual(s._type, "https://in-toto.io/Statement/v1");
        assert.deepStrictEqual(s.subject, [
            { name: "pulumi-stack:chom/landsraad_tst", digest: { sha256: e.resourcesDigest } },
        ]);
        assert.strictEqual(
            s.predicateType,
            "https://chom.dev/attestations/production-confidence/v1",
        );
        assert.deepStrictEqual(Object.keys(s).sort(), [
            "_type",
            "predicate",
            "predicateType",
            "subject",
        ]);
    });

    it("carries pack, time, source, server specs and the containers Appendix C names", () => {
        const p = buildAttestation(fixture.compliantEvaluation()).predicate;
        assert.deepStrictEqual(p.pack, { name: "chom-production-readiness", version: "1.0.0" });
        assert.deepStrictEqual(
            [p.evaluatedAt, p.source, p.resourceCount],
            [fixture.EVALUATED_AT, "preview", 46],
        );
        assert.deepStrictEqual(p.server, {
            hostname: "landsraad_tst",
            address: "10.10.100.20",
            os: "Debian 13",
            cores: 4,
            ramGb: 8,
            usableRamGib: 7.6,
            diskGb: 75,
            networkGbps: 0.4,
        });
        assert.deepStrictEqual(p.appendixC.app, { ...fixture.APP_SIZE, ramGb: 1.5 });
        assert.deepStrictEqual(
            [p.appendixC.database?.name, p.appendixC.cache?.name, p.appendixC.cache?.ramGb],
            ["chom-mysql", "chom-redis", 0.375],
        );
        assert.strictEqual(p.containers.length, 16);
        assert.strictEqual(p.containers.find((c) => c.service === "nginx")?.role, null);
    });

    it("carries every result, the category scores, the average and what it ran over, band and status", () => {
        const e = fixture.withResults(fixture.compliantEvaluation(), fixture.PORT_3306_OPEN);
        const p = buildAttestation(e).predicate;
        assert.strictEqual(p.results.length, 52);
        assert.deepStrictEqual(p.results[0], {
            ruleId: "CHOM-FW-001",
            category: "Security",
            severity: "high",
            enforcementLevel: "mandatory",
            subject: "urn:pulumi:landsraad_tst::chom::chom:host:Firewall::landsraad_tst-firewall",
            state: "FAIL",
            message: "port 3306 is open to 0.0.0.0/0",
        });
        assert.deepStrictEqual(
            p.categoryScores.map((c) => [c.category, c.score, c.status]),
            [
                ["Code Quality", null, "NOT ASSESSED"],
                ["Security", 50, "FAIL"],
                ["Performance", 100, "PASS"],
                ["Reliability", 100, "PASS"],
                ["Observability", 100, "PASS"],
                ["Operations", 100, "PASS"],
                ["Compliance", 100, "PASS"],
            ],
        );
        // (25 * 50 + 60 * 100) / 85, kept to 9 decimals.
        assert.strictEqual(p.weightedAverage, 85.294117647);
        assert.deepStrictEqual(p.averagedOver, fixture.ALL_CATEGORIES);
        assert.strictEqual(p.band, "Good");
        assert.strictEqual(p.status, "NOT READY");
        assert.deepStrictEqual(p.statusReasons, [
            "CHOM-FW-001 (mandatory) FAIL on landsraad_tst-firewall: port 3306 is open to 0.0.0.0/0",
        ]);
        assert.strictEqual(p.certification.status, "NOT CERTIFIED");
        assert.strictEqual(p.certification.reasons.length, 3);
    });

    it("refuses an evaluation without a sha256 digest", () => {
        assert.throws(
            () => buildAttestation({ ...fixture.compliantEvaluation(), resourcesDigest: "abc" }),
            /resourcesDigest must be a sha256 hex digest, got "abc"/,
        );
    });
});
