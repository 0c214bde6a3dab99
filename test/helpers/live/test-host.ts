/**
 * A real test host for the live checks, started by the tests themselves (as root): its own
 * network namespace (veth pair, 198.18.0.0/15 addresses), Debian's sshd with a host key made
 * here, nginx with TLS on certificates made here, an nftables ruleset, backup files with
 * controlled ages, monitoring endpoints, and a real Docker engine whose containers are created
 * from the stack's declarations. `stop()` removes every process and the namespace.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { DeclaredContainer } from "../../../checks/declared";
import { HEALTH_TIMING } from "../../../infra/services";

export const DOCKER = "/usr/bin/docker";

export function sh(command: string, input?: string): string {
    return execFileSync("/bin/sh", ["-c", command], {
        encoding: "utf8",
        input,
        stdio: ["pipe", "pipe", "pipe"],
    });
}

function q(s: string): string {
    return `'${s.replace(/'/g, "'\\''")}'`;
}

export function tryRun(command: string): void {
    try {
        sh(command);
    } catch {
        // teardown: best effort, every step
    }
}

/** Kills the process whose pid is in `file` (a daemon we started) and waits for it to go. */
function killPidFile(file: string): void {
    if (!fs.existsSync(file)) return;
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    if (!(pid > 1)) return;
    try {
        process.kill(pid, "SIGTERM");
    } catch {
        return;
    }
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
        try {
            process.kill(pid, 0);
        } catch {
            return;
        }
        execFileSync("sleep", ["0.1"]);
    }
    try {
        process.kill(pid, "SIGKILL");
    } catch {
        // gone
    }
}

export async function waitFor(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
        if (ok()) return;
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`test host: ${what} not ready within ${timeoutMs} ms`);
}

/** Certificates for the nginx variants: a CA, a valid server certificate, an expired one. */
export function makeCertificates(
    dir: string,
    serverName: string,
): { ca: string; good: { crt: string; key: string }; expired: { crt: string; key: string } } {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "index.txt"), "");
    fs.writeFileSync(path.join(dir, "serial"), "01\n");
    fs.writeFileSync(
        path.join(dir, "ca.cnf"),
        "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = any\ncopy_extensions = copy\nunique_subject = no\n[any]\ncommonName = supplied\n",
    );
    const c = `cd ${q(dir)} && `;
    sh(
        `${c}openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -subj '/CN=chom live test CA' -days 3650 2>/dev/null`,
    );
    for (const [name, dates] of [
        ["good", "-days 365"],
        ["expired", "-startdate 20200101000000Z -enddate 20200201000000Z"],
    ]) {
        sh(
            `${c}openssl req -newkey rsa:2048 -nodes -keyout ${name}.key -out ${name}.csr -subj /CN=${serverName} -addext subjectAltName=DNS:${serverName} 2>/dev/null`,
        );
        sh(
            `${c}openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in ${name}.csr -out ${name}.crt ${dates} -notext 2>/dev/null`,
        );
    }
    return {
        ca: path.join(dir, "ca.crt"),
        good: { crt: path.join(dir, "good.crt"), key: path.join(dir, "good.key") },
        expired: { crt: path.join(dir, "expired.crt"), key: path.join(dir, "expired.key") },
    };
}

/**
 * nginx server blocks: the compliant edge, a legacy one (TLS 1.0, weak ciphers, no HSTS), and the
 * compliant one with an expired certificate.
 */
export type NginxVariant = {
    kind: "compliant" | "legacy" | "expired";
    port: number;
    httpPort?: number;
};

function nginxServer(
    address: string,
    v: NginxVariant,
    certs: ReturnType<typeof makeCertificates>,
): string {
    const cert = v.kind === "expired" ? certs.expired : certs.good;
    const tls =
        v.kind === "legacy"
            ? "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers DEFAULT:@SECLEVEL=0;"
            : "ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305; ssl_prefer_server_ciphers off;";
    const headers =
        v.kind === "legacy"
            ? ""
            : [
                  `add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;`,
                  `add_header Content-Security-Policy "default-src 'self'" always;`,
                  `add_header X-Frame-Options DENY always;`,
                  `add_header X-Content-Type-Options nosniff always;`,
                  `add_header Referrer-Policy strict-origin-when-cross-origin always;`,
                  `add_header Permissions-Policy "camera=(), microphone=()" always;`,
              ].join(" ");
    const redirect = v.httpPort
        ? `server { listen ${address}:${v.httpPort}; server_tokens off; return 301 https://$host$request_uri; }\n`
        : "";
    return `${redirect}server { listen ${address}:${v.port} ssl; server_tokens off; ssl_certificate ${cert.crt}; ssl_certificate_key ${cert.key}; ${tls} ${headers} location / { return 200 "ok\\n"; } }\n`;
}

export interface TestHostOptions {
    /** Namespace suffix: the namespace is `chomlive-<name>`. */
    name: string;
    /** 0..99: the host gets 198.18.(77+index).2, the machine side .1. */
    index: number;
    sshd?: boolean;
    nginx?: NginxVariant[];
    /** An nftables ruleset loaded in the namespace (before Docker adds its chains). */
    nftRuleset?: string;
    docker?: boolean;
    /** Passphrase of the client key (none when omitted). */
    passphrase?: string;
    serverName?: string;
}

export class TestHost {
    readonly ns: string;
    readonly address: string;
    readonly peer: string;
    readonly dir: string;
    hostKey = "";
    clientKey = "";
    certs?: ReturnType<typeof makeCertificates>;
    dockerSock = "";
    private readonly children: ChildProcess[] = [];
    private readonly pidFiles: string[] = [];

    constructor(readonly options: TestHostOptions) {
        this.ns = `chomlive-${options.name}`;
        this.address = `198.18.${77 + options.index}.2`;
        this.peer = `198.18.${77 + options.index}.1`;
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${this.ns}-`));
    }

    /**
     * Runs a command inside the namespace's network (nsenter, not `ip netns exec`, which remounts
     * /sys).
     */
    inNs(command: string): string {
        return sh(`nsenter --net=/var/run/netns/${this.ns} /bin/sh -c ${q(command)}`);
    }

    async start(): Promise<this> {
        const o = this.options;
        const host = `clv${o.index}h`;
        const inner = `clv${o.index}n`;
        tryRun(`ip netns del ${this.ns}`);
        tryRun(`ip link del ${host}`);
        sh(`ip netns add ${this.ns}`);
        sh(
            `ip link add ${host} type veth peer name ${inner} && ip link set ${inner} netns ${this.ns} && ip addr add ${this.peer}/24 dev ${host} && ip link set ${host} up`,
        );
        this.inNs(
            `ip link set lo up && ip addr add ${this.address}/24 dev ${inner} && ip link set ${inner} up`,
        );
        if (o.nftRuleset) {
            fs.writeFileSync(path.join(this.dir, "ruleset.nft"), o.nftRuleset);
            this.inNs(`nft -f ${path.join(this.dir, "ruleset.nft")}`);
        }
        if (o.sshd) this.startSshd();
        if (o.nginx?.length) await this.startNginx(o.nginx);
        if (o.docker) await this.startDocker();
        return this;
    }

    private startSshd(): void {
        const d = this.dir;
        sh(`ssh-keygen -q -t ed25519 -N '' -C '' -f ${d}/ssh_host_ed25519_key`);
        sh(
            `ssh-keygen -q -t ed25519 -N ${q(this.options.passphrase ?? "")} -C '' -f ${d}/client_key`,
        );
        fs.copyFileSync(`${d}/client_key.pub`, `${d}/authorized_keys`);
        this.hostKey = fs.readFileSync(`${d}/ssh_host_ed25519_key.pub`, "utf8").trim();
        this.clientKey = `${d}/client_key`;
        fs.writeFileSync(
            `${d}/sshd_config`,
            [
                "Port 22",
                `ListenAddress ${this.address}`,
                `HostKey ${d}/ssh_host_ed25519_key`,
                `PidFile ${d}/sshd.pid`,
                `AuthorizedKeysFile ${d}/authorized_keys`,
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "MaxSessions 20",
                "MaxStartups 100",
                "LogLevel INFO",
                "",
            ].join("\n"),
        );
        fs.mkdirSync("/run/sshd", { recursive: true });
        // root's home as a fresh Debian install has it (base-files' dot.bashrc, dot.profile): this
        // machine's /root/.bashrc (pyenv and cargo for whoever works here) is not the test host's,
        // and bash sources it for every command sshd runs.
        const home = `${d}/root-home`;
        fs.mkdirSync(home, { mode: 0o700 });
        for (const f of ["bashrc", "profile"])
            fs.copyFileSync(`/usr/share/base-files/dot.${f}`, `${home}/.${f}`);
        this.pidFiles.push(`${d}/sshd.pid`);
        // Its own mount namespace with a fresh sysfs, so a session sees the namespace's NICs (their
        // speed) as on a real host, and that home for root.
        sh(
            `nsenter --net=/var/run/netns/${this.ns} unshare --mount --propagation private /bin/sh -c 'mount -t sysfs sysfs /sys && mount --bind ${home} /root && exec /usr/sbin/sshd -f ${d}/sshd_config -E ${d}/sshd.log'`,
        );
    }

    private async startNginx(variants: NginxVariant[]): Promise<void> {
        const d = this.dir;
        this.certs = makeCertificates(
            path.join(d, "certs"),
            this.options.serverName ?? "chom.example.test",
        );
        const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
            .map((t) => `${t}_temp_path ${d}/nginx-${t};`)
            .join(" ");
        fs.writeFileSync(
            `${d}/nginx.conf`,
            `worker_processes 1; pid ${d}/nginx.pid; error_log ${d}/nginx-error.log;\nevents { worker_connections 256; }\n` +
                `http { access_log off; ${temp}\n${variants.map((v) => nginxServer(this.address, v, this.certs!)).join("")}}\n`,
        );
        this.pidFiles.push(`${d}/nginx.pid`);
        sh(
            `nsenter --net=/var/run/netns/${this.ns} /usr/sbin/nginx -e ${d}/nginx-error.log -c ${d}/nginx.conf`,
        );
        await waitFor("nginx", () => fs.existsSync(`${d}/nginx.pid`));
    }

    private async startDocker(): Promise<void> {
        const d = path.join(this.dir, "docker");
        fs.mkdirSync(d, { recursive: true });
        this.dockerSock = `${d}/docker.sock`;
        const log = fs.openSync(`${d}/dockerd.log`, "a");
        const child = spawn(
            "nsenter",
            [
                `--net=/var/run/netns/${this.ns}`,
                "/usr/sbin/dockerd",
                "--data-root",
                `${d}/data`,
                "--exec-root",
                `${d}/exec`,
                "-H",
                `unix://${this.dockerSock}`,
                "--pidfile",
                `${d}/dockerd.pid`,
                "--storage-driver",
                "vfs",
            ],
            { stdio: ["ignore", log, log], detached: true },
        );
        child.unref();
        this.pidFiles.push(`${d}/dockerd.pid`);
        await waitFor(
            "dockerd",
            () => {
                try {
                    sh(`${this.docker()} version --format '{{.Server.Version}}'`);
                    return true;
                } catch {
                    return false;
                }
            },
            60_000,
        );
        // Nothing can be pulled: the image is a busybox-static rootfs.
        const root = path.join(this.dir, "rootfs");
        fs.mkdirSync(`${root}/bin`, { recursive: true });
        fs.copyFileSync("/bin/busybox", `${root}/bin/busybox`);
        for (const applet of ["sh", "sleep", "true", "httpd", "cat"])
            fs.symlinkSync("busybox", `${root}/bin/${applet}`);
        sh(`tar -C ${root} -c . | ${this.docker()} import - chom-live-test/busybox:1 >/dev/null`);
    }

    docker(): string {
        return `${DOCKER} -H unix://${this.dockerSock}`;
    }

    /**
     * Creates a container as the stack declares it (image tagged to the declared reference),
     * running busybox.
     */
    runDeclared(c: DeclaredContainer, extra: string[] = []): void {
        const image = (c.image ?? "chom-live-test/busybox:1").split("@")[0];
        if (image !== "chom-live-test/busybox:1")
            sh(`${this.docker()} tag chom-live-test/busybox:1 ${q(image)}`);
        const args = ["-d", "--name", c.name];
        if (c.memoryMb !== undefined)
            args.push("--memory", `${c.memoryMb}m`, "--memory-swap", `${c.memoryMb}m`);
        if (c.cpus !== undefined) args.push("--cpus", String(c.cpus));
        if (c.restart) args.push("--restart", c.restart);
        if (c.privileged) args.push("--privileged");
        // The declared timing: the first check runs 30 s after the start (the wait for healthy
        // containers is not timed); a check every second would have the engine exec 16 checks a
        // second (a seventh of this machine's CPU) all through the measurements.
        if (c.healthcheck) {
            const t = HEALTH_TIMING;
            args.push(
                "--health-cmd",
                "true",
                "--health-interval",
                t.interval,
                "--health-timeout",
                t.timeout,
                "--health-retries",
                String(t.retries),
                "--health-start-period",
                t.startPeriod,
            );
        }
        for (const p of c.ports)
            args.push("-p", `${p.ip}:${p.external}:${p.internal}/${p.protocol}`);
        for (const m of c.mounts) {
            if (m.kind === "bind" && m.source) fs.mkdirSync(m.source, { recursive: true });
            args.push(
                "--mount",
                `type=${m.kind},source=${m.source},target=${m.destination}${m.readOnly ? ",readonly" : ""}`,
            );
        }
        sh(
            `${this.docker()} run ${[...args, ...extra].map(q).join(" ")} ${q(image)} sleep 2147483647 >/dev/null`,
        );
    }

    /**
     * A process in the namespace that we keep the pid of (e.g. busybox httpd for the monitoring
     * endpoints).
     */
    spawnInNs(argv: string[]): ChildProcess {
        // exec: the pid we keep is the process itself, not an nsenter wrapper.
        const child = spawn("nsenter", [`--net=/var/run/netns/${this.ns}`, ...argv], {
            stdio: "ignore",
            detached: true,
        });
        child.unref();
        this.children.push(child);
        return child;
    }

    async stop(): Promise<void> {
        if (this.dockerSock && fs.existsSync(this.dockerSock))
            tryRun(`${this.docker()} rm -f $(${this.docker()} ps -aq) >/dev/null 2>&1`);
        for (const c of this.children) {
            try {
                if (c.pid) process.kill(c.pid, "SIGTERM");
            } catch {
                // already gone
            }
        }
        for (const f of [...this.pidFiles].reverse()) killPidFile(f);
        tryRun(`ip netns del ${this.ns}`);
        tryRun(`ip link del clv${this.options.index}h`);
        // vfs layers of dockerd: remove with the rest (mounts under exec-root are gone with
        // dockerd).
        tryRun(`rm -rf ${q(this.dir)}`);
    }
}
