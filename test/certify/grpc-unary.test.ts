import * as assert from "assert";
import * as net from "net";
import * as grpc from "@grpc/grpc-js";
import { GRPC_STATUS, GrpcCallError, UnaryChannel } from "../../policies/certify/grpc-unary";

// A real grpc-js server, as the policy pack runs one, with methods that answer, fail, hang, or
// answer too much; messages are raw bytes.
const bytes = {
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
};
const unary = (path: string) => ({ path, requestStream: false, responseStream: false, ...bytes });
const SERVICE = {
    echo: unary("/test.T/Echo"),
    fail: unary("/test.T/Fail"),
    hang: unary("/test.T/Hang"),
    big: unary("/test.T/Big"),
};

type Callback = (err: grpc.ServiceError | null, res?: Buffer) => void;
type Call = { request: Buffer };

describe("grpc-unary: unary calls to a grpc-js server over one HTTP/2 session", () => {
    let server: grpc.Server;
    let address: string;
    before(async () => {
        server = new grpc.Server();
        server.addService(SERVICE as unknown as grpc.ServiceDefinition, {
            echo: (call: Call, cb: Callback) =>
                cb(null, Buffer.concat([Buffer.from("echo:"), call.request])),
            fail: (_call: Call, cb: Callback) =>
                cb(
                    Object.assign(new Error("x"), {
                        code: grpc.status.INTERNAL,
                        details: "rule CHOM-X on urn:a 100% broken\nsecond line",
                        metadata: new grpc.Metadata(),
                    }) as grpc.ServiceError,
                ),
            hang: () => undefined,
            big: (_call: Call, cb: Callback) => cb(null, Buffer.alloc(64 * 1024, 1)),
        });
        const port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
                e ? reject(e) : resolve(p),
            ),
        );
        address = `127.0.0.1:${port}`;
    });
    after(() => server.forceShutdown());

    /** A channel to the test server, closed after `use`. */
    async function withChannel(maxAnswerBytes: number, use: (c: UnaryChannel) => Promise<void>) {
        const channel = new UnaryChannel(address, maxAnswerBytes);
        try {
            await use(channel);
        } finally {
            channel.close();
        }
    }
    const rejectsWith = (call: Promise<Buffer>, code: number) =>
        assert.rejects(call, (e: GrpcCallError) => e instanceof GrpcCallError && e.code === code);

    it("sends a message and resolves with the answer's message bytes", () =>
        withChannel(1024 * 1024, async (channel) => {
            const answers = await Promise.all(
                ["a", "b", "c"].map((m) => channel.call("/test.T/Echo", Buffer.from(m), 5000)),
            );
            assert.deepStrictEqual(
                answers.map((a) => a.toString()),
                ["echo:a", "echo:b", "echo:c"],
            );
            const empty = await channel.call("/test.T/Echo", new Uint8Array(0), 5000);
            assert.strictEqual(empty.toString(), "echo:");
        }));

    it("rejects a non-OK status with its code and the decoded details", () =>
        withChannel(1024 * 1024, async (channel) => {
            await assert.rejects(
                channel.call("/test.T/Fail", Buffer.from("x"), 5000),
                (e: GrpcCallError) =>
                    e instanceof GrpcCallError &&
                    e.code === GRPC_STATUS.INTERNAL &&
                    e.details === "rule CHOM-X on urn:a 100% broken\nsecond line" &&
                    e.message === e.details,
            );
            await rejectsWith(
                channel.call("/test.T/NoSuchMethod", Buffer.from("x"), 5000),
                GRPC_STATUS.UNIMPLEMENTED,
            );
        }));

    it("gives up on a call that gets no answer within the timeout (DEADLINE_EXCEEDED)", () =>
        withChannel(1024 * 1024, async (channel) => {
            const started = Date.now();
            await rejectsWith(
                channel.call("/test.T/Hang", Buffer.from("x"), 300),
                GRPC_STATUS.DEADLINE_EXCEEDED,
            );
            assert.ok(Date.now() - started < 3000, "rejected near the timeout");
            // The session still serves other calls.
            const ok = await channel.call("/test.T/Echo", Buffer.from("after"), 5000);
            assert.strictEqual(ok.toString(), "echo:after");
        }));

    it("rejects an answer larger than the limit (RESOURCE_EXHAUSTED)", () =>
        withChannel(1024, (channel) =>
            rejectsWith(
                channel.call("/test.T/Big", Buffer.from("x"), 5000),
                GRPC_STATUS.RESOURCE_EXHAUSTED,
            ),
        ));

    it("rejects, never resolves, when nothing listens or the session is closed mid-call", async () => {
        const closed = await new Promise<number>((resolve) => {
            const s = net.createServer().listen(0, "127.0.0.1", () => {
                const port = (s.address() as net.AddressInfo).port;
                s.close(() => resolve(port));
            });
        });
        const nobody = new UnaryChannel(`127.0.0.1:${closed}`, 1024);
        try {
            await rejectsWith(
                nobody.call("/test.T/Echo", Buffer.from("x"), 5000),
                GRPC_STATUS.UNAVAILABLE,
            );
        } finally {
            nobody.close();
        }
        const channel = new UnaryChannel(address, 1024 * 1024);
        const pending = channel.call("/test.T/Hang", Buffer.from("x"), 5000);
        setTimeout(() => channel.close(), 100);
        await rejectsWith(pending, GRPC_STATUS.UNAVAILABLE);
    });
});
