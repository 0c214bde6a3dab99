/**
 * The docker provider stand-in over its real gRPC surface (the same stubs the engine's protocol
 * uses), without the CLI: port on the first stdout line, version, Check defaults, preview Create.
 */
import * as assert from "assert";
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import {
    CheckRequest,
    CheckResponse,
    CreateRequest,
    CreateResponse,
    DiffRequest,
    DiffResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { DOCKER_STANDIN_DIR } from "../helpers/pulumi-cli";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const CONTAINER_URN =
    "urn:pulumi:landsraad_tst::chom::chom:index:Service$docker:index/container:Container::mysql";

function call<Req, Res>(
    fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
    req: Req,
): Promise<Res> {
    return new Promise((resolve, reject) =>
        fn(req, (err, res) => (err ? reject(err) : resolve(res))),
    );
}

describe("docker provider stand-in (gRPC)", function () {
    this.timeout(30_000);

    let child: ChildProcessWithoutNullStreams;
    let client: ResourceProviderClient;

    before(async function () {
        child = spawn(path.join(DOCKER_STANDIN_DIR, "pulumi-resource-docker"), ["127.0.0.1:1"], {
            stdio: "pipe",
        });
        const port = await new Promise<number>((resolve, reject) => {
            let buf = "";
            child.stdout.on("data", (d: Buffer) => {
                buf += d.toString();
                const nl = buf.indexOf("\n");
                if (nl >= 0) resolve(Number(buf.slice(0, nl)));
            });
            child.on("exit", (code) =>
                reject(new Error(`stand-in exited ${code} before printing its port`)),
            );
        });
        assert.ok(
            Number.isInteger(port) && port > 0,
            `first stdout line must be the port, got ${port}`,
        );
        client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(function () {
        client?.close();
        child?.kill("SIGKILL");
    });

    it("answers version 5.2.0, the @pulumi/docker version the program registers", async function () {
        const info = await call<Empty, PluginInfo>(client.getPluginInfo.bind(client), new Empty());
        assert.strictEqual(info.getVersion(), "5.2.0");
    });

    it("Check on a Container applies the provider's schema defaults and keeps what was set", async function () {
        const check = async (news: Record<string, JavaScriptValue>) => {
            const req = new CheckRequest();
            req.setUrn(CONTAINER_URN);
            req.setNews(Struct.fromJavaScript(news));
            const res = await call<CheckRequest, CheckResponse>(client.check.bind(client), req);
            assert.strictEqual(res.getFailuresList().length, 0);
            return res.getInputs()!.toJavaScript();
        };
        // Each top-level input the provider's schema defaults, case by case: unset, it comes back
        // as the default; set to another value, that value is kept.
        const cases: { input: string; unset: JavaScriptValue; set: JavaScriptValue }[] = [
            { input: "restart", unset: "no", set: "unless-stopped" },
            { input: "networkMode", unset: "bridge", set: "host" },
            { input: "start", unset: true, set: false },
            { input: "mustRun", unset: true, set: false },
            { input: "rm", unset: false, set: true },
            { input: "readOnly", unset: false, set: true },
            { input: "memoryReservation", unset: 0, set: 256 },
        ];
        const bare = await check({ image: "mysql:8.0.40" });
        const allSet = await check({
            image: "mysql:8.0.40",
            ...Object.fromEntries(cases.map((c) => [c.input, c.set])),
        });
        for (const c of cases) {
            assert.strictEqual(bare[c.input], c.unset, `${c.input} unset`);
            assert.strictEqual(allSet[c.input], c.set, `${c.input} set`);
        }
        assert.deepStrictEqual(
            Object.keys(bare).sort(),
            ["image", ...cases.map((c) => c.input)].sort(),
        );

        // Ports and devices get their item defaults; an unknown input stays unknown.
        assert.deepStrictEqual(
            await check({
                image: "mysql:8.0.40",
                restart: "unless-stopped",
                ports: [
                    { internal: 3306, external: 3306 },
                    { internal: 9104, external: 9104, ip: "10.10.100.20", protocol: "udp" },
                ],
                devices: [{ hostPath: "/dev/fuse" }],
                memory: UNKNOWN,
            }),
            {
                image: "mysql:8.0.40",
                restart: "unless-stopped",
                ports: [
                    { internal: 3306, external: 3306, ip: "0.0.0.0", protocol: "tcp" },
                    { internal: 9104, external: 9104, ip: "10.10.100.20", protocol: "udp" },
                ],
                devices: [{ hostPath: "/dev/fuse", permissions: "rwm" }],
                memory: UNKNOWN,
                ...Object.fromEntries(
                    cases.filter((c) => c.input !== "restart").map((c) => [c.input, c.unset]),
                ),
            },
        );
    });

    it("Check leaves other types unchanged", async function () {
        const req = new CheckRequest();
        req.setUrn("urn:pulumi:s::chom::docker:index/network:Network::backend");
        req.setNews(Struct.fromJavaScript({ name: "backend", internal: true }));
        const res = await call<CheckRequest, CheckResponse>(client.check.bind(client), req);
        assert.deepStrictEqual(res.getInputs()!.toJavaScript(), {
            name: "backend",
            internal: true,
        });
    });

    it("Create in preview echoes inputs with the computed outputs unknown and no id", async function () {
        const req = new CreateRequest();
        req.setUrn(CONTAINER_URN);
        req.setPreview(true);
        req.setProperties(Struct.fromJavaScript({ image: "mysql:8.0.40" }));
        const res = await call<CreateRequest, CreateResponse>(client.create.bind(client), req);
        assert.strictEqual(res.getId(), "");
        assert.deepStrictEqual(res.getProperties()!.toJavaScript(), {
            image: "mysql:8.0.40",
            bridge: UNKNOWN,
            containerLogs: UNKNOWN,
            exitCode: UNKNOWN,
            networkDatas: UNKNOWN,
        });
    });

    it("Create outside preview returns an id and computes a RemoteImage's imageId in Docker's sha256 form", async function () {
        const req = new CreateRequest();
        req.setUrn("urn:pulumi:s::chom::docker:index/remoteImage:RemoteImage::mysql-image");
        req.setPreview(false);
        req.setProperties(Struct.fromJavaScript({ name: "mysql:8.0.40", keepLocally: true }));
        const res = await call<CreateRequest, CreateResponse>(client.create.bind(client), req);
        assert.match(res.getId(), /^[0-9a-f]{64}$/);
        const props = res.getProperties()!.toJavaScript() as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(props).sort(), [
            "imageId",
            "keepLocally",
            "name",
            "repoDigest",
        ]);
        assert.match(String(props.imageId), /^sha256:[0-9a-f]{64}$/);
        assert.match(String(props.repoDigest), /^mysql@sha256:[0-9a-f]{64}$/);
    });

    it("Diff names exactly the changed top-level inputs", async function () {
        // Old and new inputs alike but for the image.
        const inputs = (image: string) =>
            Struct.fromJavaScript({ image, memory: 1024, ports: [{ internal: 1 }] });
        const req = new DiffRequest();
        req.setUrn(CONTAINER_URN);
        req.setOldInputs(inputs("mysql:8.0.40"));
        req.setNews(inputs("mysql:8.0.41"));
        const res = await call<DiffRequest, DiffResponse>(client.diff.bind(client), req);
        assert.strictEqual(res.getChanges(), DiffResponse.DiffChanges.DIFF_SOME);
        assert.deepStrictEqual(res.getDiffsList(), ["image"]);
    });
});
