/**
 * A test host that runs exactly what landsraad_tst declares (moved onto the test network):
 * every declared container with its limits, restart policy, health check, ports and mounts;
 * nginx terminating TLS as chom:edge:Tls says; a default-deny ruleset and a filtering
 * DOCKER-USER chain; a fresh, verified backup and a recent restore test; Prometheus, Grafana and
 * Loki endpoints (busybox httpd) answering on the host's loopback.
 */
import * as fs from "fs";
import * as path from "path";
import { declaredFrom, Declared } from "../../../checks/declared";
import type { LiveConfig } from "../../../checks/live-config";
import { RESTORE_MARKER } from "../../../checks/probes/backups";
import type { RecordedResource } from "../../../policies/certify/recorded";
import { testHostExport } from "./stack-fixture";
import { sh, TestHost, waitFor } from "./test-host";

export const RULESET = `table inet chomlive {
\tchain input {
\t\ttype filter hook input priority 0; policy drop;
\t\tiif lo accept
\t\tct state established,related accept
\t\tip saddr 198.18.0.0/15 tcp dport { 22, 80, 443 } accept
\t}
}
`;

export interface Compliant {
    host: TestHost;
    exportFile: string;
    resources: RecordedResource[];
    declared: Declared;
    config: LiveConfig;
    backupDir: string;
}

export interface CompliantOptions {
    /**
     * Client key passphrase (read from the environment variable CHOM_LIVE_TEST_PASSPHRASE_<index>).
     */
    passphrase?: string;
    /**
     * Extra `docker run` arguments per container name (e.g. a planted secret in the environment).
     */
    extra?: Record<string, string[]>;
    /** Skip the containers (a host for the SSH-only cases). */
    containers?: boolean;
    /** A docker socket of another test host to use instead of starting an engine here. */
    sharedDocker?: string;
}

function monitoringRoot(dir: string, jobs: string[]): string {
    const root = path.join(dir, "monitoring");
    const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
    };
    write("prometheus/-/ready", "Prometheus Server is Ready.\n");
    write(
        "prometheus/api/v1/targets",
        JSON.stringify({
            status: "success",
            data: {
                activeTargets: jobs.map((job) => ({
                    labels: { job },
                    health: "up",
                    scrapeUrl: `http://${job}/metrics`,
                })),
            },
        }),
    );
    write(
        "grafana/api/health",
        JSON.stringify({ commit: "test", database: "ok", version: "11.3.0" }),
    );
    write("loki/ready", "ready\n");
    return root;
}

export async function startCompliantHost(
    name: string,
    index: number,
    options: CompliantOptions = {},
): Promise<Compliant> {
    const host = new TestHost({
        name,
        index,
        sshd: true,
        nginx: [{ kind: "compliant", port: 443, httpPort: 80 }],
        nftRuleset: RULESET,
        docker: !options.sharedDocker,
        passphrase: options.passphrase,
        serverName: "chom.example.com",
    });
    try {
        await host.start();
        const { file, resources, backupDir } = testHostExport(host.address, host.dir);
        const declared = declaredFrom(resources);
        if (options.sharedDocker) host.dockerSock = options.sharedDocker;
        else if (options.containers !== false) {
            for (const c of declared.containers) host.runDeclared(c, options.extra?.[c.name] ?? []);
            // Docker bypasses the input chain: DOCKER-USER is where published ports are filtered.
            host.inNs("iptables -I DOCKER-USER ! -s 198.18.0.0/15 -j DROP");
            await waitFor(
                "healthy containers",
                () => sh(`${host.docker()} ps --filter health=starting -q`).trim() === "",
                60_000,
            );
        }
        fs.mkdirSync(backupDir, { recursive: true });
        sh(
            `cd '${backupDir}' && echo 'CREATE TABLE t (id int);' | gzip > chom-2026.sql.gz && sha256sum chom-2026.sql.gz > chom-2026.sql.gz.sha256 && touch -d '2 hours ago' chom-2026.sql.gz chom-2026.sql.gz.sha256 && touch -d '1 day ago' ${RESTORE_MARKER}`,
        );
        const mon = monitoringRoot(host.dir, declared.monitoring?.scrapeJobs ?? []);
        for (const [svc, port] of [
            ["prometheus", 9090],
            ["grafana", 3000],
            ["loki", 3100],
        ] as const)
            host.spawnInNs([
                "/bin/busybox",
                "httpd",
                "-f",
                "-p",
                `127.0.0.1:${port}`,
                "-h",
                path.join(mon, svc),
            ]);
        const passphraseEnv = options.passphrase ? `CHOM_LIVE_TEST_PASSPHRASE_${index}` : undefined;
        if (passphraseEnv) process.env[passphraseEnv] = options.passphrase;
        const config: LiveConfig = {
            address: host.address,
            sshPort: 22,
            user: "root",
            privateKeyPath: host.clientKey,
            ...(passphraseEnv ? { passphraseEnv } : {}),
            hostKey: host.hostKey,
            deadlineSeconds: 20,
            dockerHost: `unix://${host.dockerSock}`,
            dockerCli: "/usr/bin/docker",
            tls: {
                httpsPort: 443,
                httpPort: 80,
                serverName: "chom.example.com",
                caFile: host.certs!.ca,
            },
            monitoring: {
                prometheus: "http://127.0.0.1:9090",
                grafana: "http://127.0.0.1:3000",
                loki: "http://127.0.0.1:3100",
            },
        };
        await waitFor(
            "monitoring endpoints",
            () => {
                try {
                    host.inNs(
                        "wget -q -O - http://127.0.0.1:3100/ready && wget -q -O - http://127.0.0.1:3000/api/health && wget -q -O - http://127.0.0.1:9090/-/ready",
                    );
                    return true;
                } catch {
                    return false;
                }
            },
            10_000,
        );
        return { host, exportFile: file, resources, declared, config, backupDir };
    } catch (e) {
        await host.stop();
        throw e;
    }
}
