/** What a probe reports: one rule judged on one observed thing of one host. */
import type { Section, SectionOutput } from "./batch-script";
import type { Declared } from "./declared";
import type { LiveTarget } from "./live-config";

export type ObservedState = "PASS" | "FAIL" | "UNKNOWN" | "NOT_APPLICABLE";

export interface Observation {
    /** A pack rule ID (CHOM-TLS-001) or a live rule ID (CHOM-LIVE-…, CHOM-DRIFT-…). */
    ruleId: string;
    /** Area of the probe (`server`, `firewall`, `tls`, `containers`, `backups`, `monitoring`). */
    area: string;
    /** What was looked at, e.g. `chom-mysql`, `tcp 0.0.0.0:6379`, `server`. */
    item: string;
    state: ObservedState;
    /** Why it fails or is unknown; what was seen when it passes. Redacted before it is kept. */
    message: string;
}

/** A section's output, or why there is none (host unreachable, timed out, command missing). */
export type SectionResult = SectionOutput | { missing: string };

export interface ProbeContext {
    target: LiveTarget;
    declared: Declared;
    now: Date;
    /**
     * Per rule ID, the configured properties of pack rules whose thresholds the probes reuse (the
     * rule's defaults fill the rest).
     */
    ruleConfig: (ruleId: string) => Record<string, unknown>;
}

/** A probe: the commands it needs on the host and how it judges their output. */
export interface Probe {
    area: string;
    sections(ctx: ProbeContext): Section[];
    judge(
        ctx: ProbeContext,
        get: (section: string) => SectionResult,
    ): Observation[] | Promise<Observation[]>;
}

/** The output of a section that ran and succeeded, or the reason it cannot be judged. */
export function usable(r: SectionResult, what: string): { text: string } | { unknown: string } {
    if ("missing" in r) return { unknown: r.missing };
    if (r.exitCode === 127 || (/not found/.test(r.output.split("\n")[0] ?? "") && r.exitCode !== 0))
        return { unknown: `${what}: command not found on the host` };
    if (r.exitCode !== 0) {
        const first = r.output.trim().split("\n")[0] ?? "";
        const denied = /permission denied|operation not permitted/i.test(r.output);
        return {
            unknown: `${what}: ${denied ? "permission denied" : `exit status ${r.exitCode}`}${first ? ` (${first.slice(0, 160)})` : ""}`,
        };
    }
    return { text: r.output };
}
