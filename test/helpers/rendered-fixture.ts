/** Parser tests on the program's own rendered text, not on a hand-written copy of it. */
import * as assert from "assert";

/**
 * Registers the test that the fixture's rendered text (`key` of `props()`) is `render`'s output
 * for the fixture's other fields, and returns that text's getter for the parser tests beside it.
 */
export function renderedFixture<P, K extends keyof P>(
    props: () => P,
    key: K,
    render: (fields: Omit<P, K>) => string,
): () => string {
    it("is the renderer's output for the fixture fields", () => {
        const { [key]: text, ...fields } = props();
        assert.strictEqual(text, render(fields));
    });
    return () => String(props()[key]);
}
