/**
 * Validates the stack file's settings (namespace `chom`) with zod before any resource exists.
 * `parseStackConfig` never throws: it returns the typed config or every bad path with the reason.
 */
import { z } from "zod";
import type { ServerProps } from "../../policies/lib/subjects";
import { short } from "../net";
import { isServiceName, SERVICE_NAMES, SERVICES, ServiceName } from "../services";
import { SECTION_NAMES, SECTIONS, SectionName, serviceSchema } from "./schema";
import { kindOf, SECRET_SETTINGS, secretErrors } from "./secrets";
import { NAMESPACE } from "./types";
import type {
    BackupConfig,
    ConfigError,
    ConfigResult,
    FirewallConfig,
    LoggingConfig,
    MonitoringConfig,
    MysqlConfig,
    PhpConfig,
    RedisConfig,
    ServiceConfig,
    StackConfig,
    TlsConfig,
} from "./types";

/** `["services", "app", "cpu"]` → `services.app.cpu`; numbers become `[i]`. */
function pathText(path: readonly PropertyKey[]): string {
    return path
        .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
        .join("");
}

function issuesToErrors(prefix: string, issues: readonly z.core.$ZodIssue[]): ConfigError[] {
    const errors: ConfigError[] = [];
    for (const issue of issues) {
        const at = (extra: readonly PropertyKey[]) => {
            const rest = pathText([...issue.path, ...extra]);
            return rest ? `${prefix}${rest.startsWith("[") ? "" : "."}${rest}` : prefix;
        };
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys)
                errors.push({ path: at([key]), message: "unknown setting" });
            continue;
        }
        const message = issue.message.replace(/^Invalid input: /, "");
        errors.push({
            path: at([]),
            message: issue.code === "invalid_type" ? `wrong type: ${message}` : message,
        });
    }
    return errors;
}

/** Validates the services map: known names, each entry's shape, and their dependencies. */
function parseServices(
    value: Record<string, unknown>,
    host: ServerProps | undefined,
): { services: Partial<Record<ServiceName, ServiceConfig>>; errors: ConfigError[] } {
    const services: Partial<Record<ServiceName, ServiceConfig>> = {};
    const errors: ConfigError[] = [];
    const prefix = `${NAMESPACE}:services`;
    for (const [name, entry] of Object.entries(value)) {
        if (!isServiceName(name)) {
            errors.push({
                path: `${prefix}.${name}`,
                message: `unknown service "${short(name)}" (known: ${SERVICE_NAMES.join(", ")})`,
            });
            continue;
        }
        const parsed = serviceSchema.safeParse(entry);
        if (!parsed.success) {
            errors.push(...issuesToErrors(`${prefix}.${name}`, parsed.error.issues));
            continue;
        }
        services[name] = parsed.data;
        if (host && parsed.data.cpu > host.cpuCores) {
            errors.push({
                path: `${prefix}.${name}.cpu`,
                message: `${parsed.data.cpu} cores is more than the host's ${host.cpuCores} (chom:host.cpuCores)`,
            });
        }
    }
    if (Object.keys(value).length === 0)
        errors.push({ path: prefix, message: "declares no service" });
    for (const [name] of Object.entries(services) as [ServiceName, ServiceConfig][]) {
        for (const needed of SERVICES[name].requires) {
            if (!(needed in value)) {
                errors.push({
                    path: `${prefix}.${name}`,
                    message: `needs service "${needed}", which is not declared`,
                });
            }
        }
    }
    return { services, errors };
}

/**
 * Validates the stack configuration. `raw` maps full keys (`chom:host`) to values already parsed
 * from YAML/JSON; a secret key's value may be a redaction placeholder. Never throws.
 */
export function parseStackConfig(
    raw: Record<string, unknown>,
    secretKeys: ReadonlySet<string>,
): ConfigResult {
    try {
        return parseUnchecked(raw, secretKeys);
    } catch (e) {
        // A validator bug must still end as a validation result, never as a stack trace.
        return {
            ok: false,
            errors: [
                {
                    path: NAMESPACE,
                    message: `could not be validated: ${e instanceof Error ? e.message : String(e)}`,
                },
            ],
        };
    }
}

function parseUnchecked(
    raw: Record<string, unknown>,
    secretKeys: ReadonlySet<string>,
): ConfigResult {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        return {
            ok: false,
            errors: [
                {
                    path: NAMESPACE,
                    message: `the config must be a map of keys to values, not ${kindOf(raw)}`,
                },
            ],
        };
    }
    const errors: ConfigError[] = [];
    for (const key of Object.keys(raw)) {
        if (!key.startsWith(`${NAMESPACE}:`)) continue; // other namespaces (providers) are not ours
        const name = key.slice(NAMESPACE.length + 1);
        if (
            !(SECTION_NAMES as string[]).includes(name) &&
            !(SECRET_SETTINGS as readonly string[]).includes(name)
        ) {
            errors.push({
                path: key,
                message: `unknown setting (known: ${[...SECTION_NAMES, ...SECRET_SETTINGS].map((n) => `${NAMESPACE}:${n}`).join(", ")})`,
            });
        }
    }

    const parsed: Partial<Record<SectionName, unknown>> = {};
    for (const name of SECTION_NAMES) {
        const key = `${NAMESPACE}:${name}`;
        if (raw[key] === undefined) continue;
        const result = SECTIONS[name].schema.safeParse(raw[key]);
        if (result.success) parsed[name] = result.data;
        else errors.push(...issuesToErrors(key, result.error.issues));
    }
    const host = parsed.host as ServerProps | undefined;
    let services: Partial<Record<ServiceName, ServiceConfig>> = {};
    if (parsed.services !== undefined) {
        const s = parseServices(parsed.services as Record<string, unknown>, host);
        services = s.services;
        errors.push(...s.errors);
    }
    const declared =
        parsed.services === undefined
            ? new Set<string>()
            : new Set(Object.keys(parsed.services as object));
    errors.push(...secretErrors(raw, secretKeys, declared));
    for (const name of SECTION_NAMES) {
        const key = `${NAMESPACE}:${name}`;
        const requiredBy = SECTIONS[name].requiredBy;
        if (raw[key] !== undefined) continue;
        if (requiredBy === "always")
            errors.push({ path: key, message: "missing: this setting is required" });
        else if (requiredBy !== "optional" && declared.has(requiredBy))
            errors.push({
                path: key,
                message: `missing: required because chom:services declares ${requiredBy}`,
            });
    }
    errors.push(...crossChecks(parsed, services, declared));
    if (errors.length > 0) return { ok: false, errors };
    const config: StackConfig = {
        host: host!,
        services,
        php: parsed.php as PhpConfig | undefined,
        redis: parsed.redis as RedisConfig | undefined,
        mysql: parsed.mysql as MysqlConfig | undefined,
        firewall: parsed.firewall as FirewallConfig,
        tls: parsed.tls as TlsConfig | undefined,
        backup: parsed.backup as BackupConfig,
        monitoring: parsed.monitoring as MonitoringConfig | undefined,
        logging: parsed.logging as LoggingConfig,
    };
    return { ok: true, config };
}

/** Checks that need two settings at once (each already valid on its own). */
function crossChecks(
    parsed: Partial<Record<SectionName, unknown>>,
    services: Partial<Record<ServiceName, ServiceConfig>>,
    declared: ReadonlySet<string>,
): ConfigError[] {
    const errors: ConfigError[] = [];
    const mysql = parsed.mysql as MysqlConfig | undefined;
    if (mysql && services.mysql && mysql.innodbBufferPoolMb >= services.mysql.memoryMb) {
        errors.push({
            path: `${NAMESPACE}:mysql.innodbBufferPoolMb`,
            message: `${mysql.innodbBufferPoolMb} MB does not fit below the mysql container's memory limit of ${services.mysql.memoryMb} MB (chom:services.mysql.memoryMb)`,
        });
    }
    const monitoring = parsed.monitoring as MonitoringConfig | undefined;
    monitoring?.shippedLogs.forEach((service, i) => {
        if (!declared.has(service))
            errors.push({
                path: `${NAMESPACE}:monitoring.shippedLogs[${i}]`,
                message: `service "${service}" is not declared in chom:services`,
            });
    });
    const backup = parsed.backup as BackupConfig | undefined;
    const host = parsed.host as ServerProps | undefined;
    if (
        backup &&
        host &&
        backup.offsite.kind !== "none" &&
        [host.hostname, host.address].includes(backup.offsite.host)
    ) {
        errors.push({
            path: `${NAMESPACE}:backup.offsite.host`,
            message: `"${backup.offsite.host}" is this host; an off-site copy must leave it`,
        });
    }
    return errors;
}

/** One message listing every bad path and why; `source` names the stack file when known. */
export function formatConfigErrors(errors: readonly ConfigError[], source?: string): string {
    const where = source ? ` in ${source}` : "";
    const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
    const lines = errors.map((e) => `  - ${e.path}: ${e.message}`);
    return [`invalid stack configuration${where} (${count}); nothing was created:`, ...lines].join(
        "\n",
    );
}
