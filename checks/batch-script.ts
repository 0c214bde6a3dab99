/**
 * All of a host's commands as one shell script, run in one `exec` over one SSH connection:
 * each section's output is framed by markers carrying a random nonce (so nothing the host
 * prints can forge a section boundary) and its exit status. The output is only ever parsed as
 * text; nothing the host returns is executed or evaluated here.
 */
import { randomBytes } from "crypto";

/** One read-only command (or short pipeline) whose output a probe parses. */
export interface Section {
    /** Unique within the script, `[a-z0-9.-]+`. */
    name: string;
    /** POSIX sh; read-only. */
    command: string;
    /**
     * When one process answers for several sections: their names (then `name` frames nothing).
     * The command frames each itself, as `"$chom_mark begin <part>"` and `"$chom_mark end <part>
     * <status>"` lines; the shell variable holds the marker, so the nonce is never in its text.
     */
    parts?: string[];
}

/** One section per command of the table, named `<area>.<key>`, in the table's order. */
export function sectionsOf(area: string, commands: Record<string, string>): Section[] {
    return Object.entries(commands).map(([key, command]) => ({ name: `${area}.${key}`, command }));
}

/** What a section printed (stdout and stderr together) and its exit status. */
export interface SectionOutput {
    output: string;
    exitCode: number;
}

/** Quotes a value for POSIX sh (single quotes; a quote inside becomes '\''). */
export function shQuote(value: string): string {
    return `'${value.replace(/'/g, "'\\''")}'`;
}

export interface BatchScript {
    script: string;
    nonce: string;
    sections: Section[];
}

export function buildScript(sections: Section[], env: Record<string, string> = {}): BatchScript {
    const nonce = randomBytes(12).toString("hex");
    const names = new Set<string>();
    const lines = [
        "exec 2>&1",
        "export LC_ALL=C",
        ...Object.entries(env).map(([k, v]) => `export ${k}=${shQuote(v)}`),
        `chom_mark=@@chom-${nonce}`,
    ];
    for (const s of sections) {
        for (const name of [s.name, ...(s.parts ?? [])]) {
            if (!/^[a-z0-9.-]+$/.test(name) || names.has(name))
                throw new Error(
                    `batch script: bad or repeated section name ${JSON.stringify(name)}`,
                );
            names.add(name);
        }
        // `</dev/null` keeps a command from eating the rest of the script, which arrives on stdin.
        if (s.parts) lines.push(`( ${s.command} ) </dev/null`);
        else
            lines.push(
                `echo "$chom_mark begin ${s.name}"`,
                `( ${s.command} ) </dev/null`,
                `echo "$chom_mark end ${s.name} $?"`,
            );
    }
    return { script: `${lines.join("\n")}\n`, nonce, sections };
}

/** Splits the script's output into sections; a section that never ended is absent. */
export function parseOutput(text: string, nonce: string): Map<string, SectionOutput> {
    const out = new Map<string, SectionOutput>();
    const marker = `@@chom-${nonce} `;
    let current: { name: string; lines: string[] } | null = null;
    for (const raw of text.split("\n")) {
        let line = raw;
        const at = line.indexOf(marker);
        // Output without a final newline puts the end marker on its last line.
        if (at > 0) {
            current?.lines.push(line.slice(0, at));
            line = line.slice(at);
        }
        if (line.startsWith(marker)) {
            const [kind, name, code] = line.slice(marker.length).split(" ");
            if (kind === "begin") current = { name, lines: [] };
            // An end needs its exit status: without one, the section did not finish as framed.
            else if (
                kind === "end" &&
                current &&
                current.name === name &&
                /^\d+$/.test(code ?? "")
            ) {
                out.set(name, { output: current.lines.join("\n"), exitCode: Number(code) });
                current = null;
            }
            continue;
        }
        current?.lines.push(line);
    }
    return out;
}
