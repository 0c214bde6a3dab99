/**
 * Proof with the real engine: `pulumi preview --policy-pack policies` on a copy of the
 * landsraad_tst project (compiled infra/ and the committed stack file, its secrets re-set under a
 * test passphrase), `pulumi policy analyze` on a stack export, and a noncompliant change that the
 * pack must block.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { OUTPUT_NAMES, runCli } from "../helpers/cli";
import { readExport } from "../helpers/export-variants";
import { BuiltCli, ensureCli, landsraadWorkspace, REPO, Workspace } from "../helpers/pulumi-cli";

const STACK = "landsraad_tst";
const STACK_FILE = path.join(REPO, `Pulumi.${STACK}.yaml`);
const PACK_DIR = path.join(REPO, "policies");
const PACK = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as {
    name: string;
    version: string;
};
const PREVIEW = [
    "preview",
    "--stack",
    STACK,
    "--non-interactive",
    "--color",
    "never",
    "--policy-pack",
    PACK_DIR,
];

describe("real Pulumi CLI: landsraad_tst preview with the CHOM policy pack", function () {
    this.timeout(60 * 60 * 1000); // the first run builds the CLI (many minutes on 2 cores)

    let cli: BuiltCli;
    let ws: Workspace;

    before(async function () {
        for (const needed of [
            path.join(REPO, "infra", "index.js"),
            path.join(PACK_DIR, "index.js"),
            STACK_FILE,
        ]) {
            assert.ok(
                fs.existsSync(needed),
                `${needed} is missing: run \`npx tsc -p .\` first (and commit the stack file)`,
            );
        }
        cli = ensureCli();
        ws = await landsraadWorkspace(cli);
    });

    after(function () {
        ws?.dispose();
    });

    it("(a) the compliant stack previews with exit 0 and the pack listed", async function () {
        const run = await ws.pulumi(PREVIEW);
        const out = run.stdout + run.stderr;
        assert.strictEqual(run.code, 0, out);
        assert.ok(
            out.includes(`${PACK.name}@v${PACK.version}`),
            `pack ${PACK.name}@v${PACK.version} not listed:\n${out}`,
        );
        assert.match(out, /\+\s+docker:index:Container nginx create/);
        assert.doesNotMatch(out, /mandatory/);
    });

    it("(b) inbound default allow (chom:firewall.defaultInbound) fails the preview with the mandatory policy's name", async function () {
        const setDefaultInbound = (value: "allow" | "deny") =>
            ws.pulumiOk([
                "config",
                "set",
                "--stack",
                STACK,
                "--path",
                "chom:firewall.defaultInbound",
                value,
            ]);
        await setDefaultInbound("allow");
        try {
            const run = await ws.pulumi(PREVIEW);
            const out = run.stdout + run.stderr;
            assert.notStrictEqual(run.code, 0, out);
            assert.match(out, /chom-fw-inbound-default-deny/);
            assert.match(out, /mandatory/);
        } finally {
            await setDefaultInbound("deny");
        }
    });

    it("(d) in the real preview, the pack's attestation policy writes the certificate files, and its results are chom-certify's", async function () {
        const outDir = path.join(ws.root, "preview-out");
        const config = path.join(ws.root, "policy-config.json");
        fs.writeFileSync(config, JSON.stringify({ "chom-attestation": { outDir } }));
        const run = await ws.pulumi([...PREVIEW, "--policy-pack-config", config]);
        assert.strictEqual(run.code, 0, run.stdout + run.stderr);
        for (const f of OUTPUT_NAMES) assert.ok(fs.existsSync(path.join(outDir, f)), f);
        type Attested = {
            predicate: { results: { ruleId: string; subject: string; state: string }[] };
        };
        const keys = (a: Attested) =>
            a.predicate.results.map((r) => `${r.ruleId} ${r.subject} ${r.state}`).sort();
        const inPreview = JSON.parse(
            fs.readFileSync(path.join(outDir, "attestation.json"), "utf8"),
        ) as Attested;
        const offline = await runCli([
            "--stack",
            STACK,
            "--quiet",
            "--out",
            path.join(ws.root, "offline-out"),
        ]);
        assert.strictEqual(offline.code, 0, offline.stderr);
        const certified = JSON.parse(
            fs.readFileSync(path.join(ws.root, "offline-out", "attestation.json"), "utf8"),
        ) as Attested;
        assert.deepStrictEqual(keys(inPreview), keys(certified));
    });

    it("(c) `pulumi policy analyze` passes a stack export of the deployed (stand-in) stack and blocks a tampered one, or one without its TLS or firewall", async function () {
        // Real update against the stand-in provider, to have state to export.
        await ws.pulumiOk([
            "up",
            "--stack",
            STACK,
            "--yes",
            "--skip-preview",
            "--non-interactive",
            "--color",
            "never",
        ]);
        const exported = path.join(ws.root, "export.json");
        await ws.pulumiOk(["stack", "export", "--stack", STACK, "--file", exported]);

        const clean = await ws.analyzeExport(exported, PACK_DIR);
        assert.strictEqual(clean.code, 0, clean.stdout + clean.stderr);

        // The firewall component's recorded inputs say inbound allow: the pack must object.
        const deployment = readExport(exported);
        const firewalls = deployment.deployment.resources.filter(
            (r) => r.type === "chom:host:Firewall",
        );
        assert.strictEqual(firewalls.length, 1, "expected one chom:host:Firewall in the export");
        for (const bag of [firewalls[0].inputs, firewalls[0].outputs])
            if (bag && "defaultInbound" in bag) bag.defaultInbound = "allow";
        const tampered = path.join(ws.root, "export-tampered.json");
        fs.writeFileSync(tampered, JSON.stringify(deployment));
        const blocked = await ws.analyzeExport(tampered, PACK_DIR);
        const out = blocked.stdout + blocked.stderr;
        assert.notStrictEqual(blocked.code, 0, out);
        assert.match(out, /chom-fw-inbound-default-deny/);

        // Absence is never compliance: the same export without its TLS component (or firewall)
        // is blocked by the real engine, each rule answering once for the stack.
        for (const [type, policy] of [
            ["chom:edge:Tls", "chom-tls-protocols"],
            ["chom:host:Firewall", "chom-fw-only-web-ports-world-open"],
        ] as const) {
            const clean = readExport(exported);
            clean.deployment.resources = clean.deployment.resources.filter((r) => r.type !== type);
            const without = path.join(ws.root, `export-without-${type.split(":").pop()}.json`);
            fs.writeFileSync(without, JSON.stringify(clean));
            const r = await ws.analyzeExport(without, PACK_DIR);
            const text = r.stdout + r.stderr;
            assert.notStrictEqual(r.code, 0, text);
            assert.match(text, new RegExp(`${policy}[\\s\\S]*the stack declares no ${type}`), text);
        }
    });
});
