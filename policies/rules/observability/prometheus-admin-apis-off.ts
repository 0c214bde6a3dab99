import { certificateRef } from "../../lib/frameworks";
import type { StackRule, Violation } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { monitoringsOf, serviceContainers } from "./support/services";

/** Config of CHOM-OBS-005. */
export type PrometheusAdminApisConfig = {
    /** Services that are Prometheus. */
    prometheusServices: string[];
};

const ADMIN_API = "--web.enable-admin-api";
const LIFECYCLE_API = "--web.enable-lifecycle";

/**
 * True when the flag is on in the command (`--flag` or `--flag=true`; `--no-flag` and
 * `--flag=false` are off).
 */
function flagOn(tokens: string[], flag: string): boolean {
    let on = false;
    for (const t of tokens) {
        if (t === flag) on = true;
        else if (t.startsWith(`${flag}=`)) on = t.slice(flag.length + 1).toLowerCase() !== "false";
        else if (t === `--no-${flag.slice(2)}`) on = false;
    }
    return on;
}

/**
 * CHOM-OBS-005: the admin API deletes series and snapshots the TSDB, the lifecycle API shuts
 * Prometheus down; the original exposed both behind an unauthenticated proxy. A stack rule:
 * the flags are on the container, authentication is declared on the Monitoring resource.
 */
export const prometheusAdminApisOff: StackRule<PrometheusAdminApisConfig> = {
    id: "CHOM-OBS-005",
    policyName: "chom-obs-prometheus-admin-apis-off",
    title: "Prometheus admin and lifecycle APIs are off, or behind authentication",
    category: "Security",
    severity: "high",
    framework: certificateRef("OWASP Top 10 compliance validated", "A01 Broken Access Control"),
    description:
        `Unless the Monitoring resource declares \`prometheusAuth: true\`, the Prometheus container's command must not contain ${ADMIN_API} ` +
        `or ${LIFECYCLE_API}, and the Monitoring resource must not declare \`prometheusAdminApi\` or \`prometheusLifecycleApi\`.`,
    remediation: `Remove ${ADMIN_API} and ${LIFECYCLE_API} (reload with SIGHUP instead), or put Prometheus behind authentication and set prometheusAuth.`,
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: Prometheus's admin API deletes series and snapshots data and its lifecycle API shuts it down, both unauthenticated; the original exposed them behind an open proxy (OWASP A01 Broken Access Control).",
    appliesTo: [TYPES.monitoring],
    scope: "stack",
    config: {
        prometheusServices: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["prometheus"],
            description: "Services (chom.service label, or image name) that are Prometheus.",
        },
    },
    check(resources, config) {
        const monitorings = monitoringsOf(resources);
        const authenticated = monitorings.some((m) => m.props.prometheusAuth === true);
        if (authenticated) return [];
        const auth =
            monitorings.length === 0
                ? "no Monitoring declares prometheusAuth"
                : "prometheusAuth false";
        const found: Violation[] = [];
        for (const c of serviceContainers(resources).filter((x) =>
            config.prometheusServices.includes(x.service),
        )) {
            const command = (c.subject.props as ContainerProps).command;
            const tokens = (Array.isArray(command) ? command : [])
                .flatMap((part) => String(part).split(/\s+/))
                .filter((t) => t !== "");
            const on = [ADMIN_API, LIFECYCLE_API].filter((f) => flagOn(tokens, f));
            if (on.length > 0)
                found.push({
                    urn: c.subject.urn,
                    message: `container ${c.name} enables ${on.join(" and ")} without authentication (${auth})`,
                });
        }
        for (const m of monitorings) {
            const on = [
                m.props.prometheusAdminApi === true ? "admin API" : "",
                m.props.prometheusLifecycleApi === true ? "lifecycle API" : "",
            ].filter((x) => x !== "");
            if (on.length > 0)
                found.push({
                    urn: m.subject.urn,
                    message: `monitoring ${m.subject.name} turns on the Prometheus ${on.join(" and ")} without authentication (${auth})`,
                });
        }
        return found;
    },
};
