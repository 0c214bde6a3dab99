/**
 * Containers probe: `docker inspect` of every container on the host, with a template that asks
 * only for the fields judged (the docker-bench-security fields for memory, CPU, restart policy,
 * privileged, ports and mounts, plus health): never the environment, command line or labels,
 * where secrets live. Each declared container is compared with its declaration.
 */
import { shQuote } from "../batch-script";
import type { DeclaredContainer } from "../declared";
import { Observation, Probe, ProbeContext, usable } from "../observation";

const CONTAINER =
    '{"name":{{json .Name}},"image":{{json .Config.Image}},"imageId":{{json .Image}},"running":{{json .State.Running}},"status":{{json .State.Status}},' +
    '"health":{{with index .State "Health"}}{{json .Status}}{{else}}null{{end}},"hasHealthcheck":{{if index .Config "Healthcheck"}}true{{else}}false{{end}},' +
    '"memory":{{json .HostConfig.Memory}},"nanoCpus":{{json .HostConfig.NanoCpus}},"restart":{{json .HostConfig.RestartPolicy.Name}},' +
    '"privileged":{{json .HostConfig.Privileged}},"ports":{{json .HostConfig.PortBindings}},"mounts":{{json .Mounts}}}';
const IMAGE = '{"id":{{json .Id}},"tags":{{json .RepoTags}},"digests":{{json .RepoDigests}}}';
/** For one `docker inspect` of containers and images together: only a container has a State. */
const CONTAINER_OR_IMAGE = `{{if index . "State"}}${CONTAINER}{{else}}${IMAGE}{{end}}`;
/**
 * A container in the Engine API's list (GET /containers/json) by its leading fields, always these
 * four in this order: `"Names":[` cannot occur inside a label or the command (strings), so nothing
 * a container carries can pass for another one. Only the two IDs are kept from it.
 */
const LISTED =
    '"Id":"[0-9a-f]\\{64\\}","Names":\\[[^]]*\\],"Image":"[^"]*","ImageID":"sha256:[0-9a-f]\\{64\\}"';

export interface ObservedContainer {
    name: string;
    image: string;
    imageId: string;
    running: boolean;
    status: string;
    health: string | null;
    hasHealthcheck: boolean;
    memory: number;
    nanoCpus: number;
    restart: string;
    privileged: boolean;
    ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    mounts:
        { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[] | null;
}
interface ObservedImage {
    id: string;
    tags: string[] | null;
    digests: string[] | null;
}

/** One JSON object per line; a line that is not one is ignored (it is data, never code). */
function jsonLines<T>(text: string): T[] {
    return text.split("\n").flatMap((l) => {
        if (!l.startsWith("{")) return [];
        try {
            return [JSON.parse(l) as T];
        } catch {
            return [];
        }
    });
}

function normalizeRef(ref: string): string {
    return ref.replace(/^docker\.io\//, "").replace(/^library\//, "");
}

function imageMatches(
    declared: string,
    c: ObservedContainer,
    images: Map<string, ObservedImage>,
): boolean {
    const [nameTag, digest] = normalizeRef(declared).split("@");
    const img = images.get(c.imageId);
    if (normalizeRef(c.image) === normalizeRef(declared) || normalizeRef(c.image) === nameTag)
        return true;
    if (digest && (img?.digests ?? []).some((d) => normalizeRef(d).endsWith(`@${digest}`)))
        return true;
    return !digest && (img?.tags ?? []).map(normalizeRef).includes(nameTag);
}

/** What differs between a declared container and the one running. */
export function differences(
    d: DeclaredContainer,
    c: ObservedContainer,
    images: Map<string, ObservedImage>,
): string[] {
    const diff: string[] = [];
    if (d.image && !imageMatches(d.image, c, images))
        diff.push(
            `image ${c.image} (${(images.get(c.imageId)?.tags ?? []).join(", ") || c.imageId.slice(0, 19)}), ${d.image} declared`,
        );
    if (d.memoryMb !== undefined && c.memory !== Math.round(d.memoryMb * 1024 * 1024))
        diff.push(
            `memory limit ${c.memory ? `${c.memory / 1048576} MB` : "none"}, ${d.memoryMb} MB declared`,
        );
    if (d.cpus !== undefined && c.nanoCpus !== Math.round(d.cpus * 1e9))
        diff.push(`CPU limit ${c.nanoCpus ? c.nanoCpus / 1e9 : "none"}, ${d.cpus} declared`);
    if (d.restart !== undefined && (c.restart || "no") !== d.restart)
        diff.push(`restart policy ${c.restart || "no"}, ${d.restart} declared`);
    if (c.privileged !== d.privileged)
        diff.push(`privileged ${c.privileged}, ${d.privileged} declared`);
    const observedPorts = Object.entries(c.ports ?? {})
        .flatMap(([key, binds]) =>
            (binds ?? []).map((b) => `${b.HostIp || "0.0.0.0"}:${b.HostPort}->${key}`),
        )
        .sort();
    const declaredPorts = d.ports
        .map((p) => `${p.ip}:${p.external}->${p.internal}/${p.protocol}`)
        .sort();
    if (observedPorts.join(",") !== declaredPorts.join(","))
        diff.push(
            `published ports [${observedPorts.join(", ")}], [${declaredPorts.join(", ")}] declared`,
        );
    const mounts = c.mounts ?? [];
    for (const m of d.mounts) {
        const seen = mounts.find((x) => x.Destination === m.destination);
        if (!seen) diff.push(`no mount at ${m.destination} (declared)`);
        else if (
            m.source !== undefined &&
            (m.kind === "bind" ? seen.Source !== m.source : seen.Name !== m.source)
        )
            diff.push(`${m.destination} mounts ${seen.Name ?? seen.Source}, ${m.source} declared`);
        else if (m.readOnly && seen.RW)
            diff.push(`${m.destination} is writable, read-only declared`);
    }
    // An anonymous volume (an image's VOLUME) is not drift; a bind mount or a named volume nobody
    // declared is.
    for (const x of mounts) {
        const anonymous = x.Type === "volume" && /^[0-9a-f]{64}$/.test(x.Name ?? "");
        if (!anonymous && !d.mounts.some((m) => m.destination === x.Destination))
            diff.push(
                `undeclared ${x.Type} mount ${x.Type === "bind" ? x.Source : x.Name} at ${x.Destination}`,
            );
    }
    return diff;
}

function docker(ctx: ProbeContext): string {
    return ctx.target.config.dockerCli ? shQuote(ctx.target.config.dockerCli) : "docker";
}

export const containersProbe: Probe = {
    area: "containers",
    sections(ctx) {
        const d = docker(ctx);
        // The docker CLI costs a Go program's start per call. When DOCKER_HOST names the engine's
        // socket, curl reads its container list (a GET) and ONE docker call inspects every
        // container and the images they run; otherwise (no curl, no socket named, or a list in a
        // shape not recognized) three calls: list, inspect the containers, inspect their images
        // (IDs taken from the second answer). Both print the same lines.
        const viaApi = [
            `case \${DOCKER_HOST-} in unix://*) list=$(curl -sf --unix-socket "\${DOCKER_HOST#unix://}" 'http://docker/containers/json?all=1' 2>/dev/null) || list= ;; *) list= ;; esac`,
            `case $list in '[]'*) exit 0 ;; esac`,
            // No globbing: a listed container's fields hold brackets; none holds white space.
            `set -f; set --; images=' '`,
            `[ -n "$list" ] && for c in $(printf '%s\\n' "$list" | grep -o ${shQuote(LISTED)}); do id=\${c#'"Id":"'}; set -- "$@" "\${id%%'"'*}"; image=\${c##*'"ImageID":"'}; image=\${image%'"'}; ` +
                `case $images in *" $image "*) ;; *) images="$images$image " ;; esac; done`,
            // Every container the list holds must have been recognized, or none is used: a
            // container skipped here would be missing from the drift check (its JSON string values
            // escape quotes, so only a listed container's own field reads `"Id":"`).
            `n=0; rest=$list; while :; do case $rest in *'"Id":"'*) rest=\${rest#*'"Id":"'}; n=$((n + 1)) ;; *) break ;; esac; done`,
            `if [ $# -gt 0 ] && [ $# -eq $n ]; then ${d} inspect --format ${shQuote(CONTAINER_OR_IMAGE)} "$@" $images; exit $?; fi`,
        ];
        const viaCli =
            `ids=$(${d} ps -aq) || exit $?; [ -z "$ids" ] && exit 0; out=$(${d} inspect --format ${shQuote(CONTAINER)} $ids) || { printf '%s\\n' "$out"; exit 1; }; printf '%s\\n' "$out"; ` +
            `printf '%s\\n' "$out" | sed -n 's/.*"imageId":"\\(sha256:[0-9a-f]*\\)".*/\\1/p' | sort -u | xargs -r ${d} image inspect --format ${shQuote(IMAGE)}`;
        return [{ name: "containers.inspect", command: [...viaApi, viaCli].join("\n") }];
    },
    judge(ctx, get): Observation[] {
        const out: Observation[] = [];
        const o = (ruleId: string, item: string, state: Observation["state"], message: string) =>
            out.push({ ruleId, area: "containers", item, state, message });
        const inspect = usable(get("containers.inspect"), "docker inspect");
        const declared = ctx.declared.containers;
        if ("unknown" in inspect) {
            for (const d of declared) {
                for (const id of ["CHOM-DRIFT-003", "CHOM-RES-010", "CHOM-RES-008", "CHOM-RES-001"])
                    o(id, d.name, "UNKNOWN", inspect.unknown);
                if (d.healthcheck) o("CHOM-LIVE-001", d.name, "UNKNOWN", inspect.unknown);
            }
            o("CHOM-DRIFT-002", "containers", "UNKNOWN", inspect.unknown);
            return out;
        }
        // Container lines carry "name", image lines "id" (the same section, one after the other).
        const observed = jsonLines<ObservedContainer>(inspect.text)
            .filter((c) => typeof c.name === "string")
            .map((c) => ({ ...c, name: c.name.replace(/^\//, "") }));
        const images = new Map(
            jsonLines<ObservedImage>(inspect.text)
                .filter(
                    (i) => typeof (i as Partial<ObservedImage>).id === "string" && !("name" in i),
                )
                .map((i) => [i.id, i]),
        );
        for (const d of declared) {
            const c = observed.find((x) => x.name === d.name);
            if (!c) {
                const why = `declared container ${d.name} is not on the host`;
                o("CHOM-DRIFT-003", d.name, "FAIL", why);
                for (const id of ["CHOM-RES-010", "CHOM-RES-008", "CHOM-RES-001"])
                    o(id, d.name, "UNKNOWN", why);
                if (d.healthcheck) o("CHOM-LIVE-001", d.name, "FAIL", why);
                continue;
            }
            const diff = differences(d, c, images);
            o(
                "CHOM-DRIFT-003",
                d.name,
                diff.length ? "FAIL" : "PASS",
                diff.length
                    ? `${d.name} differs from its declaration: ${diff.join("; ")}`
                    : `${d.name} runs as declared`,
            );
            o(
                "CHOM-RES-010",
                d.name,
                c.privileged ? "FAIL" : "PASS",
                c.privileged ? `${d.name} runs privileged` : `${d.name} is not privileged`,
            );
            const restart = c.restart || "no";
            o(
                "CHOM-RES-008",
                d.name,
                restart === "no" ? "FAIL" : "PASS",
                `${d.name} restart policy: ${restart}`,
            );
            const limited = c.memory > 0 && c.nanoCpus > 0;
            o(
                "CHOM-RES-001",
                d.name,
                limited ? "PASS" : "FAIL",
                limited
                    ? `${d.name}: ${c.memory / 1048576} MB, ${c.nanoCpus / 1e9} CPU`
                    : `${d.name} runs without a ${c.memory > 0 ? "CPU" : "memory"} limit`,
            );
            if (d.healthcheck) {
                if (!c.running)
                    o("CHOM-LIVE-001", d.name, "FAIL", `${d.name} is ${c.status}, not running`);
                else if (!c.hasHealthcheck || c.health === null)
                    o(
                        "CHOM-LIVE-001",
                        d.name,
                        "FAIL",
                        `${d.name} runs without the declared health check`,
                    );
                else if (c.health === "healthy")
                    o("CHOM-LIVE-001", d.name, "PASS", `${d.name} is healthy`);
                else if (c.health === "starting")
                    o(
                        "CHOM-LIVE-001",
                        d.name,
                        "UNKNOWN",
                        `${d.name}'s health check is still starting`,
                    );
                else o("CHOM-LIVE-001", d.name, "FAIL", `${d.name} is ${c.health}`);
            }
        }
        const names = new Set(declared.map((d) => d.name));
        const strays = observed.filter((c) => c.running && !names.has(c.name));
        for (const s of strays)
            o(
                "CHOM-DRIFT-002",
                s.name,
                "FAIL",
                `container ${s.name} (${s.image}) runs on the host, but the stack does not declare it`,
            );
        if (strays.length === 0)
            o(
                "CHOM-DRIFT-002",
                "containers",
                "PASS",
                `${observed.filter((c) => c.running).length} running containers, all declared`,
            );
        return out;
    },
};
