import { cisDocker } from "../../lib/frameworks";
import { notApplicable, ResourceRule, Subject } from "../../lib/rule";
import { identify, Role, rolesOf, serviceOf } from "../../lib/service-identity";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName, oneShotFlags } from "./support/container-facts";

/** Config of CHOM-RES-009. */
export type HealthChecksConfig = {
    /**
     * Services that must declare a health check besides every database, cache, web-server and app
     * container.
     */
    requiredServices: string[];
};

/** Roles whose containers must declare a health check: what serves the site and holds its data. */
const REQUIRED_ROLES: readonly Role[] = ["database", "cache", "web-server", "app"];

/**
 * What a container runs, for a not-applicable reason: the service and its roles, or what is known
 * of the image.
 */
function whatItRuns(subject: Subject, service: string | undefined): string {
    if (service !== undefined) {
        const roles = rolesOf(service);
        return roles.length > 0
            ? `${service} (${roles.join(", ")})`
            : `${service} (a service of no known role)`;
    }
    const { repository } = identify(subject);
    return repository !== undefined
        ? `an image this pack does not recognise (${repository})`
        : "an image this pack cannot identify";
}

/** Why a docker healthcheck `test` list checks nothing, or undefined when it is usable. */
function whyUnusable(tests: string[] | undefined): string | undefined {
    if (tests === undefined || tests.length === 0) return "no health check";
    const [kind, ...rest] = tests;
    if (kind === "NONE") return 'a health check disabled with ["NONE"]';
    if ((kind === "CMD" || kind === "CMD-SHELL") && rest.join("").trim() === "")
        return `a health check "${kind}" with no command`;
    if (kind !== "CMD" && kind !== "CMD-SHELL")
        return `a health check starting with ${JSON.stringify(kind)} (docker expects "CMD", "CMD-SHELL" or "NONE")`;
    return undefined;
}

/**
 * CHOM-RES-009: without a health check, docker (and the live checks) report a hung service as
 * running. Judged by role from the service-identity resolver, never by label alone. The
 * certificate's "Health checks passing" is an observed outcome (live checks), so this rule claims
 * no certificate line.
 */
export const healthChecks: ResourceRule<HealthChecksConfig> = {
    id: "CHOM-RES-009",
    policyName: "chom-res-health-checks",
    title: "Database, cache, web server and app containers declare health checks",
    category: "Reliability",
    severity: "high",
    framework: cisDocker(
        "4.6 Ensure that HEALTHCHECK instructions have been added to container images; 5.27 Ensure that container health is checked at runtime",
    ),
    description:
        "Every long-running container whose service (from the service-identity resolver: image, then name; the `chom.service` label overrides) " +
        "is a database, cache, web server or app, and every container of a service listed in `requiredServices`, must have a `healthcheck` " +
        'whose `tests` run a command (`["CMD", ...]` or `["CMD-SHELL", "..."]`), not empty and not `["NONE"]`. Other containers, and one-shot ' +
        "containers (`rm: true`, `attach: true`, `start: false`, `mustRun: false`), are not applicable. A health check declared only in the image " +
        "is not visible to the pack: declare it on the container, or record an exception.",
    remediation:
        "Add a healthcheck to the service: e.g. `php-fpm -t` (app), `wget --spider http://localhost/health` (nginx), `mysqladmin ping` (mysql), `redis-cli ping` (redis).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        'Mandatory: without a health check a hung database, cache, web server or app still reads as "Up", so neither docker, the operator ' +
        'nor the live checks can tell the site is down, and "Health checks passing" cannot be proven; CIS Docker 1.6.0 scores health checks (4.6, 5.27).',
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        requiredServices: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description:
                "Services (as the service-identity resolver names them, e.g. queue, grafana) that must declare a health check besides every " +
                "database, cache, web-server and app container. The former default (app, nginx, mysql, redis) is covered by those roles.",
        },
    },
    check(subject, config) {
        const oneShot = oneShotFlags(subject);
        if (oneShot.length > 0) {
            return notApplicable(
                `container ${containerName(subject)} is one-shot (${oneShot.join("; ")}); a health check is required of long-running services only`,
            );
        }
        // Throws UnknownValueError (UNKNOWN) when the image is unknown at preview and nothing else
        // says what runs.
        const service = serviceOf(subject);
        // An image the catalogue does not know is the stack's own application (a Node API, a Go
        // service): it serves the site, so it is judged as an app rather than waved through.
        const ownApp = service === undefined;
        const byRole = ownApp || rolesOf(service).some((r) => REQUIRED_ROLES.includes(r));
        const listed = service !== undefined && config.requiredServices.includes(service);
        if (!byRole && !listed) {
            const extra =
                config.requiredServices.length > 0
                    ? `, nor one of requiredServices (${config.requiredServices.join(", ")})`
                    : "";
            return notApplicable(
                `container ${containerName(subject)} runs ${whatItRuns(subject, service)}: not a database, cache, web server or app${extra}`,
            );
        }
        const c = subject.props as ContainerProps;
        const why = whyUnusable(c.healthcheck?.tests);
        const what = ownApp
            ? `${whatItRuns(subject, service)}, judged as the stack's own app`
            : `service ${service}`;
        return why === undefined
            ? []
            : [
                  {
                      message: `container ${containerName(subject)} (${what}) has ${why}; a health check command is required`,
                  },
              ];
    },
};
