/** An error of a text parser that names the line it could not read: `line N: <detail>`. */
export class LineParseError extends Error {
    constructor(
        readonly line: number,
        detail: string,
    ) {
        super(`line ${line}: ${detail}`);
    }
}
