/**
 * The rules only live checks can judge: outcomes no declaration proves (CHOM-LIVE-…) and
 * differences between the host and the code (CHOM-DRIFT-…). Observations of things the pack
 * already judges from the declaration use the pack's own IDs (CHOM-TLS-001, CHOM-FW-001, …).
 * These IDs are stable, never reused; README.md lists them.
 */
import {
    CertificateLine,
    certificatePartRef,
    certificateRef,
    cisDocker,
    mozillaTls,
} from "../policies/lib/frameworks";
import type { RuleSummary } from "../policies/lib/results";

function rule(
    r: Omit<RuleSummary, "enforcementLevel" | "certificateItem"> & {
        enforcementLevel?: RuleSummary["enforcementLevel"];
        // A live rule's line is checked at compile time like a pack rule's.
        certificateItem?: CertificateLine;
    },
): RuleSummary {
    return { enforcementLevel: "mandatory", ...r };
}

export const LIVE_RULES: readonly RuleSummary[] = [
    rule({
        id: "CHOM-LIVE-001",
        policyName: "chom-live-health-checks-passing",
        title: "Every declared container with a health check is running and healthy",
        category: "Reliability",
        severity: "high",
        framework: certificateRef("Health checks passing"),
        description:
            "docker inspect on the host: State.Running and State.Health.Status of each container the code declares with a health check.",
        remediation:
            "Find why the container is not running or its health check fails (docker inspect, docker logs) and fix it before go-live.",
        certificateItem: "Health checks passing",
    }),
    rule({
        id: "CHOM-LIVE-002",
        policyName: "chom-live-metrics-collecting",
        title: "Prometheus is ready and scrapes at least one target that is up",
        category: "Observability",
        severity: "medium",
        framework: certificateRef("Metrics collecting (Prometheus)"),
        description:
            "From the host: Prometheus /-/ready answers, and /api/v1/targets lists an active target whose health is up.",
        remediation:
            "Start Prometheus and check its scrape configuration and the targets' reachability.",
        certificateItem: "Metrics collecting (Prometheus)",
    }),
    rule({
        id: "CHOM-LIVE-003",
        policyName: "chom-live-monitoring-active-on-all",
        title: "Every scrape job the code declares has a target that is up",
        category: "Reliability",
        severity: "medium",
        framework: certificateRef("Monitoring active on all components"),
        description:
            "From the host: Prometheus /api/v1/targets has, for each job of chom:observability:Monitoring, at least one target whose health is up.",
        remediation: "Fix the exporter or scrape job that is down or missing.",
        certificateItem: "Monitoring active on all components",
    }),
    rule({
        id: "CHOM-LIVE-004",
        policyName: "chom-live-logs-aggregating",
        title: "Loki is ready",
        category: "Observability",
        severity: "medium",
        framework: certificateRef("Logs aggregating (Loki)"),
        description: "From the host: Loki's /ready answers ready.",
        remediation: "Start Loki and check its storage and configuration.",
        certificateItem: "Logs aggregating (Loki)",
    }),
    rule({
        id: "CHOM-LIVE-005",
        policyName: "chom-live-dashboards-operational",
        title: "Grafana is healthy (its database answers)",
        category: "Observability",
        severity: "medium",
        framework: certificateRef("Dashboards operational (Grafana)"),
        description: "From the host: Grafana's /api/health reports database ok.",
        remediation: "Start Grafana and check its database.",
        certificateItem: "Dashboards operational (Grafana)",
    }),
    rule({
        id: "CHOM-LIVE-006",
        policyName: "chom-live-backup-fresh-and-intact",
        title: "The newest backup of each plan is fresh, not empty, and passes its integrity check",
        category: "Reliability",
        severity: "high",
        framework: certificateRef("Automated database backups configured"),
        description:
            "On the host, in the plan's localPath: the newest backup file is younger than the plan's staleAfterHours, not empty, and its <file>.sha256 checksum verifies (gzip -t for a .gz without one).",
        remediation:
            "Find why the backup job did not run or wrote a bad file; a backup without a checksum cannot be trusted.",
        certificateItem: "Automated database backups configured",
    }),
    rule({
        id: "CHOM-LIVE-007",
        policyName: "chom-live-restore-tested-recently",
        title: "A restore test succeeded within the plan's interval",
        category: "Reliability",
        severity: "high",
        framework: certificateRef("Disaster recovery tested successfully"),
        description:
            "On the host: <localPath>/restore-test.ok (touched by the restore test when a restore succeeded) is younger than restoreTestEveryDays.",
        remediation:
            "Run the restore test; make it touch restore-test.ok only when the restored data checks out.",
        certificateItem: "Disaster recovery tested successfully",
    }),
    rule({
        id: "CHOM-LIVE-008",
        policyName: "chom-live-certificate-valid",
        title: "The served certificate is valid for at least 30 more days and its chain verifies",
        category: "Security",
        severity: "high",
        framework: mozillaTls("Certificate lifetime; SSL Labs chain checks"),
        description:
            "As a client from the checker: the certificate's notAfter is at least 30 days away and the chain verifies against the configured CA bundle (Node's CAs by default).",
        remediation: "Renew the certificate (certbot renew) and serve the full chain.",
        certificateItem: "SSL/TLS configured with A+ rating",
    }),
    rule({
        id: "CHOM-DRIFT-001",
        policyName: "chom-drift-undeclared-listener",
        title: "No world-reachable listener that the code does not declare",
        category: "Security",
        severity: "critical",
        framework: certificateRef("Firewall rules configured correctly"),
        description:
            "ss on the host: every TCP/UDP listener on a non-loopback address is a port the firewall rules, the SSH port or a published container port declare.",
        remediation:
            "Stop the stray service, bind it to loopback, or declare it (and its firewall rule) in the stack.",
        certificateItem: "Firewall rules configured correctly",
    }),
    rule({
        id: "CHOM-DRIFT-002",
        policyName: "chom-drift-undeclared-container",
        title: "No running container that the code does not declare",
        category: "Security",
        severity: "high",
        framework: cisDocker("5.x (inventory); what runs is what is declared"),
        description:
            "docker ps on the host: every running container's name is a container of the stack.",
        remediation: "Remove the container or declare it in the stack, so the pack judges it.",
    }),
    rule({
        id: "CHOM-DRIFT-003",
        policyName: "chom-drift-container-differs",
        title: "Each declared container runs as declared",
        category: "Reliability",
        severity: "high",
        framework: cisDocker(
            "5.10, 5.11, 5.14, 5.4 via docker-bench-security's docker inspect fields",
        ),
        description:
            "docker inspect on the host, against the declaration: the container exists, and its image, memory limit, NanoCpus, restart policy, privileged flag, published ports and mounts are those declared.",
        remediation:
            "Redeploy the stack (pulumi up) so the host matches the code, or change the code to what must run.",
    }),
    rule({
        id: "CHOM-DRIFT-004",
        policyName: "chom-drift-server-smaller-than-declared",
        title: "The host has at least the cores, memory, disk and NIC speed the code declares",
        category: "Performance",
        severity: "medium",
        enforcementLevel: "advisory",
        framework: certificatePartRef("Appendix C", "Server Specifications"),
        description:
            "nproc, /proc/meminfo, df / and the NIC's speed on the host, against chom:host:Server.",
        remediation: "Correct chom:host in the stack file to what the host is, or resize the host.",
    }),
];

export const LIVE_RULE_IDS = new Set(LIVE_RULES.map((r) => r.id));
