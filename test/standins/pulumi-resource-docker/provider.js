"use strict";
// TEST-ONLY stand-in for the docker resource provider plugin (`pulumi-resource-docker`, the
// package of @pulumi/docker 5.2.0). The real plugin cannot be built from the module proxy and
// needs a Docker daemon; this one talks no Docker at all. It serves the ResourceProvider gRPC
// protocol well enough for `pulumi preview`: Check applies the schema defaults the real provider
// adds (so policies see post-Check inputs, as in a real preview), Create/Update echo inputs with
// the computed outputs unknown during preview and faked (deterministically) on a real update. Never
// use it for a real deployment.
//
// Plain JavaScript on purpose: it is run by node directly (test/standins/ is not compiled).

const crypto = require("crypto");
const grpc = require("@grpc/grpc-js");
const emptyProto = require("google-protobuf/google/protobuf/empty_pb.js");
const structProto = require("google-protobuf/google/protobuf/struct_pb.js");
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
const providerProto = require("@pulumi/pulumi/proto/provider_pb.js");
const pluginProto = require("@pulumi/pulumi/proto/plugin_pb.js");

/** The @pulumi/docker version this stand-in answers for. */
const PROVIDER_VERSION = "5.2.0";

/** The engine's marker for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const CONTAINER_TYPE = "docker:index/container:Container";

// Check's schema defaults: the one model of them that chom-certify applies too
// (policies/certify/provider-check.ts, compiled before the tests run); docker-standin.test.ts
// holds both against the values written out.
const { applyCheckDefaults } = require("../../../policies/certify/provider-check");

/** Outputs each type computes (the SDK marks them /*out*\/); unknown during preview. */
const COMPUTED_OUTPUTS = {
    [CONTAINER_TYPE]: ["bridge", "containerLogs", "exitCode", "networkDatas"],
    "docker:index/network:Network": ["scope"],
    "docker:index/remoteImage:RemoteImage": ["imageId", "repoDigest"],
    "docker:index/volume:Volume": ["mountpoint"],
};

/** The resource type is the last `$`-separated part of the URN's type chain. */
function typeOfUrn(urn) {
    const parts = String(urn).split("::");
    if (parts.length < 4) {
        return "";
    }
    const chain = parts[2].split("$");
    return chain[chain.length - 1];
}

function isPlainObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toJs(struct) {
    return struct ? struct.toJavaScript() : {};
}

function toStruct(obj) {
    return structProto.Struct.fromJavaScript(obj);
}

function resourceType(request) {
    return (
        (typeof request.getType === "function" && request.getType()) || typeOfUrn(request.getUrn())
    );
}

function withUnknownOutputs(type, properties) {
    const out = { ...properties };
    for (const name of COMPUTED_OUTPUTS[type] || []) {
        if (out[name] === undefined) {
            out[name] = UNKNOWN;
        }
    }
    return out;
}

/**
 * What Create and Update answer: the inputs with the computed outputs, unknown during preview and
 * faked on a real run.
 */
function outputsOf(req, type, inputs) {
    return req.getPreview()
        ? withUnknownOutputs(type, inputs)
        : { ...computedOutputs(type, inputs), ...inputs };
}

function sha256Hex(text) {
    return crypto.createHash("sha256").update(text).digest("hex");
}

/**
 * Outputs a real (non-preview) Create computes, faked deterministically from the inputs in the
 * shapes the real provider uses (an image ID is `sha256:<64 hex>`, as Docker reports it).
 */
function computedOutputs(type, inputs) {
    switch (type) {
        case "docker:index/remoteImage:RemoteImage": {
            const name = String(inputs.name ?? "");
            const repo = name.replace(/@.*$/, "").replace(/:[^:/]*$/, "");
            return {
                imageId: `sha256:${sha256Hex(`image:${name}`)}`,
                repoDigest: `${repo}@sha256:${sha256Hex(`digest:${name}`)}`,
            };
        }
        case CONTAINER_TYPE:
            return { bridge: "", networkDatas: [] };
        case "docker:index/network:Network":
            return { scope: "local" };
        case "docker:index/volume:Volume":
            return { mountpoint: `/var/lib/docker/volumes/${inputs.name ?? "volume"}/_data` };
        default:
            return {};
    }
}

function stableJson(value) {
    if (Array.isArray(value)) {
        return `[${value.map(stableJson).join(",")}]`;
    }
    if (isPlainObject(value)) {
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value);
}

/** Unary handler wrapper: any exception becomes a gRPC INTERNAL error naming the method. */
function unary(name, fn) {
    return (call, callback) => {
        try {
            callback(null, fn(call.request));
        } catch (err) {
            callback({
                code: grpc.status.INTERNAL,
                details: `docker stand-in ${name}: ${err.message}`,
            });
        }
    };
}

const handlers = {
    handshake: unary("Handshake", () => {
        const res = new providerProto.ProviderHandshakeResponse();
        res.setAcceptSecrets(true);
        res.setAcceptResources(true);
        return res;
    }),
    getPluginInfo: unary("GetPluginInfo", () => {
        const res = new pluginProto.PluginInfo();
        res.setVersion(PROVIDER_VERSION);
        return res;
    }),
    getSchema: unary("GetSchema", () => {
        const res = new providerProto.GetSchemaResponse();
        res.setSchema(JSON.stringify({ name: "docker", version: PROVIDER_VERSION }));
        return res;
    }),
    checkConfig: unary("CheckConfig", (req) => {
        const res = new providerProto.CheckResponse();
        res.setInputs(req.getNews() || toStruct({}));
        return res;
    }),
    diffConfig: unary("DiffConfig", () => {
        const res = new providerProto.DiffResponse();
        res.setChanges(providerProto.DiffResponse.DiffChanges.DIFF_NONE);
        return res;
    }),
    configure: unary("Configure", () => {
        const res = new providerProto.ConfigureResponse();
        res.setAcceptsecrets(true);
        res.setSupportspreview(true);
        res.setAcceptresources(true);
        return res;
    }),
    check: unary("Check", (req) => {
        const news = toJs(req.getNews());
        const inputs = applyCheckDefaults(resourceType(req), news);
        const res = new providerProto.CheckResponse();
        res.setInputs(toStruct(inputs));
        return res;
    }),
    diff: unary("Diff", (req) => {
        const olds = toJs(req.getOldInputs() || req.getOlds());
        const news = toJs(req.getNews());
        const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])]
            .filter((k) => stableJson(olds[k]) !== stableJson(news[k]))
            .sort();
        const res = new providerProto.DiffResponse();
        res.setChanges(
            changed.length > 0
                ? providerProto.DiffResponse.DiffChanges.DIFF_SOME
                : providerProto.DiffResponse.DiffChanges.DIFF_NONE,
        );
        res.setDiffsList(changed);
        return res;
    }),
    create: unary("Create", (req) => {
        const type = resourceType(req);
        const inputs = toJs(req.getProperties());
        const res = new providerProto.CreateResponse();
        res.setId(req.getPreview() ? "" : crypto.randomBytes(32).toString("hex"));
        res.setProperties(toStruct(outputsOf(req, type, inputs)));
        return res;
    }),
    update: unary("Update", (req) => {
        const type = resourceType(req);
        const news = toJs(req.getNews());
        const res = new providerProto.UpdateResponse();
        res.setProperties(toStruct(outputsOf(req, type, news)));
        return res;
    }),
    read: unary("Read", (req) => {
        const res = new providerProto.ReadResponse();
        res.setId(req.getId());
        res.setProperties(req.getProperties() || toStruct({}));
        res.setInputs(req.getInputs() || toStruct({}));
        return res;
    }),
    delete: unary("Delete", () => new emptyProto.Empty()),
    cancel: unary("Cancel", () => new emptyProto.Empty()),
};

function main() {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(providerGrpc.ResourceProviderService, handlers);
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
            process.stderr.write(`docker stand-in: could not listen: ${err.message}\n`);
            process.exit(1);
        }
        // Like every plugin: the port is the first line on stdout.
        process.stdout.write(`${port}\n`);
    });
    // The engine ends a plugin by closing its stdin or by a signal.
    const stop = () => server.tryShutdown(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

if (require.main === module) {
    main();
}

module.exports = {
    computedOutputs,
    typeOfUrn,
    withUnknownOutputs,
    CONTAINER_TYPE,
    UNKNOWN,
    PROVIDER_VERSION,
};
