/**
 * An input or environment problem: the tool could not evaluate (exit code 2). The message names
 * what and where.
 */
export class EvaluationError extends Error {
    /**
     * Output folders of the run that failed: an earlier run's set there is removed, not left
     * looking current.
     */
    staleOutputDirs?: string[];
    constructor(message: string) {
        super(message);
        this.name = "EvaluationError";
    }
}

export const EXIT = { ok: 0, blocked: 1, couldNotEvaluate: 2 } as const;
