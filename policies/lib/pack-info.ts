/** Name and version of the pack, from its package.json (what `pulumi policy publish` uses). */
import * as path from "path";
import * as fs from "fs";

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
    name: string;
    version: string;
};

export const PACK = { name: pkg.name, version: pkg.version };
