/** Test data kept as YAML (case files, corpus expectations), read and checked in one way. */
import { readFileSync } from "fs";
import { parse } from "yaml";
import { z } from "zod";

/** `file` parsed as YAML and checked against `schema`; a file that does not fit fails, named. */
export function readYamlFile<T extends z.ZodType>(file: string, schema: T): z.output<T> {
    const read = schema.safeParse(parse(readFileSync(file, "utf8")));
    if (!read.success) throw new Error(`${file}: ${z.prettifyError(read.error)}`);
    return read.data;
}
