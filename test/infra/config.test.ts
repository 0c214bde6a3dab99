import * as assert from "assert";
import { ConfigError, formatConfigErrors, parseStackConfig } from "../../infra/config";
import { RawConfig, section, stackRaw } from "../helpers/config-fixture";

function errorsOf(c: ReturnType<typeof stackRaw>): ConfigError[] {
    const result = parseStackConfig(c.raw, c.secretKeys);
    assert.ok(!result.ok, "expected the config to be refused");
    return result.errors;
}

describe("stack config validation (chom:*)", () => {
    it("accepts every committed stack file", () => {
        for (const stack of ["landsraad_tst", "mentat_tst", "richese_tst"]) {
            const c = stackRaw(stack);
            const result = parseStackConfig(c.raw, c.secretKeys);
            assert.ok(result.ok, `${stack}: ${result.ok ? "" : formatConfigErrors(result.errors)}`);
        }
    });

    it("reads landsraad_tst's app, database and cache sizes from the stack file", () => {
        const c = stackRaw();
        const result = parseStackConfig(c.raw, c.secretKeys);
        assert.ok(result.ok);
        const { app, mysql, redis } = result.config.services;
        assert.deepStrictEqual(
            [app?.cpu, app?.cpuReservation, app?.memoryMb, app?.memoryReservationMb],
            [1.5, 1, 1536, 1024],
        );
        assert.deepStrictEqual(
            [mysql?.cpu, mysql?.cpuReservation, mysql?.memoryMb, mysql?.memoryReservationMb],
            [1, 0.5, 1536, 1024],
        );
        assert.deepStrictEqual(
            [redis?.cpu, redis?.cpuReservation, redis?.memoryMb, redis?.memoryReservationMb],
            [0.5, 0.25, 384, 256],
        );
        assert.strictEqual(result.config.host.hostname, "landsraad_tst");
    });

    /**
     * Each: a change to a committed stack file's config (landsraad_tst unless `stack` says), and
     * the errors it must be refused with: exactly `errors`, and whatever `check` asserts.
     */
    const REFUSED: {
        title: string;
        stack?: string;
        edit: (c: RawConfig) => void;
        errors?: ConfigError[];
        check?: (errors: ConfigError[]) => void;
    }[] = [
        {
            title: "names a wrong type with its path",
            edit: (c) => (section(c, "services").app.memoryMb = "1536"),
            errors: [
                {
                    path: "chom:services.app.memoryMb",
                    message: "wrong type: expected number, received string",
                },
            ],
        },
        {
            title: "refuses a negative CPU",
            edit: (c) => (section(c, "services").mysql.cpu = -1),
            errors: [
                {
                    path: "chom:services.mysql.cpu",
                    message: "must be greater than 0 (CPU limit in cores)",
                },
            ],
        },
        {
            title: "refuses a memory reservation above the limit, and a CPU reservation above the limit",
            edit: (c) => {
                section(c, "services").redis.memoryReservationMb = 512;
                section(c, "services").app.cpuReservation = 2;
            },
            errors: [
                {
                    path: "chom:services.app.cpuReservation",
                    message: "CPU reservation 2 is above the limit cpu 1.5",
                },
                {
                    path: "chom:services.redis.memoryReservationMb",
                    message: "memory reservation 512 MB is above the limit memoryMb 384 MB",
                },
            ],
        },
        {
            title: "refuses an unknown service",
            edit: (c) =>
                (section(c, "services").memcached = {
                    image: "memcached:1.6.32",
                    cpu: 0.25,
                    cpuReservation: 0.1,
                    memoryMb: 64,
                    memoryReservationMb: 32,
                }),
            check: (errors) => {
                assert.strictEqual(errors.length, 1);
                assert.strictEqual(errors[0].path, "chom:services.memcached");
                assert.match(
                    errors[0].message,
                    /^unknown service "memcached" \(known: nginx, app, queue,/,
                );
            },
        },
        {
            title: "refuses a malformed cron with the parser's reason",
            edit: (c) => {
                section(c, "backup").schedule = "0 25 * * *";
                section(c, "backup").incrementalSchedule = "every 15 minutes";
            },
            check: (errors) => {
                assert.deepStrictEqual(
                    errors.map((e) => e.path),
                    ["chom:backup.schedule", "chom:backup.incrementalSchedule"],
                );
                assert.strictEqual(
                    errors[0].message,
                    'cron "0 25 * * *": hour field "25": 25 is outside 0-23',
                );
                assert.match(errors[1].message, /^cron "every 15 minutes": /);
            },
        },
        {
            title: "refuses a CIDR that is not one, naming each bad entry",
            edit: (c) => {
                section(c, "firewall").adminSources = [
                    "10.10.100.0/33",
                    "banana",
                    "10.10.100.20/24",
                    "10.10.100.0/24",
                ];
                section(c, "firewall").rules[2].sources = ["10.10.300.0/24"];
            },
            errors: [
                {
                    path: "chom:firewall.adminSources[0]",
                    message: '"10.10.100.0/33" is not a CIDR: an IPv4 prefix is 0-32',
                },
                {
                    path: "chom:firewall.adminSources[1]",
                    message:
                        '"banana" is not a CIDR (expected address/prefix, e.g. 10.10.100.0/24)',
                },
                {
                    path: "chom:firewall.adminSources[2]",
                    message: '"10.10.100.20/24" has host bits set (did you mean 10.10.100.0/24?)',
                },
                {
                    path: "chom:firewall.rules[2].sources[0]",
                    message: '"10.10.300.0/24" is not a CIDR: "10.10.300.0" is not an IP address',
                },
            ],
        },
        {
            title: "refuses a plain-text secret without echoing it, saying how to set it",
            edit: (c) => {
                c.raw["chom:mysqlPassword"] = "hunter2-plain";
                c.secretKeys.delete("chom:mysqlPassword");
            },
            errors: [
                {
                    path: "chom:mysqlPassword",
                    message:
                        "is plain text in the stack file; it must be a Pulumi secret: set it with `pulumi config set --secret chom:mysqlPassword` (it prompts for the value)",
                },
            ],
            check: (errors) => assert.ok(!formatConfigErrors(errors).includes("hunter2-plain")),
        },
        {
            title: "requires the secrets the declared services need, and accepts a raw `secure:` value",
            edit: (c) => {
                delete c.raw["chom:appKey"];
                c.raw["chom:redisPassword"] = { secure: "v1:AAAAAAAAAAAAAAAA:AAAA" };
                c.secretKeys.delete("chom:redisPassword");
            },
            errors: [
                {
                    path: "chom:appKey",
                    message:
                        "missing: required because chom:services declares app; set it with `pulumi config set --secret chom:appKey` (it prompts for the value)",
                },
            ],
        },
        {
            title: "refuses unknown settings at any depth and missing required sections",
            edit: (c) => {
                c.raw["chom:sizes"] = {};
                section(c, "host").ram = 8;
                delete c.raw["chom:php"];
            },
            check: (errors) =>
                assert.deepStrictEqual(
                    errors.map((e) => `${e.path}: ${e.message.split(" (")[0]}`),
                    [
                        "chom:sizes: unknown setting",
                        "chom:host.ram: unknown setting",
                        "chom:php: missing: required because chom:services declares app",
                    ],
                ),
        },
        {
            title: "refuses values that would be written into nginx.conf unescaped",
            edit: (c) =>
                (section(c, "tls").headers["X-Frame-Options"] = 'DENY"; return 200 "owned'),
            errors: [
                {
                    path: "chom:tls.headers.X-Frame-Options",
                    message:
                        'must not contain ", \\, $ or control characters (it is written into a config file)',
                },
            ],
        },
        {
            title: "refuses a firewall comment that would inject a rule into the rendered nftables ruleset",
            edit: (c) =>
                ((section(c, "firewall").rules as { comment: string }[])[0].comment =
                    'HTTP"\n    tcp dport 0-65535 accept comment "owned'),
            errors: [
                {
                    path: "chom:firewall.rules[0].comment",
                    message:
                        "must be 1-128 characters without quotes, backslashes or control characters (it is an nftables comment)",
                },
            ],
        },
        {
            title: "refuses sizes no real machine has (1e308 GB printed as Infinity)",
            edit: (c) => {
                section(c, "host").memoryGb = 1e308;
                section(c, "host").cpuCores = 100_000;
                section(c, "services").app.memoryMb = 1e12;
            },
            errors: [
                {
                    path: "chom:host.cpuCores",
                    message: "must be at most 4096 (cores): no real machine has more",
                },
                {
                    path: "chom:host.memoryGb",
                    message: "must be at most 65536 (GB): no real machine has more",
                },
                {
                    path: "chom:services.app.memoryMb",
                    message: "must be at most 67108864 (MB): no real machine has more",
                },
            ],
        },
        {
            title: "checks settings against each other: CPU above the host, buffer pool above the container, off-site on the same host",
            edit: (c) => {
                section(c, "services").app.cpu = 6;
                section(c, "mysql").innodbBufferPoolMb = 2048;
                section(c, "backup").offsite.host = "landsraad_tst";
            },
            errors: [
                {
                    path: "chom:services.app.cpu",
                    message: "6 cores is more than the host's 4 (chom:host.cpuCores)",
                },
                {
                    path: "chom:mysql.innodbBufferPoolMb",
                    message:
                        "2048 MB does not fit below the mysql container's memory limit of 1536 MB (chom:services.mysql.memoryMb)",
                },
                {
                    path: "chom:backup.offsite.host",
                    message: '"landsraad_tst" is this host; an off-site copy must leave it',
                },
            ],
        },
        {
            title: "requires a declared dependency (queue without app)",
            stack: "mentat_tst",
            edit: (c) =>
                (section(c, "services").queue = {
                    image: "ghcr.io/calounx/chom-app:1.4.2",
                    cpu: 0.5,
                    cpuReservation: 0.25,
                    memoryMb: 512,
                    memoryReservationMb: 256,
                }),
            errors: [
                {
                    path: "chom:services.queue",
                    message: 'needs service "app", which is not declared',
                },
            ],
        },
    ];
    for (const t of REFUSED)
        it(t.title, () => {
            const c = stackRaw(t.stack);
            t.edit(c);
            const errors = errorsOf(c);
            if (t.errors) assert.deepStrictEqual(errors, t.errors);
            t.check?.(errors);
        });

    it("ignores other namespaces (provider settings are not ours)", () => {
        const c = stackRaw();
        c.raw["docker:host"] = "unix:///var/run/docker.sock";
        assert.ok(parseStackConfig(c.raw, c.secretKeys).ok);
    });

    it("formats every error into one message, one path per line, no stack trace", () => {
        const text = formatConfigErrors(
            [
                { path: "chom:a", message: "x" },
                { path: "chom:b.c[0]", message: "y" },
            ],
            "Pulumi.landsraad_tst.yaml",
        );
        assert.strictEqual(
            text,
            "invalid stack configuration in Pulumi.landsraad_tst.yaml (2 problems); nothing was created:\n  - chom:a: x\n  - chom:b.c[0]: y",
        );
    });

    it("answers a non-object config with a result, not an exception", () => {
        const result = parseStackConfig(null as unknown as Record<string, unknown>, new Set());
        assert.deepStrictEqual(result, {
            ok: false,
            errors: [
                { path: "chom", message: "the config must be a map of keys to values, not null" },
            ],
        });
    });
});
