/**
 * Which containers serve an admin UI, and on which container ports, for CHOM-FW-007. Identity
 * comes from the one resolver (image, then name; the label cannot hide an admin UI: what the
 * image runs counts too); a port number alone never makes a container an admin UI.
 */
import { unknownValueError } from "../../../lib/preview-proxy";
import type { Subject } from "../../../lib/rule";
import { identify, rolesOf } from "../../../lib/service-identity";
import { ContainerProps, LABELS } from "../../../lib/subjects";
import { commandWords, envEntries, flagValues } from "../../resources/support/container-facts";

/** An admin UI a container serves. */
export interface AdminUi {
    /** For messages, e.g. `phpMyAdmin`. */
    what: string;
    /** Container ports that serve it; undefined when every published port does. */
    ports?: number[];
}

const DISPLAY: Record<string, string> = {
    phpmyadmin: "phpMyAdmin",
    adminer: "Adminer",
    portainer: "Portainer",
    cadvisor: "cAdvisor",
    grafana: "Grafana",
};

/** RabbitMQ's management plugin listens here (the `-management` images enable it). */
export const RABBITMQ_MANAGEMENT_PORT = 15672;
/** Traefik's `traefik` entrypoint, where `--api.insecure` serves the dashboard. */
export const TRAEFIK_DASHBOARD_PORT = 8080;

const TRUE = (v: string) => v === "" || v.toLowerCase() === "true";

/**
 * The setting that turns Traefik's dashboard on (`--api.insecure=true`, `--api.dashboard=true`,
 * `--api`, or their TRAEFIK_API_* environment twins), or undefined when none does.
 */
export function traefikDashboard(c: ContainerProps): string | undefined {
    const words = commandWords(c);
    for (const flag of ["--api.insecure", "--api.dashboard", "--api"]) {
        const values = flagValues(words, flag);
        // The last occurrence wins, as in Traefik's own flag parsing.
        if (values.length > 0 && TRUE(values[values.length - 1]))
            return values[values.length - 1] === "" ? flag : `${flag}=${values[values.length - 1]}`;
    }
    for (const env of envEntries(c)) {
        if (
            ["TRAEFIK_API_INSECURE", "TRAEFIK_API_DASHBOARD", "TRAEFIK_API"].includes(env.name) &&
            env.value !== undefined &&
            TRUE(env.value)
        )
            return `${env.name}=${env.value}`;
    }
    return undefined;
}

/**
 * The admin UI the container serves, or undefined. Throws UnknownValueError when nothing can say
 * what it runs.
 */
export function adminUiOf(subject: Subject): AdminUi | undefined {
    const id = identify(subject);
    if (id.unresolved)
        throw unknownValueError(
            ["image"],
            `the image of container ${subject.name} is unknown and neither its name nor a ${LABELS.service} label says what it runs`,
        );
    const services = [
        ...new Set([id.detected, id.service].filter((s): s is string => s !== undefined)),
    ];
    const ui = services.find((s) => rolesOf(s).includes("admin-ui"));
    if (ui !== undefined) return { what: DISPLAY[ui] ?? ui };
    if (services.includes("rabbitmq"))
        return { what: "the RabbitMQ management UI", ports: [RABBITMQ_MANAGEMENT_PORT] };
    if (services.includes("traefik")) {
        const flag = traefikDashboard(subject.props as ContainerProps);
        if (flag !== undefined)
            return { what: `the Traefik dashboard (${flag})`, ports: [TRAEFIK_DASHBOARD_PORT] };
    }
    return undefined;
}
