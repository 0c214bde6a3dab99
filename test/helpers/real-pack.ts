import * as path from "path";
import type { AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";
import * as rpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { PackProcess } from "../../policies/certify/pack-process";

const REPO = path.resolve(__dirname, "..", "..");

/** Starts the real pack (policies/) for landsraad_tst and returns what GetAnalyzerInfo reports. */
export async function realPackAnalyzerInfo(): Promise<AnalyzerInfo> {
    const pack = await PackProcess.start({
        packDir: path.join(REPO, "policies"),
        stack: "landsraad_tst",
        project: "chom",
        config: {},
        timeoutMs: 60_000,
    });
    try {
        const request = new (
            rpc.AnalyzerService.getAnalyzerInfo as unknown as { requestType: new () => object }
        ).requestType();
        return await pack.call<object, AnalyzerInfo>("getAnalyzerInfo", request);
    } finally {
        await pack.stop();
    }
}
