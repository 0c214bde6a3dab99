import { cisDocker } from "../../lib/frameworks";
import { notApplicable, ResourceRule } from "../../lib/rule";
import { ContainerProps, TYPES } from "../../lib/subjects";
import { containerName, oneShotFlags } from "./support/container-facts";

const RESTARTING = ["unless-stopped", "always", "on-failure"];

/**
 * CHOM-RES-008: a long-running container that is not restarted stays down after a crash or a
 * host reboot. The docker provider's Check fills in `restart = "no"` when the program sets none,
 * so an unset policy arrives here as "no" (and is treated as such if it does not).
 *
 * Decision on `on-failure`: CIS 5.15 recommends `on-failure` bounded to 5 retries (against
 * restart storms); this rule's concern is that the service comes back, so `on-failure` passes
 * with any `maxRetryCount`, as do `unless-stopped` and `always`. Docker does not restart an
 * `on-failure` container that exited cleanly when the daemon restarts, which is why the stack
 * itself uses `unless-stopped`.
 */
export const restartPolicy: ResourceRule = {
    id: "CHOM-RES-008",
    policyName: "chom-res-restart-policy",
    title: "Every long-running container has a restart policy",
    category: "Reliability",
    severity: "high",
    framework: cisDocker(
        "5.15 Ensure that the 'on-failure' container restart policy is set to '5'",
    ),
    description:
        `A long-running container's \`restart\` must be one of ${RESTARTING.map((r) => `"${r}"`).join(", ")}. The docker provider defaults it to "no", ` +
        "so a container declared without one never comes back after a crash or a reboot. `on-failure` passes with any `maxRetryCount` " +
        "(CIS recommends a bound of 5 against restart storms; docker does not restart an `on-failure` container that exited cleanly " +
        "when the daemon restarts, so `unless-stopped` is the safer choice). A one-shot container (`rm: true`, `attach: true`, " +
        "`start: false` or `mustRun: false`) is not applicable.",
    remediation:
        'Set `restart: "unless-stopped"` on the container (the program does so for every `chom:services` entry); a job that runs to completion declares itself with `rm: true` or `mustRun: false`.',
    enforcementLevel: "mandatory",
    enforcementRationale:
        'Mandatory: a web server, database or app container with restart "no" stays down after one crash or host reboot, which takes the site down ' +
        "until someone notices; CIS Docker 1.6.0 scores a restart policy (5.15). One-shot jobs are not judged, so nothing legitimate is blocked.",
    appliesTo: [TYPES.container],
    scope: "resource",
    config: {},
    check(subject) {
        const oneShot = oneShotFlags(subject);
        if (oneShot.length > 0) {
            return notApplicable(
                `container ${containerName(subject)} is one-shot (${oneShot.join("; ")}); a restart policy is required of long-running containers only`,
            );
        }
        const c = subject.props as ContainerProps;
        const restart = c.restart ?? "no";
        if (RESTARTING.includes(restart)) return [];
        const note = c.restart === undefined ? " (unset: the docker provider's default)" : "";
        return [
            {
                message: `container ${containerName(subject)} has restart policy "${restart}"${note}; it must be "unless-stopped", "always" or "on-failure"`,
            },
        ];
    },
};
