import { notApplicable, ResourceRule } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName, serviceOf } from "./container-facts";

/** Config of CHOM-RES-009. */
export type HealthChecksConfig = {
    /** Services (label chom.service) that must declare a health check. */
    requiredServices: string[];
};

/** Why a docker healthcheck `test` list checks nothing, or undefined when it is usable. */
function whyUnusable(tests: string[] | undefined): string | undefined {
    if (tests === undefined || tests.length === 0) return "no health check";
    const [kind, ...rest] = tests;
    if (kind === "NONE") return 'a health check disabled with ["NONE"]';
    if ((kind === "CMD" || kind === "CMD-SHELL") && rest.join("").trim() === "") return `a health check "${kind}" with no command`;
    if (kind !== "CMD" && kind !== "CMD-SHELL") return `a health check starting with ${JSON.stringify(kind)} (docker expects "CMD", "CMD-SHELL" or "NONE")`;
    return undefined;
}

/** CHOM-RES-009: without a health check, docker (and the live checks) report a hung service as running. */
export const healthChecks: ResourceRule<HealthChecksConfig> = {
    id: "CHOM-RES-009",
    policyName: "chom-res-health-checks",
    title: "The app, web, database and cache containers declare health checks",
    category: "Reliability",
    severity: "medium",
    framework: { name: "CIS Docker Benchmark", version: "1.6.0", reference: "5.27 Ensure that container health is checked at runtime" },
    description:
        "Containers of the required services (default app, nginx, mysql, redis) must have a `healthcheck` whose `tests` run a command " +
        '(`["CMD", ...]` or `["CMD-SHELL", "..."]`), not empty and not `["NONE"]`. Other services are not judged.',
    remediation: "Add a healthcheck to the service: e.g. `php-fpm -t` (app), `wget --spider http://localhost/health` (nginx), `mysqladmin ping` (mysql), `redis-cli ping` (redis).",
    enforcementLevel: "advisory",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {
        requiredServices: {
            type: "array", items: { type: "string", minLength: 1 }, default: ["app", "nginx", "mysql", "redis"],
            description: "Services (label chom.service) that must declare a health check.",
        },
    },
    check(subject, config) {
        const c = subject.props as ContainerProps;
        const service = serviceOf(subject);
        if (service === undefined || !config.requiredServices.includes(service)) {
            return notApplicable(`service ${service ?? "(unlabelled)"} is not one of the required services (${config.requiredServices.join(", ")})`);
        }
        const why = whyUnusable(c.healthcheck?.tests);
        return why === undefined ? [] : [{ message: `container ${containerName(subject)} (service ${service}) has ${why}; a health check command is required` }];
    },
};
