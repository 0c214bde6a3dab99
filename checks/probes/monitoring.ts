/**
 * Monitoring probe: Prometheus ready and its targets up, Grafana healthy, Loki ready, each asked
 * from the host itself (curl, else wget) over the same SSH session: the endpoints are bound to
 * the host, not to the world. Answers are parsed as JSON or text, never run.
 */
import { shQuote } from "../batch-script";
import { Observation, Probe, ProbeContext, SectionResult, usable } from "../observation";

/**
 * A service that answered with an error or not at all is down (FAIL); a host we could not ask, or
 * no client there, is UNKNOWN.
 */
function downState(r: SectionResult): Observation["state"] {
    return "missing" in r || r.exitCode === 127 ? "UNKNOWN" : "FAIL";
}

function fetch(url: string): string {
    const u = shQuote(url);
    return `if command -v curl >/dev/null 2>&1; then curl -fsS -m 3 ${u}; elif command -v wget >/dev/null 2>&1; then wget -q -T 3 -O - ${u}; else echo 'no curl or wget on the host'; exit 127; fi`;
}

/**
 * Every GET by one curl process (starting curl is most of what a GET costs the host), each
 * answer framed as its own section with curl's exit status for that transfer, as `fetch` gives
 * it. curl reads its options from stdin, so the marker is not on a command line other users of
 * the host can read. A curl that cannot report a transfer's status (before 7.75) or none at all:
 * one `fetch` per GET.
 */
function fetchAll(gets: { name: string; url: string }[]): string {
    // One curl config line as a double-quoted shell word: `$chom_mark` expands, nothing else does.
    const word = (line: string) => `"${line.replace(/[\\"`]/g, (c) => `\\${c}`)}"`;
    const options = gets.flatMap(({ name, url }, i) => {
        const next = gets[i + 1] ? `$chom_mark begin ${gets[i + 1].name}\\n` : "";
        return [
            ...(i > 0 ? ["next"] : []),
            `url = "${url}"`,
            "fail",
            "max-time = 3",
            // %{stdout} first: a write-out that starts with @ names a file to read it from.
            `write-out = "%{stdout}$chom_mark end ${name} %{exitcode}\\n${next}"`,
        ];
    });
    const last = gets[gets.length - 1].name;
    return [
        "if command -v curl >/dev/null 2>&1; then",
        `out=$(echo "$chom_mark begin ${gets[0].name}"; printf '%s\\n' ${options.map(word).join(" ")} | curl -sS --stderr - -K -)`,
        `case $out in *"$chom_mark end ${last} "[0-9]*) printf '%s\\n' "$out"; exit 0 ;; esac; fi`,
        ...gets.map(
            ({ name, url }) =>
                `echo "$chom_mark begin ${name}"; ( ${fetch(url)} ); echo "$chom_mark end ${name} $?"`,
        ),
    ].join("\n");
}

function urls(ctx: ProbeContext): { prometheus: string; grafana: string; loki: string } {
    const m = ctx.target.config.monitoring;
    return {
        prometheus: m?.prometheus ?? "http://127.0.0.1:9090",
        grafana: m?.grafana ?? "http://127.0.0.1:3000",
        loki: m?.loki ?? "http://127.0.0.1:3100",
    };
}

function applies(ctx: ProbeContext): boolean {
    return ctx.declared.monitoring !== null || ctx.target.config.monitoring !== undefined;
}

interface Targets {
    data?: { activeTargets?: { labels?: { job?: string }; health?: string; scrapeUrl?: string }[] };
}

export const monitoringProbe: Probe = {
    area: "monitoring",
    sections(ctx) {
        if (!applies(ctx)) return [];
        const u = urls(ctx);
        const gets = [
            { name: "monitoring.prometheus-ready", url: `${u.prometheus}/-/ready` },
            {
                name: "monitoring.prometheus-targets",
                url: `${u.prometheus}/api/v1/targets?state=active`,
            },
            { name: "monitoring.grafana-health", url: `${u.grafana}/api/health` },
            { name: "monitoring.loki-ready", url: `${u.loki}/ready` },
        ];
        return [{ name: "monitoring", parts: gets.map((g) => g.name), command: fetchAll(gets) }];
    },
    judge(ctx, get): Observation[] {
        const out: Observation[] = [];
        const o = (ruleId: string, item: string, state: Observation["state"], message: string) =>
            out.push({ ruleId, area: "monitoring", item, state, message });
        if (!applies(ctx)) {
            for (const [id, item] of [
                ["CHOM-LIVE-002", "prometheus"],
                ["CHOM-LIVE-003", "prometheus"],
                ["CHOM-LIVE-004", "loki"],
                ["CHOM-LIVE-005", "grafana"],
            ])
                o(
                    id,
                    item,
                    "NOT_APPLICABLE",
                    "the stack declares no chom:observability:Monitoring",
                );
            return out;
        }
        const u = urls(ctx);
        const ready = usable(get("monitoring.prometheus-ready"), `GET ${u.prometheus}/-/ready`);
        const targetsOut = usable(
            get("monitoring.prometheus-targets"),
            `GET ${u.prometheus}/api/v1/targets`,
        );
        let targets: { job: string; health: string }[] | undefined;
        if ("text" in targetsOut) {
            try {
                targets = ((JSON.parse(targetsOut.text) as Targets).data?.activeTargets ?? []).map(
                    (t) => ({ job: String(t.labels?.job ?? ""), health: String(t.health ?? "") }),
                );
            } catch {
                targets = undefined;
            }
        }
        const up = (targets ?? []).filter((t) => t.health === "up");
        if ("unknown" in ready)
            o(
                "CHOM-LIVE-002",
                "prometheus",
                downState(get("monitoring.prometheus-ready")),
                `Prometheus is not ready: ${ready.unknown}`,
            );
        else if (!targets)
            o(
                "CHOM-LIVE-002",
                "prometheus",
                "UNKNOWN",
                "unknown" in targetsOut ? targetsOut.unknown : "the targets answer is not JSON",
            );
        else if (up.length === 0)
            o(
                "CHOM-LIVE-002",
                "prometheus",
                "FAIL",
                `Prometheus is ready but none of its ${targets.length} targets is up`,
            );
        else
            o(
                "CHOM-LIVE-002",
                "prometheus",
                "PASS",
                `Prometheus ready; ${up.length} of ${targets.length} targets up`,
            );
        const jobs = ctx.declared.monitoring?.scrapeJobs ?? [];
        if (jobs.length === 0)
            o("CHOM-LIVE-003", "prometheus", "NOT_APPLICABLE", "no scrape job declared");
        else if (!targets)
            o(
                "CHOM-LIVE-003",
                "prometheus",
                "UNKNOWN",
                "unknown" in targetsOut ? targetsOut.unknown : "the targets answer is not JSON",
            );
        else {
            const down = jobs.filter((j) => !up.some((t) => t.job === j));
            o(
                "CHOM-LIVE-003",
                "prometheus",
                down.length ? "FAIL" : "PASS",
                down.length
                    ? `no target up for job${down.length === 1 ? "" : "s"} ${down.join(", ")}`
                    : `every declared job has a target up (${jobs.join(", ")})`,
            );
        }
        const loki = usable(get("monitoring.loki-ready"), `GET ${u.loki}/ready`);
        if ("unknown" in loki)
            o(
                "CHOM-LIVE-004",
                "loki",
                downState(get("monitoring.loki-ready")),
                `Loki is not ready: ${loki.unknown}`,
            );
        else
            o(
                "CHOM-LIVE-004",
                "loki",
                /\bready\b/i.test(loki.text) ? "PASS" : "FAIL",
                `Loki /ready: ${loki.text.trim().slice(0, 80)}`,
            );
        const grafana = usable(get("monitoring.grafana-health"), `GET ${u.grafana}/api/health`);
        if ("unknown" in grafana)
            o(
                "CHOM-LIVE-005",
                "grafana",
                downState(get("monitoring.grafana-health")),
                `Grafana is not healthy: ${grafana.unknown}`,
            );
        else {
            let db: unknown;
            try {
                db = (JSON.parse(grafana.text) as { database?: unknown }).database;
            } catch {
                db = undefined;
            }
            o(
                "CHOM-LIVE-005",
                "grafana",
                db === "ok" ? "PASS" : "FAIL",
                db === "ok"
                    ? "Grafana /api/health: database ok"
                    : `Grafana /api/health: database ${JSON.stringify(db ?? "not reported")}`,
            );
        }
        return out;
    },
};
