/**
 * Finds the containers of the observability stack by what they run (lib/service-identity:
 * `grafana/grafana-oss` and `grafana-enterprise` are Grafana; `hipages/php-fpm_exporter` is
 * `php-fpm-exporter`), so a hand-written container is still found.
 */
import type { Subject } from "../../../lib/rule";
import {
    ImageIndex,
    imageIndexOf,
    serviceOf as resolveService,
} from "../../../lib/service-identity";
import { ContainerProps, MonitoringProps, TYPES } from "../../../lib/subjects";

/** A container with its service and deployed name. */
export interface ServiceContainer {
    /** The container resource. */
    subject: Subject;
    /** `chom.service` label, else derived from the image name. */
    service: string;
    /** Deployed container name (`chom-grafana`), else the resource name. */
    name: string;
}

/**
 * Service of one container subject, from the one service-identity resolver ("" when nothing says).
 */
export function serviceOf(subject: Subject, images?: ImageIndex): ServiceContainer {
    const props = subject.props as ContainerProps;
    const service = resolveService(subject, images) ?? "";
    const name = typeof props.name === "string" && props.name !== "" ? props.name : subject.name;
    return { subject, service, name };
}

/** Every container of the stack with its service. */
export function serviceContainers(resources: Subject[]): ServiceContainer[] {
    const images = imageIndexOf(resources);
    return resources.filter((r) => r.type === TYPES.container).map((c) => serviceOf(c, images));
}

/** The stack's Monitoring resources. */
export function monitoringsOf(
    resources: Subject[],
): { subject: Subject; props: MonitoringProps }[] {
    return resources
        .filter((r) => r.type === TYPES.monitoring)
        .map((subject) => ({ subject, props: subject.props as unknown as MonitoringProps }));
}

/** Splits `KEY=VALUE` docker env entries; entries without `=` are not settings and are skipped. */
export function envMap(envs: unknown): Map<string, string> {
    const out = new Map<string, string>();
    for (const entry of Array.isArray(envs) ? (envs as unknown[]) : []) {
        if (typeof entry !== "string") continue;
        const eq = entry.indexOf("=");
        if (eq > 0) out.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
    return out;
}
