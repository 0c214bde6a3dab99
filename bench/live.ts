/**
 * `npm run bench -- --only=live`: the live checks against real test hosts (network namespaces,
 * as root; see test/live/): one host's full check set, ten hosts at once, and side by side in the
 * same run the same commands with one OpenSSH `ssh` process per command (how the original shell
 * tooling worked). Rounds alternate; medians.
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { buildScript } from "../checks/batch-script";
import { toTarget } from "../checks/live-config";
import { checkHost, checkHosts, PROBES } from "../checks/run-live";
import type { ProbeContext } from "../checks/observation";
import { HostSession } from "../checks/ssh-session";
import { Compliant, startCompliantHost } from "../test/helpers/live/compliant-host";

const run = promisify(execFile);
const CLOCK_TICKS_PER_S = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

/**
 * CPU (ms) of the finished connections of an sshd listener and everything they ran: the children
 * times a process gets as it reaps (sshd, its session, the shell, each command).
 */
function reapedCpuMs(pid: number): number {
    const fields = fs
        .readFileSync(`/proc/${pid}/stat`, "utf8")
        .replace(/^.*\) /, "")
        .split(" ");
    // After `pid (comm) `: field 3 is the state, so cutime and cstime (16 and 17) are at 13 and 14.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_S;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * Wall time of `f`; its CPU time in this process (the checker's own cost) is added to `cpu` when
 * given.
 */
async function timed(f: () => Promise<unknown>, cpu?: number[]): Promise<number> {
    const started = process.hrtime.bigint();
    const before = process.cpuUsage();
    await f();
    const used = process.cpuUsage(before);
    cpu?.push((used.user + used.system) / 1000);
    return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function liveSection(rounds = 5, hostCount = 10): Promise<string[]> {
    const hosts: Compliant[] = [];
    try {
        // Host 0 runs the Docker engine with landsraad_tst's 16 containers; the others query it too
        // (same commands, same answers).
        hosts.push(await startCompliantHost("bench0", 10));
        for (let i = 1; i < hostCount; i++)
            hosts.push(
                await startCompliantHost(`bench${i}`, 10 + i, {
                    sharedDocker: hosts[0].host.dockerSock,
                }),
            );
        const targets = hosts.map((h, i) => ({
            target: toTarget(`bench-${i}`, h.config),
            declared: h.declared,
        }));
        const one = hosts[0];
        const ctx: ProbeContext = {
            target: targets[0].target,
            declared: one.declared,
            now: new Date(),
            ruleConfig: () => ({}),
        };
        const sections = PROBES.flatMap((p) => p.sections(ctx));
        const answers = sections.reduce((n, s) => n + (s.parts?.length ?? 1), 0);
        // Host 1's sshd serves only the fleet runs, one connection each: one check's host side.
        const fleetSshd = Number(fs.readFileSync(path.join(hosts[1].host.dir, "sshd.pid"), "utf8"));
        const fleetSshdBefore = reapedCpuMs(fleetSshd);
        const env = `export LC_ALL=C DOCKER_HOST=${one.config.dockerHost};`;
        const knownHosts = path.join(one.host.dir, "known_hosts");
        fs.writeFileSync(knownHosts, `${one.host.address} ${one.host.hostKey}\n`);
        const sshArgs = [
            "-i",
            one.config.privateKeyPath,
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            `UserKnownHostsFile=${knownHosts}`,
            `root@${one.host.address}`,
        ];
        const single: number[] = [],
            fleet: number[] = [],
            batched: number[] = [],
            perCommand: number[] = [],
            singleCpu: number[] = [],
            fleetCpu: number[] = [];
        for (let r = 0; r < rounds; r++) {
            single.push(await timed(() => checkHost(targets[0].target, one.declared), singleCpu));
            fleet.push(await timed(() => checkHosts(targets, hostCount), fleetCpu));
            // The SSH part alone, both ways: one connection and one batched exec ...
            batched.push(
                await timed(async () => {
                    const s = await HostSession.open(targets[0].target, 20_000);
                    try {
                        await s.run(buildScript(sections, { DOCKER_HOST: one.config.dockerHost! }));
                    } finally {
                        s.close();
                    }
                }),
            );
            // ... against one ssh process per command, one after the other.
            perCommand.push(
                await timed(async () => {
                    for (const s of sections)
                        await run("ssh", [...sshArgs, `${env} ${s.command}`]).catch(
                            () => undefined,
                        );
                }),
            );
        }
        const hostSideMs = (reapedCpuMs(fleetSshd) - fleetSshdBefore) / rounds;
        const report = await checkHost(targets[0].target, one.declared);
        const ratio = median(fleet) / median(single);
        const speedup = median(perCommand) / median(batched);
        return [
            `## 5. Live checks over SSH (real test hosts in network namespaces; ${rounds} alternating rounds, medians)`,
            "",
            `One host: landsraad_tst's declarations, ${one.declared.containers.length} containers in a real Docker engine, ${sections.length} commands in one batch (${answers} answers: one curl makes every monitoring GET), ${report.observations.length} observations; TLS probed from the checker alongside.`,
            "",
            "| run | median wall | runs |",
            "|---|---|---|",
            `| one host, full check set (one SSH connection + TLS probes) | ${fmt(median(single))} | ${single.map(fmt).join(", ")} |`,
            `| ${hostCount} hosts in parallel (${hostCount} namespaces, bound ${hostCount}) | ${fmt(median(fleet))} | ${fleet.map(fmt).join(", ")} |`,
            `| SSH part of one host: one connection, one batched exec (node-ssh) | ${fmt(median(batched))} | ${batched.map(fmt).join(", ")} |`,
            `| SSH part of one host: the same ${sections.length} commands, one OpenSSH \`ssh\` process each | ${fmt(median(perCommand))} | ${perCommand.map(fmt).join(", ")} |`,
            "",
            `The checker's own CPU (this process): ${Math.round(median(singleCpu))} ms for one host, ${Math.round(median(fleetCpu))} ms for ${hostCount} (${(median(fleetCpu) / median(singleCpu) / hostCount).toFixed(2)}x per host). ` +
                `On this machine the ${hostCount} "hosts" are namespaces sharing its 2 cores: every host's sshd, shell, docker CLI call, nft, ss and curl (${Math.round(hostSideMs)} ms of CPU for one host's check: sshd and all it runs, host 1's sshd's own accounting), and the one Docker engine they all ask, run on the same 2 cores as the checker, so the ${hostCount}-host wall time measures this machine's capacity, not the fan-out, which overlaps the hosts' waiting (one connection per host, all in flight at once).`,
            "",
            `One host < 2 s: ${median(single) < 2000 ? "met" : "NOT met"}. ${hostCount} hosts / one host: **${ratio.toFixed(2)}x** (target < 1.5x): ${ratio < 1.5 ? "met" : "NOT met"}. ` +
                `One connection vs one ssh per command: **${speedup.toFixed(1)}x faster** (target ≥ 5x): ${speedup >= 5 ? "met" : "NOT met"}.`,
            "",
        ];
    } finally {
        for (const h of hosts) await h.host.stop();
    }
}
