/** The program under Pulumi's mock runtime (preview): what it registers, and what it refuses. */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ContainerProps, labelValue, TYPES } from "../../policies/lib/subjects";
import {
    isSecretValue,
    ofType,
    ProgramRun,
    RegisteredResource,
    runProgram,
    stackFileConfig,
    valueOf,
} from "../helpers/mock-program";
import { REDIS_COMMAND } from "../helpers/fixture-stack";

const SECRETS: Record<string, string> = {
    "chom:mysqlRootPassword": "TEST-root-pw-1f6e",
    "chom:mysqlPassword": "TEST-app-pw-9c2d",
    "chom:redisPassword": "TEST-redis-pw-4b7a",
    "chom:grafanaAdminPassword": "TEST-grafana-pw-8e1c",
    "chom:backupEncryptionKey": "TEST-backup-key-2a9f",
    "chom:appKey": "base64:TEST-app-key-6d3b",
};

function containers(run: ProgramRun): Map<string, ContainerProps> {
    return new Map(
        ofType(run.resources, TYPES.container).map((r) => [r.name, r.inputs as ContainerProps]),
    );
}

function only(run: ProgramRun, type: string): RegisteredResource {
    const found = ofType(run.resources, type);
    assert.strictEqual(found.length, 1, `${type}: ${found.length}`);
    return found[0];
}

/** Every string reachable in `value` outside secret-wrapped values. */
function plainStrings(value: unknown, out: string[] = []): string[] {
    if (isSecretValue(value)) return out;
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => plainStrings(v, out));
    else if (typeof value === "object" && value !== null)
        Object.values(value).forEach((v) => plainStrings(v, out));
    return out;
}

describe("infra program under mocks", function () {
    this.timeout(60000);
    let run: ProgramRun;
    const stackFile = stackFileConfig("landsraad_tst", SECRETS);
    const sizes = JSON.parse(stackFile.config["chom:services"]) as Record<
        string,
        {
            cpu: number;
            cpuReservation: number;
            memoryMb: number;
            memoryReservationMb: number;
            image: string;
        }
    >;

    before(async () => {
        run = await runProgram("landsraad_tst", stackFile);
        assert.strictEqual(run.error, undefined, run.error?.message);
    });

    it("registers the landsraad_tst resources: provider, 5 components, 4 networks, 6 volumes, 14 images, 16 containers", () => {
        const count = (type: string) => ofType(run.resources, type).length;
        assert.deepStrictEqual(
            [
                count(TYPES.dockerProvider),
                count(TYPES.server),
                count(TYPES.firewall),
                count(TYPES.tls),
                count(TYPES.backupPlan),
                count(TYPES.monitoring),
                count(TYPES.network),
                count(TYPES.volume),
                count(TYPES.image),
                count(TYPES.container),
            ],
            [1, 1, 1, 1, 1, 1, 4, 6, 14, 16],
        );
        assert.deepStrictEqual([...containers(run).keys()].sort(), Object.keys(sizes).sort());
    });

    it("gives every container the configured CPU and memory limits and reservations", () => {
        for (const [service, c] of containers(run)) {
            const s = sizes[service];
            assert.deepStrictEqual(
                {
                    cpus: c.cpus,
                    cpuShares: c.cpuShares,
                    memory: c.memory,
                    memoryReservation: c.memoryReservation,
                    memorySwap: c.memorySwap,
                    reservationLabel: labelValue(c.labels, "chom.cpu-reservation"),
                },
                {
                    cpus: String(s.cpu),
                    cpuShares: Math.round(s.cpuReservation * 1024),
                    memory: s.memoryMb,
                    memoryReservation: s.memoryReservationMb,
                    memorySwap: s.memoryMb,
                    reservationLabel: String(s.cpuReservation),
                },
                service,
            );
            assert.ok(Number(c.cpus) > 0 && (c.memory ?? 0) > 0, `${service} has no limit`);
        }
        const app = containers(run).get("app")!;
        assert.deepStrictEqual([app.cpus, app.memory], ["1.5", 1536]);
    });

    it("puts every docker resource on the explicit provider whose host comes from config", () => {
        const provider = only(run, TYPES.dockerProvider);
        assert.strictEqual(provider.name, "landsraad_tst-docker");
        assert.strictEqual(provider.inputs.host, "ssh://deploy@10.10.100.20");
        for (const r of run.resources.filter((x) => x.type.startsWith("docker:"))) {
            assert.match(
                r.provider ?? "",
                /::pulumi:providers:docker::landsraad_tst-docker::/,
                `${r.type} ${r.name}`,
            );
        }
    });

    it("follows the container conventions the pack expects (restart, logs, privileges, labels)", () => {
        for (const [service, c] of containers(run)) {
            assert.strictEqual(c.name, `chom-${service}`);
            assert.strictEqual(c.restart, "unless-stopped");
            assert.strictEqual(c.logDriver, "json-file");
            assert.deepStrictEqual(
                [c.logOpts?.["max-size"], c.logOpts?.["max-file"]],
                ["10m", "5"],
            );
            assert.strictEqual(c.privileged, false);
            assert.deepStrictEqual(c.securityOpts, ["no-new-privileges:true"]);
            assert.deepStrictEqual(c.capabilities?.drops, ["ALL"]);
            assert.strictEqual(labelValue(c.labels, "chom.service"), service);
            assert.ok(labelValue(c.labels, "chom.tier"), service);
            assert.ok(labelValue(c.labels, "chom.certificate-category"), service);
            assert.ok(
                !(c.volumes ?? []).some((v) => /docker\.sock$/.test(v.hostPath ?? "")),
                `${service} mounts docker.sock`,
            );
            assert.notStrictEqual(c.networkMode, "bridge", service);
        }
        assert.deepStrictEqual(containers(run).get("queue")!.capabilities, { drops: ["ALL"] });
        const stateful = [...containers(run)]
            .filter(([, c]) => labelValue(c.labels, "chom.stateful") === "true")
            .map(([s]) => s)
            .sort();
        assert.deepStrictEqual(stateful, [
            "app",
            "grafana",
            "loki",
            "mysql",
            "prometheus",
            "redis",
        ]);
    });

    it("publishes only nginx 80/443 and the monitoring UIs, all bound to the host address", () => {
        const published = [...containers(run)].flatMap(([s, c]) =>
            (c.ports ?? []).map((p) => `${s} ${p.ip}:${p.external}->${p.internal}/${p.protocol}`),
        );
        assert.deepStrictEqual(published.sort(), [
            "grafana 10.10.100.20:3000->3000/tcp",
            "loki 10.10.100.20:3100->3100/tcp",
            "nginx 10.10.100.20:443->443/tcp",
            "nginx 10.10.100.20:80->80/tcp",
            "prometheus 10.10.100.20:9090->9090/tcp",
        ]);
        assert.strictEqual(containers(run).get("nginx")!.networksAdvanced![0].name, "chom-edge");
    });

    it("keeps the data and monitoring networks internal", () => {
        const nets = ofType(run.resources, TYPES.network)
            .map((n) => `${n.name}:${n.inputs.internal}`)
            .sort();
        assert.deepStrictEqual(nets, [
            "chom-edge:false",
            "chom-egress:false",
            "chom-internal:true",
            "chom-monitoring:true",
        ]);
        assert.deepStrictEqual(
            containers(run)
                .get("mysql")!
                .networksAdvanced!.map((n) => n.name),
            ["chom-internal"],
        );
    });

    it("pulls one pinned image per distinct reference and runs containers from its image ID", () => {
        const names = ofType(run.resources, TYPES.image).map((i) => i.inputs.name as string);
        assert.strictEqual(new Set(names).size, names.length);
        assert.ok(names.includes("ghcr.io/calounx/chom-app:1.4.2"));
        assert.strictEqual(
            containers(run).get("queue")!.image,
            "sha256:mock-ghcr.io/calounx/chom-app:1.4.2",
        );
        for (const n of names)
            assert.match(n, /^[^@\s]+:[A-Za-z0-9_][A-Za-z0-9_.-]*(@sha256:[0-9a-f]{64})?$/);
    });

    it("sizes PHP and Redis from config and keeps Prometheus's admin APIs off", () => {
        const c = containers(run);
        assert.deepStrictEqual(c.get("app")!.envs, [
            "PHP_FPM_PM_MAX_CHILDREN=10",
            "PHP_MEMORY_LIMIT=128M",
            "APP_ENV=production",
        ]);
        assert.deepStrictEqual(c.get("redis")!.command, REDIS_COMMAND);
        const prometheus = c.get("prometheus")!.command!;
        assert.ok(
            !prometheus.some((a) => /enable-(admin-api|lifecycle)/.test(a)),
            prometheus.join(" "),
        );
        assert.ok(prometheus.includes("--storage.tsdb.retention.time=30d"));
        assert.deepStrictEqual(c.get("grafana")!.envs!.slice(0, 2), [
            "GF_SECURITY_ADMIN_USER=chom-admin",
            "GF_SECURITY_ADMIN_PASSWORD__FILE=/run/secrets/grafana-admin-password",
        ]);
        assert.deepStrictEqual(c.get("alloy")!.volumes, [
            {
                hostPath: "/var/lib/docker/containers",
                containerPath: "/var/lib/docker/containers",
                readOnly: true,
            },
        ]);
    });

    it("declares the components with the inputs the pack reads", () => {
        assert.deepStrictEqual(
            only(run, TYPES.server).inputs,
            JSON.parse(stackFile.config["chom:host"]),
        );
        const fw = only(run, TYPES.firewall);
        assert.deepStrictEqual(
            [
                fw.name,
                fw.inputs.host,
                fw.inputs.defaultInbound,
                (fw.inputs.rules as unknown[]).length,
            ],
            ["landsraad_tst-firewall", "landsraad_tst", "deny", 6],
        );
        const tls = only(run, TYPES.tls).inputs;
        const nginx = tls.nginxConfig as string;
        for (const line of [
            "ssl_protocols TLSv1.2 TLSv1.3;",
            "server_tokens off;",
            'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;',
            'add_header X-Content-Type-Options "nosniff" always;',
            "location / { return 301 https://$host$request_uri; }",
            "limit_req_zone $binary_remote_addr zone=chom_per_ip:10m rate=10r/s;",
        ]) {
            assert.ok(nginx.includes(line), line);
        }
        // The file nginx mounts is the component's nginxConfig, byte for byte.
        assert.deepStrictEqual(containers(run).get("nginx")!.uploads, [
            { file: "/etc/nginx/conf.d/default.conf", content: nginx, permissions: "0444" },
        ]);
        const plan = only(run, TYPES.backupPlan).inputs;
        assert.deepStrictEqual(
            [
                plan.host,
                plan.databases,
                (plan.volumes as string[]).length,
                plan.schedule,
                plan.encryption,
            ],
            [
                "landsraad_tst",
                ["mysql/chom"],
                6,
                "0 2 * * *",
                { method: "gpg", keyLocation: "pulumi-secret", keyIsSecret: true },
            ],
        );
        const monitoring = only(run, TYPES.monitoring).inputs as {
            scrapeTargets: { service: string; target: string }[];
            prometheusAdminApi: boolean;
        };
        // Each target at the port its service listens on (the domain facts' ports); the app's
        // metrics come through nginx's status port (NGINX_STATUS_PORT).
        assert.deepStrictEqual(
            monitoring.scrapeTargets.map((t) => `${t.service} ${t.target}`).sort(),
            [
                "app nginx:8081",
                "loki loki:3100",
                "mysqld-exporter mysqld-exporter:9104",
                "nginx-exporter nginx-exporter:9113",
                "node-exporter node-exporter:9100",
                "php-fpm-exporter php-fpm-exporter:9253",
                "prometheus prometheus:9090",
                "redis-exporter redis-exporter:9121",
            ],
        );
        assert.strictEqual(monitoring.prometheusAdminApi, false);
    });

    it("keeps every secret secret: only inside secret values in inputs, secret in outputs", async () => {
        const plain = run.resources.flatMap((r) => plainStrings(r.inputs));
        for (const secret of Object.values(SECRETS))
            assert.ok(!plain.some((s) => s.includes(secret)), `${secret} is in a plain input`);
        // ...and they are delivered: as uploaded files, wrapped as secrets.
        const wrapped = JSON.stringify(run.resources.map((r) => r.inputs));
        for (const secret of Object.values(SECRETS))
            assert.ok(wrapped.includes(secret), `${secret} is not delivered anywhere`);
        for (const [service, c] of containers(run)) {
            const uploads = c.uploads as unknown;
            if (
                [
                    "mysql",
                    "redis",
                    "grafana",
                    "app",
                    "queue",
                    "scheduler",
                    "backup",
                    "mysqld-exporter",
                    "redis-exporter",
                ].includes(service)
            )
                assert.ok(isSecretValue(uploads), `${service} uploads`);
            for (const env of c.envs ?? [])
                assert.ok(!/PASSWORD=|_KEY=/.test(env), `${service}: ${env}`);
        }
        const outputs = run.outputs!;
        const grafana = outputs.grafanaAdmin as { user: string; password: pulumi.Output<string> };
        assert.strictEqual(grafana.user, "chom-admin");
        assert.strictEqual(await pulumi.isSecret(grafana.password), true);
        const exported = JSON.stringify([
            outputs.host,
            outputs.containers,
            outputs.endpoints,
            await valueOf(outputs.nftablesRuleset as pulumi.Output<string>),
        ]);
        for (const secret of Object.values(SECRETS)) assert.ok(!exported.includes(secret));
    });

    it("exports the host, the container sizes and the endpoints", () => {
        const out = run.outputs!;
        assert.deepStrictEqual(out.host, {
            hostname: "landsraad_tst",
            address: "10.10.100.20",
            dockerHost: "ssh://deploy@10.10.100.20",
        });
        assert.deepStrictEqual((out.containers as Record<string, unknown>).mysql, {
            cpus: 1,
            cpuReservation: 0.5,
            memoryMb: 1536,
            memoryReservationMb: 1024,
            image: "mysql:8.0.40",
        });
        assert.deepStrictEqual(out.endpoints, {
            application: "https://chom.example.com",
            prometheus: "http://10.10.100.20:9090",
            grafana: "http://10.10.100.20:3000",
            loki: "http://10.10.100.20:3100",
        });
    });

    it("stops on bad config with one RunError naming every path, before registering anything", async () => {
        const bad = stackFileConfig("landsraad_tst", SECRETS);
        const services = JSON.parse(bad.config["chom:services"]) as Record<
            string,
            Record<string, unknown>
        >;
        services.app.cpu = -2;
        services.redis.memoryReservationMb = 4096;
        bad.config["chom:services"] = JSON.stringify(services);
        bad.config["chom:redisPassword"] = "plain-redis-password";
        bad.secretKeys = bad.secretKeys.filter((k) => k !== "chom:redisPassword");
        const failed = await runProgram("landsraad_tst", bad);
        assert.ok(failed.error instanceof pulumi.RunError, String(failed.error));
        assert.deepStrictEqual(failed.resources, []);
        assert.ok(
            !failed.error!.message.includes("plain-redis-password") &&
                !/\n\s+at /.test(failed.error!.message),
        );
        assert.strictEqual(
            failed.error!.message,
            [
                "invalid stack configuration in Pulumi.landsraad_tst.yaml (3 problems); nothing was created:",
                "  - chom:services.app.cpu: must be greater than 0 (CPU limit in cores)",
                "  - chom:services.redis.memoryReservationMb: memory reservation 4096 MB is above the limit memoryMb 384 MB",
                "  - chom:redisPassword: is plain text in the stack file; it must be a Pulumi secret: set it with `pulumi config set --secret chom:redisPassword` (it prompts for the value)",
            ].join("\n"),
        );
    });

    it("declares the other stacks from their own stack files (mentat_tst: monitoring tier only)", async () => {
        const mentat = await runProgram("mentat_tst", stackFileConfig("mentat_tst"));
        assert.strictEqual(mentat.error, undefined, mentat.error?.message);
        assert.deepStrictEqual([...containers(mentat).keys()].sort(), [
            "alloy",
            "backup",
            "grafana",
            "loki",
            "node-exporter",
            "prometheus",
        ]);
        assert.strictEqual(ofType(mentat.resources, TYPES.tls).length, 0);
        assert.strictEqual(
            only(mentat, TYPES.dockerProvider).inputs.host,
            "ssh://deploy@10.10.100.10",
        );
        const richese = await runProgram("richese_tst", stackFileConfig("richese_tst"));
        assert.strictEqual(richese.error, undefined, richese.error?.message);
        assert.strictEqual(containers(richese).size, 16);
        assert.deepStrictEqual(only(richese, TYPES.backupPlan).inputs.host, "richese_tst");
    });

    it("assumes no host name or address: a renamed host leaves no trace of landsraad_tst", async () => {
        const text = JSON.stringify(stackFileConfig("landsraad_tst", SECRETS).config)
            .replace(/landsraad_tst/g, "caladan_tst")
            .replace(/10\.10\.100\.20/g, "198.18.7.9");
        const renamed = await runProgram("caladan_tst", {
            config: JSON.parse(text) as Record<string, string>,
            secretKeys: stackFile.secretKeys,
        });
        assert.strictEqual(renamed.error, undefined, renamed.error?.message);
        const everything = JSON.stringify(renamed.resources);
        assert.ok(!everything.includes("landsraad") && !everything.includes("10.10.100.20"));
        assert.ok(everything.includes("caladan_tst") && everything.includes("198.18.7.9"));
    });
});
