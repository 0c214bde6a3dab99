/**
 * A resource value of the wrong kind where a rendering needs it (a memory size that is a string,
 * labels that are no list): the input's fault, reported in one line naming the resource and the
 * property, never as an internal error with a stack trace.
 */
export class InvalidValueError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InvalidValueError";
    }
}
