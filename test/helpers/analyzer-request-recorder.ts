/**
 * A preload for the policy pack process (`NODE_OPTIONS=--require=<this file, compiled>`), under
 * either runner: writes each Remediate, Analyze and AnalyzeStack request the pack's Analyzer
 * service receives into the directory $CHOM_RECORD_REQUESTS, one file per method and resource URN,
 * so a test can hold certify's requests to the real engine's byte for byte. Other processes that
 * load it (the CLI, the language host) serve no Analyzer and record nothing.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import Module from "module";
import * as path from "path";

type Handler = (call: { request: Recorded }, callback: unknown) => unknown;
interface Recorded {
    serializeBinary(): Uint8Array;
    getUrn?: () => string;
}
interface GrpcModule {
    Server: { prototype: { addService(service: unknown, impl: Record<string, Handler>): void } };
}

const RECORDED = new Set(["remediate", "analyze", "analyzeStack"]);
const dir = process.env.CHOM_RECORD_REQUESTS;
const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
let patched = false;

if (dir) {
    loader._load = function (request: string, ...rest: unknown[]) {
        const loaded = load.call(this, request, ...rest);
        if (!patched && request === "@grpc/grpc-js") {
            patched = true;
            const server = (loaded as GrpcModule).Server.prototype;
            const addService = server.addService;
            server.addService = function (service, impl) {
                const recording: Record<string, Handler> = {};
                for (const [method, handler] of Object.entries(impl)) {
                    recording[method] = function (this: unknown, call, callback) {
                        if (RECORDED.has(method)) {
                            const urn = call.request.getUrn?.() ?? "";
                            const id = createHash("sha256").update(urn).digest("hex").slice(0, 16);
                            fs.writeFileSync(
                                path.join(dir, `${method}-${id}.bin`),
                                call.request.serializeBinary(),
                            );
                        }
                        return handler.call(this, call, callback);
                    };
                }
                return addService.call(this, service, recording);
            };
        }
        return loaded;
    };
}
