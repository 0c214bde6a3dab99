/** The error a call throws, for tests of readers that refuse bad input with their own class. */
import * as assert from "assert";

/** What `run` throws, checked to be a `type`; the test fails if it throws another or nothing. */
export function thrownBy<E extends Error>(
    run: () => unknown,
    type: new (...args: never[]) => E,
): E {
    try {
        run();
    } catch (e) {
        assert.ok(e instanceof type, String(e));
        return e;
    }
    return assert.fail(`no ${type.name} thrown`);
}
