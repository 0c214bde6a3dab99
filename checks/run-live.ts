/**
 * Live checks of hosts: per host, ONE SSH connection running every probe's commands as one
 * batch, the TLS probe from the checker alongside, all under one deadline; hosts in parallel
 * with a bound, so one dead host never holds up the others. A host that cannot be reached,
 * times out or refuses gives UNKNOWN with the reason for everything it would have shown.
 */
import { buildScript, SectionOutput } from "./batch-script";
import type { Declared } from "./declared";
import type { LiveTarget } from "./live-config";
import { Observation, Probe, ProbeContext, SectionResult } from "./observation";
import { backupsProbe } from "./probes/backups";
import { containersProbe } from "./probes/containers";
import { firewallProbe } from "./probes/firewall";
import { monitoringProbe } from "./probes/monitoring";
import { ObservedServer, parseServer, serverProbe } from "./probes/server";
import { tlsObservationsAll, tlsProbe } from "./probes/tls";
import { redact } from "./redact";
import { HostSession, HostUnreachable } from "./ssh-session";
import { mapLimited } from "../policies/lib/map-limited";

/** Every probe, one per area. */
export const PROBES: readonly Probe[] = [
    serverProbe,
    firewallProbe,
    tlsProbe,
    containersProbe,
    backupsProbe,
    monitoringProbe,
];

export interface HostReport {
    stack: string;
    address: string;
    /**
     * False when the SSH part could not run (the reason is in `reason`; its observations are
     * UNKNOWN).
     */
    reachable: boolean;
    reason?: string;
    checkedAt: string;
    durationMs: number;
    server: ObservedServer | null;
    observations: Observation[];
}

export interface CheckOptions {
    now?: Date;
    ruleConfig?: (ruleId: string) => Record<string, unknown>;
    /**
     * Values that must never appear in a report (e.g. the key passphrase), besides the
     * pattern-based redaction.
     */
    knownSecrets?: string[];
}

class Deadline extends Error {}

function withDeadline<T>(p: Promise<T>, ms: number, onExpire: () => void): Promise<T> {
    let timer: NodeJS.Timeout;
    return Promise.race([
        p.finally(() => clearTimeout(timer)),
        new Promise<T>(
            (_, reject) =>
                (timer = setTimeout(() => {
                    onExpire();
                    reject(new Deadline());
                }, ms)),
        ),
    ]);
}

/**
 * The SSH half: connect, run the batch, return each section's output (or the reason there is none).
 */
async function runBatch(
    ctx: ProbeContext,
    deadlineMs: number,
): Promise<{ outputs: Map<string, SectionOutput>; reason?: string }> {
    const sections = PROBES.flatMap((p) => p.sections(ctx));
    const env: Record<string, string> = ctx.target.config.dockerHost
        ? { DOCKER_HOST: ctx.target.config.dockerHost }
        : {};
    const batch = buildScript(sections, env);
    let session: HostSession | undefined;
    let expired = false;
    try {
        return await withDeadline(
            (async () => {
                session = await HostSession.open(ctx.target, deadlineMs);
                if (expired) session.close();
                return { outputs: await session.run(batch) };
            })(),
            deadlineMs,
            () => {
                expired = true;
                session?.close();
            },
        );
    } catch (e) {
        const where = `${ctx.target.config.address}:${ctx.target.config.sshPort}`;
        if (e instanceof Deadline)
            return {
                outputs: new Map(),
                reason: `host ${where} did not finish within the ${deadlineMs / 1000} s deadline (chom:live.deadlineSeconds)`,
            };
        if (e instanceof HostUnreachable) return { outputs: new Map(), reason: e.message };
        return {
            outputs: new Map(),
            reason: `SSH session to ${where} failed: ${(e as Error).message.split("\n")[0]}`,
        };
    } finally {
        session?.close();
    }
}

export async function checkHost(
    target: LiveTarget,
    declared: Declared,
    options: CheckOptions = {},
): Promise<HostReport> {
    const started = Date.now();
    const now = options.now ?? new Date();
    const ctx: ProbeContext = {
        target,
        declared,
        now,
        ruleConfig: options.ruleConfig ?? (() => ({})),
    };
    const deadlineMs = target.config.deadlineSeconds * 1000;
    // The TLS probe needs no SSH: it runs alongside the batch, under the same deadline.
    const tlsPromise = withDeadline(
        Promise.resolve(tlsProbe.judge(ctx, () => ({ missing: "not an SSH section" }))),
        deadlineMs,
        () => undefined,
    ).catch((): Observation[] =>
        tlsObservationsAll(
            "UNKNOWN",
            `the TLS probes did not finish within ${deadlineMs / 1000} s`,
        ),
    );
    const [{ outputs, reason }, tlsObservations] = await Promise.all([
        runBatch(ctx, deadlineMs),
        tlsPromise,
    ]);
    const get = (name: string): SectionResult =>
        outputs.get(name) ?? {
            missing: reason ?? `section ${name} produced no output (the batch was cut short)`,
        };
    const observations: Observation[] = [];
    for (const probe of PROBES) {
        if (probe === tlsProbe) observations.push(...tlsObservations);
        else observations.push(...(await probe.judge(ctx, get)));
    }
    const secrets = options.knownSecrets ?? [];
    const server = reason ? null : parseServer(get).observed;
    return {
        stack: target.stack,
        address: target.config.address,
        reachable: !reason,
        reason: reason === undefined ? undefined : redact(reason, secrets),
        checkedAt: now.toISOString(),
        durationMs: Date.now() - started,
        server,
        observations: observations.map((o) => ({
            ...o,
            item: redact(o.item, secrets),
            message: redact(o.message, secrets),
        })),
    };
}

/** Checks every host, at most `concurrency` at a time, keeping the order of `jobs`. */
export async function checkHosts(
    jobs: { target: LiveTarget; declared: Declared; options?: CheckOptions }[],
    concurrency = 8,
): Promise<HostReport[]> {
    return mapLimited(jobs, concurrency, (job) => checkHost(job.target, job.declared, job.options));
}
