/**
 * Unary gRPC calls to the policy pack over one HTTP/2 session of Node's own `http2` module: the
 * request as one length-prefixed message, the answer as one message and `grpc-status` (gRPC over
 * HTTP/2, the protocol's PROTOCOL-HTTP2.md). The pack's server is still grpc-js.
 *
 * Why not grpc-js's client: per call it runs a name resolver, a load balancer, a retry layer,
 * interceptors and metadata, and the pack waits on this process: it answers every request it has
 * read, then idles until the answers have been turned into new requests (17-19% of the
 * per-resource phase). On a 1,000-resource export (2,000 calls) this process's CPU was 4.42 s with
 * grpc-js's client and 3.36 s with these calls (medians of four alternating pairs), about 0.5 ms a
 * call; the per-resource phase took 4.50 s against 3.71 s (six pairs, the same pack, requests and
 * results), faster in every pair.
 */
import * as http2 from "http2";

/** The gRPC status codes this process tells apart. */
export const GRPC_STATUS = {
    DEADLINE_EXCEEDED: 4,
    RESOURCE_EXHAUSTED: 8,
    UNIMPLEMENTED: 12,
    INTERNAL: 13,
    UNAVAILABLE: 14,
} as const;

/** A call that did not return a message: the gRPC status and its details. */
export class GrpcCallError extends Error {
    constructor(
        readonly code: number,
        readonly details: string,
    ) {
        super(details === "" ? `gRPC status ${code}` : details);
    }
}

/** `grpc-message` is percent-encoded; grpc-js decodes it with `decodeURI`, and so does this. */
function decodeDetails(text: string): string {
    try {
        return decodeURI(text);
    } catch {
        return text;
    }
}

export class UnaryChannel {
    private readonly session: http2.ClientHttp2Session;
    private sessionError: string | undefined;

    constructor(
        address: string,
        private readonly maxAnswerBytes: number,
    ) {
        this.session = http2.connect(`http://${address}`);
        // A dead session fails each of its calls (their streams report it); kept for their message.
        this.session.on("error", (e: Error) => (this.sessionError = e.message));
    }

    /**
     * Sends `message` to `path` (`/pulumirpc.Analyzer/Analyze`) and resolves with the answer's
     * message bytes; rejects with GrpcCallError for a non-OK status, a broken call, an answer over
     * the limit, or no answer within `timeoutMs` (DEADLINE_EXCEEDED, the call cancelled).
     */
    call(path: string, message: Uint8Array, timeoutMs: number): Promise<Buffer> {
        return new Promise((resolve, reject) => {
            let settled = false;
            const fail = (code: number, details: string) => {
                if (settled) return;
                settled = true;
                clearTimeout(timer);
                if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
                reject(new GrpcCallError(code, details));
            };
            let stream: http2.ClientHttp2Stream;
            try {
                stream = this.session.request({
                    ":method": "POST",
                    ":path": path,
                    "content-type": "application/grpc",
                    te: "trailers",
                });
            } catch (e) {
                reject(new GrpcCallError(GRPC_STATUS.UNAVAILABLE, (e as Error).message));
                return;
            }
            const timer = setTimeout(
                () => fail(GRPC_STATUS.DEADLINE_EXCEEDED, `no answer within ${timeoutMs} ms`),
                timeoutMs,
            );
            let status: number | undefined;
            let details = "";
            // A status comes in the trailers, or in the headers of an answer without a message.
            const readStatus = (headers: http2.IncomingHttpHeaders) => {
                const s = headers["grpc-status"];
                if (s === undefined) return;
                status = Number(s);
                const m = headers["grpc-message"];
                details = typeof m === "string" ? decodeDetails(m) : "";
            };
            const chunks: Buffer[] = [];
            let size = 0;
            stream.on("response", (headers) => {
                if (headers[":status"] !== 200)
                    fail(GRPC_STATUS.UNAVAILABLE, `HTTP status ${headers[":status"]}`);
                else readStatus(headers);
            });
            stream.on("trailers", readStatus);
            stream.on("data", (chunk: Buffer) => {
                size += chunk.length;
                if (size > this.maxAnswerBytes + 5)
                    fail(
                        GRPC_STATUS.RESOURCE_EXHAUSTED,
                        `an answer larger than ${this.maxAnswerBytes} bytes`,
                    );
                else chunks.push(chunk);
            });
            stream.on("error", (e: Error) => fail(GRPC_STATUS.UNAVAILABLE, e.message));
            stream.on("close", () => {
                if (settled) return;
                if (status === undefined)
                    return fail(
                        GRPC_STATUS.UNAVAILABLE,
                        `the connection to the pack ended before its answer${this.sessionError ? ` (${this.sessionError})` : ""}`,
                    );
                if (status !== 0) return fail(status, details);
                const body = Buffer.concat(chunks);
                // One uncompressed message: the flag byte 0 (nothing asked for compression).
                if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5)
                    return fail(GRPC_STATUS.INTERNAL, "the answer is not one uncompressed message");
                settled = true;
                clearTimeout(timer);
                resolve(body.subarray(5));
            });
            const framed = Buffer.allocUnsafe(5 + message.byteLength);
            framed[0] = 0;
            framed.writeUInt32BE(message.byteLength, 1);
            framed.set(message, 5);
            stream.end(framed);
        });
    }

    /** Ends the session and every call still open on it. */
    close(): void {
        this.session.destroy();
    }
}
