/**
 * The live checks' key passphrase is read by name from the environment
 * (`chom:live.passphraseEnv`); no process chom-certify starts (program worker, pack) inherits it.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { withholdFromChildren } from "../../policies/certify/child-env";
import { PackProcess } from "../../policies/certify/pack-process";
import { removedAfterSuite, runCli, tempDir, tinyPack, tinyProject } from "../helpers/cli";

const PASSPHRASE = "pp-withheld-Q83k-never-inherited";
const VARIABLE = "CHOM_TEST_LIVE_KEY_PASSPHRASE";

/** A loopback port nothing listens on: the live check finds the host down, quickly. */
async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

function assertNotInherited(dumpFile: string, who: string): void {
    const seen = JSON.parse(fs.readFileSync(dumpFile, "utf8")) as Record<string, string>;
    assert.ok(Object.keys(seen).length > 5, `${who} wrote its environment down`);
    assert.strictEqual(seen[VARIABLE], undefined, `${who} inherited ${VARIABLE}`);
    assert.ok(!JSON.stringify(seen).includes(PASSPHRASE), `${who} saw the passphrase`);
}

describe("processes chom-certify starts", function () {
    this.timeout(120_000);
    const dirs = removedAfterSuite();

    it("do not inherit the live key's passphrase variable; the checker still reads it", async () => {
        const work = tempDir("child-env");
        const dumps = path.join(work, "dumps");
        fs.mkdirSync(dumps);
        const key = path.join(work, "audit_key");
        execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", PASSPHRASE, "-C", "", "-f", key]);
        const hostKey = fs.readFileSync(`${key}.pub`, "utf8").trim().split(" ").slice(0, 2);
        const live = {
            address: "127.0.0.1",
            sshPort: await closedPort(),
            user: "audit",
            privateKeyPath: key,
            passphraseEnv: VARIABLE,
            hostKey: hostKey.join(" "),
            deadlineSeconds: 5,
        };
        const dump = (who: string) =>
            `require("fs").writeFileSync(${JSON.stringify(path.join(dumps, who))}, JSON.stringify(process.env));`;
        const project = tinyProject(
            dump("program"),
            `config:\n  chom:live: ${JSON.stringify(live)}\n`,
        );
        dirs.push(work, project);
        const out = path.join(work, "out");
        const run = await runCli(
            ["--project", project, "--stack", "dev", "--live", "--out", out],
            project,
            120_000,
            { ...process.env, [VARIABLE]: PASSPHRASE },
        );
        assert.ok(run.code === 0 || run.code === 1, run.stderr);
        // The checker had the passphrase: the key decrypted (it is read before connecting) and the
        // host was tried, and is down.
        assert.match(run.stdout, /^Live: 127\.0\.0\.1 NOT CHECKED \(connection refused: /m);
        assert.doesNotMatch(run.stdout + run.stderr, /could not be decrypted|not set/);
        // The control: with a wrong passphrase in the variable, the same run says so.
        const wrong = await runCli(
            ["--project", project, "--stack", "dev", "--live", "--out", `${out}-wrong`],
            project,
            120_000,
            { ...process.env, [VARIABLE]: "not-the-passphrase" },
        );
        assert.match(wrong.stdout, /NOT CHECKED \(the private key could not be decrypted/);
        assertNotInherited(path.join(dumps, "program"), "the program");
        const outputs = fs.readdirSync(out).map((f) => fs.readFileSync(path.join(out, f), "utf8"));
        for (const text of [run.stdout, run.stderr, ...outputs])
            assert.ok(!text.includes(PASSPHRASE), "no output shows the passphrase");
    });

    it("a pack started after a variable is withheld does not see it", async () => {
        const work = tempDir("child-env-pack");
        const dump = path.join(work, "pack-env");
        const pack = tinyPack(
            "",
            `require("fs").writeFileSync(${JSON.stringify(dump)}, JSON.stringify(process.env));`,
        );
        dirs.push(work, pack);
        process.env[VARIABLE] = PASSPHRASE;
        try {
            withholdFromChildren(VARIABLE);
            const started = await PackProcess.start({
                packDir: pack,
                stack: "dev",
                project: "tiny",
                config: {},
                timeoutMs: 60_000,
            });
            await started.stop();
        } finally {
            delete process.env[VARIABLE];
        }
        assertNotInherited(dump, "the pack");
    });
});
