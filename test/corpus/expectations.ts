/**
 * A corpus stack's expectations, kept as data in test/corpus/<name>/expected.yaml: what a CORRECT
 * production-readiness pack must say about the stack, per docs/rules.md and issue 8 (not what the
 * pack says today). `resource` is the Pulumi resource name of the subject, or "stack" for the one
 * stack-level result a rule gives when the subject it needs (chom:host:Firewall, chom:edge:Tls,
 * chom:backup:BackupPlan, chom:host:Server, chom:observability:Monitoring) is missing from the
 * stack.
 *
 * expected.yaml:
 *
 *     stack: prod                  # the stack evaluated: Pulumi.<stack>.yaml in the directory
 *     containers: &all [a, b]      # the program's containers (the anchor names them all)
 *     mustFail:                    # each must have a FAIL result
 *       - missingSubjects: {}      # the stack-level FAILs of the missing subjects (see below)
 *       - dockerDefaults: *all     # RES-001, RES-012 and RES-013 on each container
 *       - rule: CHOM-FW-005        # one expectation per resource, for the same reason
 *         on: [a]
 *         why: ...                 # or `because: frontDoor`, a reason of WHY below
 *     mustNotFlag: [...]           # none may have a FAIL result (false-positive traps)
 *     mustPass: [...]              # optional, short: each must have a PASS result
 *
 * The file is checked when it is read: an unknown key, a rule ID the pack's catalogue does not
 * have, an unknown shared reason or an empty list fails with the file named.
 */
import { existsSync } from "fs";
import * as path from "path";
import { z } from "zod";
import { RULES } from "../../policies/rules";
import { ruleIds } from "../helpers/rule-ids";
import { readYamlFile } from "../helpers/yaml-file";

export interface Expectation {
    ruleId: string;
    /** Pulumi resource name, or "stack" for a stack-level result. */
    resource: string;
    why: string;
}

export interface CorpusExpectations {
    /** Directory under test/corpus/. */
    dir: string;
    /** Stack evaluated (Pulumi.<stack>.yaml in dir). */
    stack: string;
    /** Each must have a FAIL result. */
    mustFail: Expectation[];
    /** None may have a FAIL result (known false-positive traps and well-behaved settings). */
    mustNotFlag: Expectation[];
    /**
     * Each must have a PASS result (a subject the rule must recognise and judge, where a silent
     * NOT_APPLICABLE would hide a wrong identity). Optional, kept short.
     */
    mustPass?: Expectation[];
    /** Every rule of the catalogue yields at least one result for this stack. */
    everyRuleHasAResult: true;
}

const TLS_RULES = ruleIds("TLS", 1, 2, 3, 4, 5, 6, 7, 8);
/** The firewall rules whose only subject is the chom:host:Firewall. */
const FIREWALL_SUBJECT_RULES = ["CHOM-FW-001", "CHOM-FW-002", "CHOM-FW-003", "CHOM-FW-007"];
/**
 * The backup rules whose only subject is the chom:backup:BackupPlan (BAK-001 judges each volume).
 */
const BACKUP_PLAN_RULES = ruleIds("BAK", 2, 3, 4, 5, 6, 7, 8);
/** The rules whose subject is the chom:host:Server. */
const SERVER_RULES = ["CHOM-RES-003", "CHOM-RES-004", "CHOM-RES-017"];

/**
 * Reasons several stacks give: the generic ones of `missingSubjects` and `dockerDefaults`, and the
 * ones an entry names with `because:`.
 */
const WHY = {
    noFirewall:
        "ports are published and the stack declares no chom:host:Firewall: the rule's subject is missing while the stack's facts require it (one stack-level FAIL)",
    noTls: "443 is published by a web server and the stack declares no chom:edge:Tls: every TLS rule fails at stack level",
    noBackupPlan:
        "the stack keeps stateful data (named volumes of a database/cache/app) and declares no chom:backup:BackupPlan: every backup rule fails at stack level",
    noServer:
        "containers run and the stack declares no chom:host:Server: the server rules cannot be met, one stack-level FAIL each",
    noObservability:
        "the stack runs no Prometheus+Grafana+Loki+log shipper set and declares no chom:observability:Monitoring (OBS-001: findings go to the Monitoring resource, else the server, else the stack)",
    noLimits: "no memory and no CPU limit (CIS 5.11/5.12)",
    noNoNewPrivileges: "no securityOpts no-new-privileges (CIS 5.26)",
    noLogRotation: "docker's default json-file driver with no max-size/max-file",
    frontDoor:
        "only 80/443 published on the front door: world-open web ports are the point of a front door (FW-002 worldOpenPorts); issue 8 lists 80/443 failing FW-005/006 among the false FAILs",
};

/** One expectation per resource for the same rule and reason. */
function each(ruleId: string, resources: string[], why: string): Expectation[] {
    return resources.map((resource) => ({ ruleId, resource, why }));
}

/** One stack-level expectation per rule, for the same reason. */
function atStack(ruleIds: string[], why: string): Expectation[] {
    return ruleIds.map((ruleId) => ({ ruleId, resource: "stack", why }));
}

/**
 * What a stack that keeps docker's defaults fails on every container: no limits (RES-001), no
 * no-new-privileges (RES-012), no log rotation (RES-013).
 */
function dockerDefaults(containers: string[]): Expectation[] {
    return [
        ...each("CHOM-RES-001", containers, WHY.noLimits),
        ...each("CHOM-RES-012", containers, WHY.noNoNewPrivileges),
        ...each("CHOM-RES-013", containers, WHY.noLogRotation),
    ];
}

/** A subject kind a stack may lack, whose rules then fail once at stack level. */
type MissingSubject = "firewall" | "tls" | "backupPlan" | "server" | "observability";

/**
 * The stack-level FAILs of a stack that declares none of the firewall, TLS, backup plan, server
 * and monitoring subjects, in that order: each kind's rules with the reason given for it, or the
 * generic WHY one; `null` for a kind whose rules must not fail at stack level (no TLS served).
 */
function missingSubjects(
    reasons: Partial<Record<MissingSubject, string | null>> = {},
): Expectation[] {
    const rules: Record<MissingSubject, [string[], string]> = {
        firewall: [FIREWALL_SUBJECT_RULES, WHY.noFirewall],
        tls: [TLS_RULES, WHY.noTls],
        backupPlan: [BACKUP_PLAN_RULES, WHY.noBackupPlan],
        server: [SERVER_RULES, WHY.noServer],
        observability: [["CHOM-OBS-001"], WHY.noObservability],
    };
    return Object.entries(rules).flatMap(([kind, [ruleIds, why]]) => {
        const reason = reasons[kind as MissingSubject];
        return reason === null ? [] : atStack(ruleIds, reason ?? why);
    });
}

const NAMES = z.array(z.string().min(1)).min(1);
const CATALOGUE = new Set(RULES.map((r) => r.id));
const RULE_ID = z.string().refine((id) => CATALOGUE.has(id), {
    error: "not a rule ID of the pack's catalogue",
});
const REASON = z.string().min(1);

/** `rule` on each resource of `on`, for the reason `why` or the shared reason `because`. */
const EACH = z
    .strictObject({
        rule: RULE_ID,
        on: NAMES,
        why: REASON.optional(),
        because: z.enum(Object.keys(WHY) as [keyof typeof WHY]).optional(),
    })
    .refine((e) => (e.why === undefined) !== (e.because === undefined), {
        error: "give the reason as why or because, one of them",
    });
const MISSING_SUBJECTS = z.strictObject({
    missingSubjects: z.strictObject({
        firewall: REASON.nullable().optional(),
        tls: REASON.nullable().optional(),
        backupPlan: REASON.nullable().optional(),
        server: REASON.nullable().optional(),
        observability: REASON.nullable().optional(),
    }),
});
const DOCKER_DEFAULTS = z.strictObject({ dockerDefaults: NAMES });

const FILE = z
    .strictObject({
        stack: z.string().min(1),
        containers: NAMES,
        mustFail: z.array(z.union([EACH, MISSING_SUBJECTS, DOCKER_DEFAULTS])).min(1),
        mustNotFlag: z.array(EACH).min(1),
        mustPass: z.array(EACH).min(1).optional(),
    })
    .refine(
        (f) =>
            f.mustFail.every(
                (e) =>
                    !("dockerDefaults" in e) ||
                    e.dockerDefaults.every((c) => f.containers.includes(c)),
            ),
        { error: "dockerDefaults names a container not in containers" },
    );

type Entry = z.infer<typeof FILE>["mustFail"][number];

function expand(entry: Entry): Expectation[] {
    if ("missingSubjects" in entry) return missingSubjects(entry.missingSubjects);
    if ("dockerDefaults" in entry) return dockerDefaults(entry.dockerDefaults);
    return each(entry.rule, entry.on, entry.why ?? WHY[entry.because!]);
}

/** The expectations of the corpus stack in test/corpus/<dir>, read from its expected.yaml. */
export function corpusExpectations(dir: string): CorpusExpectations {
    const file = path.join(__dirname, dir, "expected.yaml");
    const { stack, mustFail, mustNotFlag, mustPass } = readYamlFile(file, FILE);
    if (!existsSync(path.join(__dirname, dir, `Pulumi.${stack}.yaml`)))
        throw new Error(`${file}: stack ${stack} has no Pulumi.${stack}.yaml beside it`);
    return {
        dir,
        stack,
        mustFail: mustFail.flatMap(expand),
        mustNotFlag: mustNotFlag.flatMap(expand),
        ...(mustPass ? { mustPass: mustPass.flatMap(expand) } : {}),
        everyRuleHasAResult: true,
    };
}
