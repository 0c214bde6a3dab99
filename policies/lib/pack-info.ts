/** Name and version of the pack, from its package.json (what `pulumi policy publish` uses). */
import * as path from "path";
import * as fs from "fs";

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
    name: string;
    version: string;
    homepage?: string;
    repository?: string | { url?: string };
};

/** What the attestation binds: the pack's identity. */
export const PACK = { name: pkg.name, version: pkg.version };

/**
 * Where docs/rules.md is published, from the pack's package.json `homepage` (npm's field for a
 * project's documentation): a rule's URL is its anchor there. Unset, no rule claims a URL.
 */
export const RULES_DOC_URL = pkg.homepage;

/** The pack as `pulumi preview` and Pulumi Cloud show it (GetAnalyzerInfo). */
export const PACK_METADATA = {
    displayName: "CHOM production readiness",
    tags: ["chom", "docker", "firewall", "tls", "backup", "observability", "production-readiness"],
    repository: typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url,
};

/** A rule's anchor in docs/rules.md (written there explicitly, so a title change keeps it). */
export function ruleAnchor(ruleId: string): string {
    return ruleId.toLowerCase();
}

/** A rule's documentation URL, when the docs have a published home. */
export function ruleUrl(ruleId: string, docsUrl = RULES_DOC_URL): string | undefined {
    return docsUrl ? `${docsUrl}#${ruleAnchor(ruleId)}` : undefined;
}
