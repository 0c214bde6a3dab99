/**
 * The real Pulumi CLI previews a tiny throw-away nodejs program against the docker provider
 * stand-in, with a tiny policy pack: proves the build, the language host, the stand-in's Check
 * defaults reaching policies, and that a mandatory violation fails the preview.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { BuiltCli, ensureCli, REPO, Workspace } from "../helpers/pulumi-cli";

const PROGRAM = (portLine: string): string => `"use strict";
const docker = require("@pulumi/docker");
new docker.Container("web", {
    image: "nginx:1.27.3-alpine",
    ports: [${portLine}],
    devices: [{ hostPath: "/dev/null", containerPath: "/dev/probe" }],
});
`;

// Reports what the policy saw after the provider's Check, so the test can assert the defaults.
const PACK = `"use strict";
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("standin-probe", {
    policies: [{
        name: "probe-ports-bound",
        description: "Published ports must not listen on every interface.",
        enforcementLevel: "mandatory",
        validateResource: (args, reportViolation) => {
            if (args.type !== "docker:index/container:Container") return;
            for (const p of args.props.ports || []) {
                if (p.ip === "0.0.0.0") {
                    reportViolation("port " + p.external + " listens on " + p.ip + "/" + p.protocol +
                        " (restart=" + args.props.restart + ", networkMode=" + args.props.networkMode +
                        ", device permissions=" + args.props.devices[0].permissions + ")");
                }
            }
        },
    }],
});
`;

describe("real Pulumi CLI with the docker provider stand-in (throw-away program)", function () {
    this.timeout(60 * 60 * 1000); // the first run builds the CLI (many minutes on 2 cores)

    let cli: BuiltCli;
    let ws: Workspace;
    let packDir: string;

    before(async function () {
        cli = ensureCli();
        ws = new Workspace(cli, "standin");
        ws.linkNodeModules();
        ws.write("Pulumi.yaml", "name: standin-probe\nruntime: nodejs\n");
        ws.write(
            "package.json",
            JSON.stringify({ name: "standin-probe", version: "0.0.0", main: "index.js" }),
        );
        packDir = path.join(ws.root, "pack");
        fs.mkdirSync(packDir);
        fs.writeFileSync(path.join(packDir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
        fs.writeFileSync(
            path.join(packDir, "package.json"),
            JSON.stringify({ name: "standin-probe", version: "0.0.1", main: "index.js" }),
        );
        fs.writeFileSync(path.join(packDir, "index.js"), PACK);
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(packDir, "node_modules"), "dir");
        await ws.pulumiOk(["stack", "init", "probe", "--non-interactive"]);
    });

    after(function () {
        ws?.dispose();
    });

    /** Previews the one-container program publishing `ports` under the probe pack. */
    async function previewWithPorts(ports: string) {
        ws.write("index.js", PROGRAM(ports));
        const run = await ws.pulumi([
            "preview",
            "--non-interactive",
            "--color",
            "never",
            "--policy-pack",
            packDir,
        ]);
        return { run, out: run.stdout + run.stderr };
    }

    it("the built binary reports the version the script stamped", async function () {
        const run = await ws.pulumiOk(["version"]);
        const dirVersion = path.basename(path.dirname(cli.binDir)).replace(/^pulumi-/, "");
        assert.strictEqual(run.stdout.trim(), `v${dirVersion}`);
    });

    it("a port published without ip gets the provider's 0.0.0.0 default and the mandatory policy fails the preview", async function () {
        const { run, out } = await previewWithPorts("{ internal: 80, external: 8080 }");
        assert.notStrictEqual(run.code, 0, out);
        assert.match(out, /probe-ports-bound/);
        assert.match(
            out,
            /port 8080 listens on 0\.0\.0\.0\/tcp \(restart=no, networkMode=bridge, device permissions=rwm\)/,
        );
        assert.match(out, /mandatory/);
    });

    it("the same container bound to an explicit address previews cleanly and lists the pack", async function () {
        const { run, out } = await previewWithPorts(
            `{ internal: 80, external: 8080, ip: "127.0.0.1" }`,
        );
        assert.strictEqual(run.code, 0, out);
        assert.match(out, /\+\s+docker:index:Container web create/);
        assert.match(out, /✅ standin-probe@v0\.0\.1 \(local: /);
        assert.match(
            out,
            /using pulumi-resource-docker from \$PATH at \S*test\/standins\/pulumi-resource-docker\/pulumi-resource-docker/,
        );
        assert.doesNotMatch(out, /listens on/);
    });
});
