/** The live checks' parts that need no test host: config validation, the batch framing, redaction, listener parsing. */
import * as assert from "assert";
import { buildScript, parseOutput } from "../../checks/batch-script";
import { parseLiveConfig } from "../../checks/live-config";
import { parseListeners } from "../../checks/probes/firewall";
import { redact } from "../../checks/redact";
import { parseStackConfig } from "../../infra/config";
import { stackRaw } from "../infra/config-fixture";

const VALID = {
    address: "198.18.77.2", user: "audit", privateKeyPath: "/keys/id", hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBl3SrjQ9u4u6Fyf4c9h+LpZ5Q3fC8bn1QW4t2ZbJvkP",
};

describe("live checks: parts", () => {
    it("accepts chom:live in a stack file, with defaults, and names the bad setting otherwise", () => {
        const c = stackRaw();
        c.raw["chom:live"] = VALID;
        assert.strictEqual(parseStackConfig(c.raw, c.secretKeys).ok, true);
        const parsed = parseLiveConfig(VALID);
        assert.ok(parsed.ok && parsed.config.sshPort === 22 && parsed.config.deadlineSeconds === 20);
        c.raw["chom:live"] = { ...VALID, hostKey: "AAAA" };
        const bad = parseStackConfig(c.raw, c.secretKeys);
        assert.ok(!bad.ok && bad.errors.some((e) => e.path === "chom:live.hostKey"), JSON.stringify(bad));
        assert.deepStrictEqual(parseLiveConfig({ ...VALID, password: "x" }), { ok: false, message: 'chom:live: Unrecognized key: "password"' });
        assert.deepStrictEqual(parseLiveConfig({ ...VALID, monitoring: { prometheus: "http://x/$(reboot)" } }), { ok: false, message: "chom:live.monitoring.prometheus: must be an http(s) URL of plain characters" });
    });

    it("frames each section with a nonce the host cannot forge, and keeps exit statuses", () => {
        const b = buildScript([{ name: "a", command: "echo hi" }, { name: "b", command: "false" }]);
        const text = [`@@chom-${b.nonce} begin a`, "hi", "@@chom-0000 end a 0", `@@chom-${b.nonce} end a 0`, `@@chom-${b.nonce} begin b`, `partial@@chom-${b.nonce} end b 1`].join("\n");
        const out = parseOutput(text, b.nonce);
        assert.deepStrictEqual(out.get("a"), { output: "hi\n@@chom-0000 end a 0", exitCode: 0 });
        assert.deepStrictEqual(out.get("b"), { output: "partial", exitCode: 1 });
        assert.throws(() => buildScript([{ name: "a;rm", command: "true" }]), /bad or repeated section name/);
    });

    it("redacts secret-looking assignments, URL credentials, private keys and known values", () => {
        assert.strictEqual(
            redact("DB_PASSWORD=hunter2 token: abc url=mysql://chom:s3cret@db/chom -----BEGIN OPENSSH PRIVATE KEY-----\nxyz\n-----END OPENSSH PRIVATE KEY----- pp-123", ["pp-123"]),
            "DB_PASSWORD=[redacted] token: [redacted] url=mysql://[redacted]@db/chom [redacted] [redacted]",
        );
    });

    it("reads ss listeners, IPv6 and process names included", () => {
        assert.deepStrictEqual(parseListeners([
            'tcp   LISTEN 0      4096     198.18.77.2:8080      0.0.0.0:*    users:(("docker-proxy",pid=12,fd=4))',
            "tcp   LISTEN 0      128             [::]:22           [::]:*",
            "udp   UNCONN 0      0          127.0.0.1:323        0.0.0.0:*",
        ].join("\n")), [
            { protocol: "tcp", address: "198.18.77.2", port: 8080, process: "docker-proxy" },
            { protocol: "tcp", address: "::", port: 22, process: "" },
            { protocol: "udp", address: "127.0.0.1", port: 323, process: "" },
        ]);
    });
});
