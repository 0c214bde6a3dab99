/**
 * The digest of a policy pack's files, as the attestation binds it and `chom-certify verify
 * --pack` recomputes it. The files are what the pack runs and is named by: every `*.js`, plus
 * `PulumiPolicy.yaml` and `package.json`, anywhere under the pack directory except inside
 * `node_modules` and dot-directories (symlinks followed). The digest is the sha256 of the
 * `sha256sum` listing of those files, sorted by path (byte order), paths relative with `/`:
 *
 *   cd PACK && find -L . \( -name node_modules -o -name '.?*' \) -prune -o -type f \
 *     \( -name '*.js' -o -name PulumiPolicy.yaml -o -name package.json \) -print \
 *     | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** One file of the pack. */
export interface PackFile {
    /** Path relative to the pack directory, `/`-separated. */
    path: string;
    /** sha256 (hex) of its bytes. */
    sha256: string;
}

/** The pack's files and the digest over them. */
export interface PackFilesDigest {
    /** sha256 (hex) of the `sha256sum`-format listing of `files`. */
    sha256: string;
    /** The files, sorted by path (byte order). */
    files: PackFile[];
}

function isPackFile(name: string): boolean {
    return name.endsWith(".js") || name === "PulumiPolicy.yaml" || name === "package.json";
}

function walk(dir: string, rel: string, out: string[]): void {
    for (const entry of fs.readdirSync(dir)) {
        if (entry === "node_modules" || entry.startsWith(".")) continue;
        const full = path.join(dir, entry);
        const stat = fs.statSync(full);
        const relPath = rel ? `${rel}/${entry}` : entry;
        if (stat.isDirectory()) walk(full, relPath, out);
        else if (stat.isFile() && isPackFile(entry)) out.push(relPath);
    }
}

/** The digest of the pack in `packDir` (see the module comment for what it covers). */
export function packFilesDigest(packDir: string): PackFilesDigest {
    const paths: string[] = [];
    walk(packDir, "", paths);
    paths.sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
    const files = paths.map((p) => ({
        path: p,
        sha256: createHash("sha256")
            .update(fs.readFileSync(path.join(packDir, p)))
            .digest("hex"),
    }));
    const listing = files.map((f) => `${f.sha256}  ${f.path}\n`).join("");
    return { sha256: createHash("sha256").update(listing, "utf8").digest("hex"), files };
}

/** sha256 (hex) of bytes, or of a text's UTF-8. */
export function sha256Of(data: Buffer | string): string {
    return createHash("sha256").update(data).digest("hex");
}

/** sha256 (hex) of a file's bytes. */
export function fileSha256(file: string): string {
    return sha256Of(fs.readFileSync(file));
}
