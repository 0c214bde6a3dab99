/** Laravel `.env` rendering: values quoted so phpdotenv reads them literally. */

/** Quotes one value: single quotes are literal in phpdotenv; otherwise escape for double quotes. */
export function dotenvValue(value: string): string {
    if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$/g, "\\$").replace(/\r/g, "\\r").replace(/\n/g, "\\n")}"`;
}

export function renderDotenv(entries: Record<string, string>): string {
    return (
        Object.entries(entries)
            .map(([key, value]) => `${key}=${dotenvValue(value)}`)
            .join("\n") + "\n"
    );
}
