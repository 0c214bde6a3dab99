/**
 * Config text (nginx, nftables) written in a test as it reads in the file, indented with the code:
 *
 *     parseNginxConfig(configText`
 *         server { listen 443 ssl; }
 *     `)
 *
 * is "server { listen 443 ssl; }". The template starts with a line break and ends on a line of its
 * own; those two are dropped, so is the indentation the other lines share, and the lines are joined
 * with "\n" (no final newline). Escapes are JavaScript's, as in any template literal (`\\` for a
 * backslash, `\${` for a literal `${`); nothing is interpolated.
 */
export function configText(template: TemplateStringsArray): string {
    const lines = template[0].split("\n");
    if (lines.length < 3 || lines[0] !== "" || lines[lines.length - 1].trim() !== "")
        throw new Error("configText: start with a line break and end on a line of its own");
    const body = lines.slice(1, -1);
    const indent = Math.min(
        ...body.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length),
    );
    return body.map((l) => l.slice(indent)).join("\n");
}
