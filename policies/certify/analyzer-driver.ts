/**
 * Drives a policy pack over the Analyzer protocol in the engine's order and turns its answers
 * into rule results:
 *   Handshake (tolerated as unimplemented) -> GetAnalyzerInfo -> ConfigureStack -> Configure
 *   -> per resource, in registration order: Remediate then Analyze -> AnalyzeStack.
 * Results come only from what the pack answered; the catalogue supplies each rule's subjects.
 */
import type * as pbTypes from "@pulumi/pulumi/proto/analyzer_pb";
import { EXCEPTED_PREFIX } from "../lib/judge";
import { EffectiveEnforcement, ResultState, RuleResult, ruleResult } from "../lib/results";
import type { Rule } from "../lib/rule";
import { mapLimited } from "../lib/map-limited";
import { sha256Of } from "../lib/pack-digest";
import { canonicalListOf, digestEntry } from "../lib/subject-digest";
import { EvaluationError } from "./errors";
import type { PackProcess } from "./pack-process";
import {
    EnforcementLevel,
    PolicyConfigEntry,
    PolicyInfoLite,
    reconcilePolicyConfig,
} from "./policy-config";
import { PropertyMap, providerUrnOf, RecordedResource } from "./recorded";
import { encodeStruct, JsonValue, withField } from "./struct-encoding";
import { groupBy } from "../lib/group-by";

/* eslint-disable @typescript-eslint/no-require-imports */
const pb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof pbTypes;
const rpc =
    require("@pulumi/pulumi/proto/analyzer_grpc_pb") as typeof import("@pulumi/pulumi/proto/analyzer_grpc_pb");
const structpb =
    require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const LEVEL_NAMES: Record<number, EnforcementLevel> = {
    [pb.EnforcementLevel.ADVISORY]: "advisory",
    [pb.EnforcementLevel.MANDATORY]: "mandatory",
    [pb.EnforcementLevel.DISABLED]: "disabled",
    [pb.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES: Record<EnforcementLevel, pbTypes.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    disabled: pb.EnforcementLevel.DISABLED,
    remediate: pb.EnforcementLevel.REMEDIATE,
};

export interface StackContext {
    stack: string;
    project: string;
    organization: string;
    config: Record<string, string>;
    secretKeys: string[];
    /**
     * True for a preview (remediated inputs are analyzed); false for a state file, as `pulumi
     * policy analyze` reports but does not apply them.
     */
    applyRemediations: boolean;
}

export interface AnalysisOutcome {
    pack: { name: string; version: string };
    results: RuleResult[];
    /**
     * Reconciled policy config (per policy: enforcement level and properties), as sent to
     * Configure.
     */
    policyConfig: Record<string, Required<PolicyConfigEntry>>;
    warnings: string[];
    /** The subject digest of the analyzed inputs (lib/subject-digest). */
    resourcesDigest: string;
    /** Where the analysis spent its time (CHOM_TIMINGS). */
    phaseMs: { configure: number; perResource: number; analyzeStack: number };
}

interface Diagnostic {
    policyName: string;
    urn: string;
    message: string;
    enforcementLevel: EnforcementLevel;
}

function struct(props: PropertyMap): import("google-protobuf/google/protobuf/struct_pb").Struct {
    return structpb.Struct.fromJavaScript(props as Record<string, never>);
}

function optionsOf(r: RecordedResource): pbTypes.AnalyzerResourceOptions {
    const o = new pb.AnalyzerResourceOptions();
    o.setProtect(r.options.protect);
    o.setIgnorechangesList(r.options.ignoreChanges);
    if (r.options.deleteBeforeReplace !== undefined) {
        o.setDeletebeforereplace(r.options.deleteBeforeReplace);
        o.setDeletebeforereplacedefined(true);
    }
    o.setAdditionalsecretoutputsList(r.options.additionalSecretOutputs);
    o.setAliasesList(r.options.aliases);
    // The engine always sends the timeouts, zero when none were set (analyzer_plugin.go).
    const timeouts = r.options.customTimeouts ?? { create: 0, update: 0, delete: 0 };
    const t = new pb.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(timeouts.create);
    t.setUpdate(timeouts.update);
    t.setDelete(timeouts.delete);
    o.setCustomtimeouts(t);
    if (r.parent) o.setParent(r.parent);
    return o;
}

function providerOf(
    r: RecordedResource,
    byUrn: Map<string, RecordedResource>,
): pbTypes.AnalyzerProviderResource | undefined {
    if (!r.provider) return undefined;
    const p = byUrn.get(providerUrnOf(r.provider));
    if (!p) return undefined;
    const msg = new pb.AnalyzerProviderResource();
    msg.setType(p.type);
    msg.setUrn(p.urn);
    msg.setName(p.name);
    msg.setProperties(struct(p.inputs));
    return msg;
}

function diagnosticsOf(res: pbTypes.AnalyzeResponse, defaultUrn: string): Diagnostic[] {
    return res.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        urn: d.getUrn() || defaultUrn,
        message: d.getMessage(),
        enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()] ?? "advisory",
    }));
}

/** The state a diagnostic stands for (see crossguard.ts for what the pack sends). */
function classify(d: Diagnostic): {
    state: ResultState;
    exception?: { reason: string; expires: string; expired: boolean };
} {
    if (d.message.startsWith("can't run policy")) return { state: "UNKNOWN" };
    if (d.message.startsWith(EXCEPTED_PREFIX)) {
        const m = /^EXCEPTED until (\S+) \((.*?)\):/.exec(d.message);
        return {
            state: "EXCEPTED",
            ...(m ? { exception: { expires: m[1], reason: m[2], expired: false } } : {}),
        };
    }
    // An expired exception fails, and is still recorded: the attestation lists every exception that
    // applied.
    const expired = /^exception expired on (\S+) \((.*?)\):/.exec(d.message);
    if (expired)
        return {
            state: "FAIL",
            exception: { expires: expired[1], reason: expired[2], expired: true },
        };
    return { state: "FAIL" };
}

/** Calls in flight at once: enough to hide round trips, few enough to keep memory flat. */
const IN_FLIGHT = 32;

/** The policies a GetAnalyzerInfo answer lists: name, default enforcement level, config schema. */
export function policiesOf(info: pbTypes.AnalyzerInfo): PolicyInfoLite[] {
    return info.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        return {
            name: p.getName(),
            enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()] ?? "advisory",
            ...(schema
                ? {
                      configSchema: {
                          properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
                              string,
                              Record<string, unknown>
                          >,
                          required: schema.getRequiredList(),
                      },
                  }
                : {}),
        };
    });
}

/** A stack's Remediate/Analyze and AnalyzeStack requests, encoded once (see pack-process.ts). */
export interface PreparedRequests {
    resources: RecordedResource[];
    byUrn: Map<string, RecordedResource>;
    /**
     * Per resource, in registration order: the AnalyzeRequest (inputs) that Remediate and Analyze
     * both get.
     */
    perResource: Uint8Array[];
    /** The AnalyzeStackRequest (outputs, parents, dependencies). */
    stack: Uint8Array;
    /** Re-encodes a request whose inputs a remediation changed. */
    encoder: RequestEncoder;
    /**
     * Per resource, its part of the subject digest (its final inputs); made ahead where
     * `digestWhileWaiting` had the time, else during Analyze.
     */
    digestEntries: (string | undefined)[];
}

/**
 * Field numbers the property maps go in: AnalyzeRequest.properties, AnalyzerResource.properties,
 * AnalyzeStackRequest.resources.
 */
const PROPERTIES_FIELD = 2,
    STACK_RESOURCES_FIELD = 1;

/** Encodes requests; a provider's message is built once and shared by the resources it manages. */
class RequestEncoder {
    private readonly providers = new Map<string, pbTypes.AnalyzerProviderResource | undefined>();

    constructor(private readonly byUrn: Map<string, RecordedResource>) {}

    private provider(r: RecordedResource): pbTypes.AnalyzerProviderResource | undefined {
        if (!r.provider) return undefined;
        if (!this.providers.has(r.provider))
            this.providers.set(r.provider, providerOf(r, this.byUrn));
        return this.providers.get(r.provider);
    }

    /** What both request kinds say of a resource besides its properties. */
    private describe<M extends pbTypes.AnalyzeRequest | pbTypes.AnalyzerResource>(
        msg: M,
        r: RecordedResource,
    ): M {
        msg.setType(r.type);
        msg.setUrn(r.urn);
        msg.setName(r.name);
        msg.setOptions(optionsOf(r));
        const provider = this.provider(r);
        if (provider) msg.setProvider(provider);
        return msg;
    }

    /** AnalyzeRequest (Remediate takes the same message) with these inputs. */
    analyze(r: RecordedResource, inputs: PropertyMap): Uint8Array {
        const msg = this.describe(new pb.AnalyzeRequest(), r);
        return withField(
            msg.serializeBinary(),
            PROPERTIES_FIELD,
            encodeStruct(inputs as Record<string, JsonValue>),
        );
    }

    /** AnalyzerResource of the stack request: outputs, parent and dependencies. */
    stackResource(r: RecordedResource): Uint8Array {
        const msg = this.describe(new pb.AnalyzerResource(), r);
        msg.setParent(r.parent);
        msg.setDependenciesList(r.dependencies);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) {
            // As the engine marshals them: a property with no dependencies is left out. Sent, every
            // stack policy's SDK loop turned each of them into an empty list (half its time).
            if (urns.length === 0) continue;
            const deps = new pb.AnalyzerPropertyDependencies();
            deps.setUrnsList(urns);
            msg.getPropertydependenciesMap().set(k, deps);
        }
        return withField(
            msg.serializeBinary(),
            PROPERTIES_FIELD,
            encodeStruct(r.outputs as Record<string, JsonValue>),
        );
    }
}

/** Encodes every request of a stack up front: CPU work that can run while the pack starts. */
export function prepareRequests(resources: RecordedResource[]): PreparedRequests {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const encoder = new RequestEncoder(byUrn);
    const stack = Buffer.concat(
        resources.map((r) =>
            withField(new Uint8Array(0), STACK_RESOURCES_FIELD, encoder.stackResource(r)),
        ),
    );
    return {
        resources,
        byUrn,
        perResource: resources.map((r) => encoder.analyze(r, r.inputs)),
        stack,
        encoder,
        digestEntries: new Array<string | undefined>(resources.length),
    };
}

const digestEntryOf = (r: RecordedResource): string =>
    digestEntry({ type: r.type, urn: r.urn, props: r.inputs });

/**
 * Makes the subject digest's entries in slices of a few milliseconds until the returned function
 * is called: this process only waits while the pack starts. Made during Analyze instead, their
 * 0.1 ms a resource held up the requests the pack was waiting for (about 80 ms of wall time at
 * 1,000 resources). A remediation later remakes its resource's entry.
 */
export function digestWhileWaiting(prepared: PreparedRequests): () => void {
    const { resources, digestEntries } = prepared;
    let next = 0;
    let timer: NodeJS.Immediate | undefined;
    const slice = () => {
        const until = performance.now() + 4;
        while (next < resources.length && performance.now() < until) {
            digestEntries[next] = digestEntryOf(resources[next]);
            next++;
        }
        timer = next < resources.length ? setImmediate(slice) : undefined;
    };
    timer = setImmediate(slice);
    return () => clearImmediate(timer);
}

/** A pack configured for one stack: what GetAnalyzerInfo said, and the config sent to Configure. */
export interface PackSession {
    pack: PackProcess;
    packInfo: { name: string; version: string };
    config: Record<string, Required<PolicyConfigEntry>>;
    warnings: string[];
    configureMs: number;
}

/**
 * Handshake, GetAnalyzerInfo, ConfigureStack, Configure: what the engine does when it loads a
 * policy pack, before the program's resources arrive (so it can overlap the program's run).
 */
export async function openSession(
    pack: PackProcess,
    givenConfig: Record<string, PolicyConfigEntry>,
    ctx: StackContext,
): Promise<PackSession> {
    const t0 = Date.now();
    // Handshake is newer than the policy SDK: the engine tolerates UNIMPLEMENTED, so do we (and
    // likewise for ConfigureStack).
    const unimplementedOk = (e: unknown) => {
        if ((e as { grpcCode?: number }).grpcCode !== 12) throw e;
    };
    const hs = new pb.AnalyzerHandshakeRequest();
    hs.setEngineAddress("127.0.0.1:0");
    hs.setRootDirectory(pack.packDir);
    hs.setProgramDirectory(pack.packDir);
    // Empty must come from the google-protobuf copy the stubs were generated against.
    const emptyReq = new (
        rpc.AnalyzerService.getAnalyzerInfo as unknown as { requestType: new () => object }
    ).requestType();
    const stackReq = new pb.AnalyzerStackConfigureRequest();
    stackReq.setStack(ctx.stack);
    stackReq.setProject(ctx.project);
    stackReq.setOrganization(ctx.organization);
    stackReq.setDryRun(true);
    stackReq.setConfigSecretKeysList(ctx.secretKeys);
    for (const [k, v] of Object.entries(ctx.config)) stackReq.getConfigMap().set(k, v);
    // Sent back to back: the pack serves them in the engine's order without waiting a round trip
    // for each.
    const handshake = pack.call("handshake", hs).catch(unimplementedOk);
    const infoAnswer = pack.call<object, pbTypes.AnalyzerInfo>("getAnalyzerInfo", emptyReq);
    const stackConfigured = pack.call("configureStack", stackReq).catch(unimplementedOk);
    const [, info] = await Promise.all([handshake, infoAnswer, stackConfigured]);
    const packInfo = { name: info.getName(), version: info.getVersion() };
    const packLabel = `${packInfo.name}@v${packInfo.version}`;
    const { config, warnings } = reconcilePolicyConfig(packLabel, policiesOf(info), givenConfig);

    const configure = new pb.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
        const pc = new pb.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_CODES[c.enforcementLevel]);
        pc.setProperties(struct(c.properties as PropertyMap));
        configure.getPolicyconfigMap().set(name, pc);
    }
    await pack.call("configure", configure);
    return { pack, packInfo, config, warnings, configureMs: Date.now() - t0 };
}

/**
 * Remediate then Analyze per resource, then AnalyzeStack, on a configured pack; results from its
 * answers only.
 */
export async function analyzeWithPack(
    session: PackSession,
    prepared: PreparedRequests,
    rules: Rule[],
    ctx: StackContext,
): Promise<AnalysisOutcome> {
    const { pack, config } = session;
    const t1 = Date.now();
    const { resources, byUrn } = prepared;
    const notApplicable = new Map<string, Map<string, string>>(); // urn -> policy name -> reason
    // Per resource, Remediate then Analyze, as the engine does. Resources are independent of each
    // other, so their calls are pipelined (a round trip each in series costs more than the pack's
    // work); diagnostics keep registration order.
    const { digestEntries } = prepared;
    const analyzeOne = async (i: number): Promise<Diagnostic[]> => {
        const r = resources[i];
        const found: Diagnostic[] = [];
        let request = prepared.perResource[i];
        const remediated = await pack.call<Uint8Array, pbTypes.RemediateResponse>(
            "remediate",
            request,
        );
        for (const rem of remediated.getRemediationsList()) {
            if (rem.getDiagnostic())
                found.push({
                    policyName: rem.getPolicyname(),
                    urn: r.urn,
                    message: rem.getDiagnostic(),
                    enforcementLevel: "advisory",
                });
            // A preview goes on with the remediated inputs; `pulumi policy analyze` only reports
            // them.
            else if (rem.getProperties() && ctx.applyRemediations) {
                r.inputs = rem.getProperties()!.toJavaScript() as PropertyMap;
                request = prepared.encoder.analyze(r, r.inputs);
                digestEntries[i] = undefined;
            }
        }
        const analyzing = pack.call<Uint8Array, pbTypes.AnalyzeResponse>("analyze", request);
        // The inputs are final (remediations applied): their part of the subject digest, when not
        // made ahead, is made while the pack works. Made at the end, it held up sending the large
        // AnalyzeStack request.
        digestEntries[i] ??= digestEntryOf(r);
        const analyzed = await analyzing;
        notApplicable.set(r.urn, reasonsOf(analyzed));
        return [...found, ...diagnosticsOf(analyzed, r.urn)];
    };
    const perResource = await mapLimited(
        resources.map((_, i) => i),
        IN_FLIGHT,
        analyzeOne,
    );
    const diagnostics: Diagnostic[] = perResource.flat();

    const t2 = Date.now();
    const rootUrn =
        resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ??
        `urn:pulumi:${ctx.stack}::${ctx.project}::pulumi:pulumi:Stack::${ctx.project}-${ctx.stack}`;
    const stackAnswer = await pack.call<Uint8Array, pbTypes.AnalyzeResponse>(
        "analyzeStack",
        prepared.stack,
    );
    const resourcesDigest = sha256Of(
        canonicalListOf(resources.map((r, i) => ({ urn: r.urn, entry: digestEntries[i]! }))),
    );
    // Like the engine: a stack diagnostic naming no resource of the stack belongs to the root
    // stack.
    diagnostics.push(
        ...diagnosticsOf(stackAnswer, rootUrn).map((d) =>
            byUrn.has(d.urn) ? d : { ...d, urn: rootUrn },
        ),
    );
    const stackNotApplicable = reasonsOf(stackAnswer);
    const phaseMs = {
        configure: session.configureMs,
        perResource: t2 - t1,
        analyzeStack: Date.now() - t2,
    };
    return {
        pack: session.packInfo,
        results: toResults(
            rules,
            resources,
            byUrn,
            config,
            diagnostics,
            notApplicable,
            stackNotApplicable,
            rootUrn,
            ctx,
        ),
        policyConfig: config,
        warnings: session.warnings,
        resourcesDigest,
        phaseMs,
    };
}

/**
 * The SDK words every unreadable value "during preview"; from a state file the value is unknown
 * in the export (an output it never resolved), so the message says that instead.
 */
function fromState(message: string): string {
    return message.replace(
        / during preview\b/g,
        " from the state file (a value unknown in the export)",
    );
}

/** Policy name → the reason the pack gave for not applying it. */
function reasonsOf(res: pbTypes.AnalyzeResponse): Map<string, string> {
    return new Map(res.getNotApplicableList().map((n) => [n.getPolicyName(), n.getReason()]));
}

function toResults(
    rules: Rule[],
    resources: RecordedResource[],
    byUrn: Map<string, RecordedResource>,
    config: Record<string, Required<PolicyConfigEntry>>,
    diagnostics: Diagnostic[],
    notApplicable: Map<string, Map<string, string>>,
    stackNotApplicable: Map<string, string>,
    rootUrn: string,
    ctx: StackContext,
): RuleResult[] {
    const subjectOf = (urn: string) => {
        const r = byUrn.get(urn);
        return {
            urn,
            type: r?.type ?? "pulumi:pulumi:Stack",
            name: r?.name ?? urn.split("::").pop()!,
        };
    };
    const results: RuleResult[] = [];
    const byPolicy = groupBy(diagnostics, (d) => d.policyName);
    for (const rule of rules) {
        const c = config[rule.policyName];
        if (!c)
            throw new EvaluationError(
                `the policy pack does not serve ${rule.id} (${rule.policyName}): is it built from this catalogue?`,
            );
        if (c.enforcementLevel === "disabled") continue;
        const enforcementLevel: EffectiveEnforcement =
            c.enforcementLevel === "remediate" ? "mandatory" : c.enforcementLevel;
        const mine = groupBy(byPolicy.get(rule.policyName) ?? [], (d) => d.urn);
        const push = (
            urn: string,
            state: ResultState,
            message: string,
            exception?: RuleResult["exception"],
        ) =>
            results.push(
                ruleResult(rule, enforcementLevel, subjectOf(urn), {
                    state,
                    message: ctx.applyRemediations ? message : fromState(message),
                    exception,
                }),
            );

        const candidates = resources
            .filter((r) => rule.appliesTo.includes(r.type))
            .map((r) => r.urn);
        const subjects = [...new Set([...candidates, ...mine.keys()])];
        const stackReason = stackNotApplicable.get(rule.policyName);
        if (
            stackReason !== undefined &&
            mine.size === 0 &&
            (rule.scope === "stack" || candidates.length === 0)
        ) {
            // The pack's own reason, once for the stack, or per subject when the rule has subjects.
            for (const urn of subjects.length === 0 ? [rootUrn] : subjects)
                push(urn, "NOT_APPLICABLE", stackReason);
            continue;
        }
        // No rule is ever missing from the results: a silent rule is an error of the pack.
        if (subjects.length === 0)
            throw new EvaluationError(
                `the policy pack gave no result for ${rule.id} (${rule.policyName}) on stack ${ctx.stack}: neither a finding nor a reason it does not apply`,
            );
        // A stack policy that could not run answers once, UNKNOWN for the stack, as the engine
        // reports it (test/real-cli/fidelity.test.ts holds this to `pulumi policy analyze`).
        const stackUnknown =
            rule.scope === "stack"
                ? mine.get(rootUrn)?.find((d) => classify(d).state === "UNKNOWN")
                : undefined;
        for (const urn of stackUnknown ? [rootUrn] : subjects) {
            const ds = mine.get(urn) ?? [];
            if (ds.length === 0) {
                const reason =
                    rule.scope === "resource"
                        ? notApplicable.get(urn)?.get(rule.policyName)
                        : undefined;
                push(urn, reason !== undefined ? "NOT_APPLICABLE" : "PASS", reason ?? "");
                continue;
            }
            const classified = ds.map((d) => ({ d, ...classify(d) }));
            const worst =
                classified.find((x) => x.state === "FAIL") ??
                classified.find((x) => x.state === "UNKNOWN") ??
                classified[0];
            push(urn, worst.state, classified.map((x) => x.d.message).join("; "), worst.exception);
        }
    }
    return results;
}
