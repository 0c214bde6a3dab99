/**
 * Input -> expected tables kept as data beside a test: `x.test.ts` reads `x.cases.yaml`, a map of
 * table name -> list of `[input, expected]` pairs of strings. An expected `null` stands for
 * `undefined` (YAML has no undefined): "the function answers nothing for this input".
 *
 * The file is checked when it is read: the test names every table it reads, and a table it does not
 * name (unknown key), a table missing from the file, an empty table or a row that is not a pair of
 * strings fails with the file named.
 */
import { z } from "zod";
import { readYamlFile } from "./yaml-file";

export type CaseRow = [input: string, expected: string | undefined];

const ROW = z
    .tuple([z.string(), z.string().nullable()])
    .transform(([input, expected]): CaseRow => [input, expected ?? undefined]);

/** The tables `names` of the case file beside `testFile` (pass `__filename`). */
export function caseTables<N extends string>(
    testFile: string,
    names: readonly N[],
): Record<N, CaseRow[]> {
    const path = testFile.replace(/\.test\.[jt]s$/, ".cases.yaml");
    const file = z.strictObject(
        Object.fromEntries(names.map((n) => [n, z.array(ROW).min(1)])) as Record<
            N,
            z.ZodArray<typeof ROW>
        >,
    );
    return readYamlFile(path, file) as Record<N, CaseRow[]>;
}
