import { certificateRef } from "../../lib/frameworks";
import { notApplicable, ResourceRule, Violation } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { envMap, serviceOf } from "./support/services";

/** Config of CHOM-OBS-004. */
export type GrafanaAdminPasswordConfig = {
    /** Services that are Grafana. */
    grafanaServices: string[];
};

const ITEM = "Secrets management validated";
const PLAIN = "GF_SECURITY_ADMIN_PASSWORD";
const FROM_FILE = "GF_SECURITY_ADMIN_PASSWORD__FILE";

/** True when a file, mount or volume of the container provides `path`. */
function provides(props: ContainerProps, path: string): boolean {
    const under = (dir: string | undefined): boolean =>
        typeof dir === "string" &&
        dir !== "" &&
        (path === dir || path.startsWith(`${dir.replace(/\/$/, "")}/`));
    return (
        (props.uploads ?? []).some((u) => u.file === path) ||
        (props.mounts ?? []).some((m) => under(m.target)) ||
        (props.volumes ?? []).some((v) => under(v.containerPath))
    );
}

/**
 * CHOM-OBS-004: the original Grafana kept admin/admin. A resource rule (it reads one container):
 * not applicable to any container but Grafana. The literal value is never echoed, except the
 * well-known default "admin", which is no secret.
 */
export const grafanaAdminPasswordSecret: ResourceRule<GrafanaAdminPasswordConfig> = {
    id: "CHOM-OBS-004",
    policyName: "chom-obs-grafana-admin-password-secret",
    title: "Grafana's admin password comes from a secret file, never a default or literal",
    category: "Security",
    severity: "high",
    framework: certificateRef(ITEM),
    description:
        `The Grafana container must set ${FROM_FILE} to a file the container is given (upload, mount or volume) and must not set ` +
        `${PLAIN} in its plain environment: any literal value there is readable by anyone who can inspect the container, and ` +
        "an empty or missing one leaves Grafana's default admin/admin.",
    remediation: `Generate the password as a Pulumi secret, upload it to /run/secrets/grafana-admin-password and set ${FROM_FILE} to that path; remove ${PLAIN}.`,
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: Grafana with the default admin/admin or a literal password exposes dashboards and data source credentials to anyone who reaches it (the original defaulted to admin).",
    appliesTo: [TYPES.container],
    certificateItem: ITEM,
    scope: "resource",
    config: {
        grafanaServices: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: ["grafana"],
            description: "Services (chom.service label, or image name) that are Grafana.",
        },
    },
    check(subject, config) {
        const c = serviceOf(subject);
        if (!config.grafanaServices.includes(c.service))
            return notApplicable(
                `container ${c.name} is not Grafana (service ${c.service || "unknown"})`,
            );
        const props = subject.props as ContainerProps;
        const env = envMap(props.envs);
        const found: Violation[] = [];
        const plain = env.get(PLAIN);
        if (plain !== undefined) {
            const what =
                plain === "admin"
                    ? `to the default "admin"`
                    : plain === ""
                      ? "to an empty value (Grafana falls back to its default, admin)"
                      : "as a literal (value withheld)";
            found.push({
                message: `container ${c.name} sets ${PLAIN} ${what} in its plain environment: use ${FROM_FILE} with a secret file`,
            });
        }
        const file = env.get(FROM_FILE);
        if (file === undefined || file.trim() === "") {
            found.push({
                message: `container ${c.name} does not set ${FROM_FILE}: Grafana's admin password must come from a secret file`,
            });
        } else if (!provides(props, file)) {
            found.push({
                message: `container ${c.name} sets ${FROM_FILE} to ${file}, which no upload, mount or volume of the container provides`,
            });
        }
        return found;
    },
};
