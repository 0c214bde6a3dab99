/**
 * The declarations the test host is built from: landsraad_tst's own resources (exported by
 * chom-certify --export-state), moved onto the test host: its address instead of 10.10.100.20,
 * host directories under the test's temporary root, the nginx container's published ports moved
 * off 80/443 (where the test's real nginx terminates TLS), and the server's size set to what
 * this machine is (inside a namespace, nproc/free/df report the real machine).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStateFile } from "../../../policies/certify/state-file";
import type { RecordedResource } from "../../../policies/certify/recorded";

const REPO = path.resolve(__dirname, "..", "..", "..");
export const CLI = path.join(REPO, "policies", "certify", "cli.js");

let cached: string | undefined;

/** landsraad_tst as a `pulumi stack export` (made once per test process). */
export function landsraadExport(): string {
    if (cached) return cached;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chomlive-export-"));
    execFileSync(
        process.execPath,
        [
            CLI,
            "--quiet",
            "--out",
            path.join(dir, "out"),
            "--export-state",
            path.join(dir, "export.json"),
        ],
        { cwd: REPO, stdio: "ignore" },
    );
    cached = fs.readFileSync(path.join(dir, "export.json"), "utf8");
    fs.rmSync(dir, { recursive: true, force: true });
    return cached;
}

/** What this machine is, as the declaration of a compliant test host must say. */
export function machineSize(): { cpuCores: number; usableMemoryGib: number; rootFsGb: number } {
    const memKb = Number(/MemTotal:\s+(\d+)/.exec(fs.readFileSync("/proc/meminfo", "utf8"))?.[1]);
    const rootBytes = Number(
        execFileSync("df", ["-P", "-B1", "/"], { encoding: "utf8" })
            .trim()
            .split("\n")[1]
            .split(/\s+/)[1],
    );
    return {
        cpuCores: os.availableParallelism(),
        usableMemoryGib: Math.floor((memKb / 1024 / 1024) * 10) / 10,
        rootFsGb: Math.floor(rootBytes / 1e9),
    };
}

type Json = Record<string, unknown>;

/** Writes the moved export to `<root>/export.json` and returns its path and resources. */
export function testHostExport(
    address: string,
    root: string,
): { file: string; resources: RecordedResource[]; hostRoot: string; backupDir: string } {
    const hostRoot = path.join(root, "hostroot");
    const doc = JSON.parse(landsraadExport().split("10.10.100.20").join(address)) as {
        deployment: { resources: Json[] };
    };
    const size = machineSize();
    const backupDir = path.join(hostRoot, "var/backups/chom");
    for (const r of doc.deployment.resources) {
        const inputs = r.inputs as Json | undefined;
        if (!inputs) continue;
        if (r.type === "docker:index/container:Container") {
            for (const v of (inputs.volumes as Json[] | undefined) ?? []) {
                const p = v.hostPath as string | undefined;
                if (p && !p.startsWith("/proc") && !p.startsWith("/sys"))
                    v.hostPath = path.join(hostRoot, p);
            }
            for (const p of (inputs.ports as Json[] | undefined) ?? [])
                if (p.external === 80 || p.external === 443)
                    p.external = Number(p.external) === 80 ? 8080 : 8443;
        }
        if (r.type === "chom:backup:BackupPlan") inputs.localPath = backupDir;
        if (r.type === "chom:host:Server")
            Object.assign(inputs, {
                cpuCores: size.cpuCores,
                usableMemoryGib: size.usableMemoryGib,
                rootFsGb: size.rootFsGb,
                networkGbps: 0.4,
            });
        if (r.type === "chom:host:Firewall") inputs.sshPort = 22;
    }
    const file = path.join(root, "export.json");
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    return { file, resources: readStateFile(file).resources, hostRoot, backupDir };
}
