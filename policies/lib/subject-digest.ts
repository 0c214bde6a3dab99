/**
 * The attestation's subject digest: sha256 of the evaluated resources, defined so that anyone
 * can recompute it from a `pulumi stack export` file (README, "Subject digest"):
 *
 *   1. take `deployment.resources`, leaving out those marked `"delete": true`;
 *   2. per resource, `{"type": type, "urn": urn, "props": inputs}` (`{}` when it has no inputs);
 *   3. in props, replace every Pulumi secret (an object whose key
 *      `4dabf18193072939515e22adb298388d` is `1b47061264138c4ac30d75fd1eb44270`) by that one
 *      key alone, dropping its `ciphertext`/`plaintext`/`value`;
 *   4. sort the list by URN (UTF-16 code units, as RFC 8785 sorts keys);
 *   5. serialise as RFC 8785 (JCS) canonical JSON, UTF-8, and take its sha256 (hex).
 *
 * Step 3 is why a preview, its `--export-state` file and `--state` of that file agree: a secret
 * is opaque (its ciphertext changes with every encryption, and a preview may know the value a
 * secret derives from while an export only holds ciphertext), so only "a secret is here" is
 * digested, never its content.
 */
import { SECRET_SIG, SIG_KEY } from "../certify/recorded";
import { canonicalJson, unproxied } from "./canonical-json";
import { sha256Of } from "./pack-digest";

/** A resource as the digest sees it. */
export interface DigestedResource {
    /** Pulumi type token. */
    type: string;
    /** Resource URN. */
    urn: string;
    /** Its inputs (post-Check), secrets as Pulumi's signature objects; may be the preview proxy. */
    props: unknown;
}

/** The value with every secret reduced to its signature (step 3), proxies removed. */
export function opaqueSecrets(value: unknown): unknown {
    const v = unproxied(value);
    if (Array.isArray(v)) return v.map(opaqueSecrets);
    if (v !== null && typeof v === "object") {
        const obj = v as Record<string, unknown>;
        if (obj[SIG_KEY] === SECRET_SIG) return { [SIG_KEY]: SECRET_SIG };
        return Object.fromEntries(Object.keys(obj).map((k) => [k, opaqueSecrets(obj[k])]));
    }
    return v;
}

/** One resource's element of the canonical list (steps 2, 3 and 5 for one resource). */
export function digestEntry(r: DigestedResource): string {
    return canonicalJson({ type: r.type, urn: r.urn, props: opaqueSecrets(r.props ?? {}) });
}

/**
 * The canonical list of resources' entries (steps 4 and 5): sorted by URN and joined as RFC 8785
 * writes an array. Entries can so be made one at a time, as each resource's inputs become final.
 */
export function canonicalListOf(entries: readonly { urn: string; entry: string }[]): string {
    const sorted = [...entries].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return `[${sorted.map((e) => e.entry).join(",")}]`;
}

/** The canonical text the subject digest is the sha256 of (steps 2 to 5). */
export function subjectDigestText(resources: readonly DigestedResource[]): string {
    return canonicalListOf(resources.map((r) => ({ urn: r.urn, entry: digestEntry(r) })));
}

/** sha256 (hex) of the canonical JSON of [{type, urn, props}] sorted by URN, secrets opaque. */
export function subjectDigest(resources: readonly DigestedResource[]): string {
    return sha256Of(subjectDigestText(resources));
}

/** A `pulumi stack export` document (or its bare `deployment`) as the digest reads it (step 1). */
export function exportedResources(doc: unknown): DigestedResource[] {
    const d = doc as { deployment?: { resources?: unknown }; resources?: unknown } | null;
    const list = (d?.deployment ?? d)?.resources;
    if (!Array.isArray(list))
        throw new Error('"deployment.resources" is missing: not a `pulumi stack export` file');
    const out: DigestedResource[] = [];
    (list as { urn?: unknown; type?: unknown; inputs?: unknown; delete?: unknown }[]).forEach(
        (r, i) => {
            if (typeof r?.urn !== "string" || typeof r?.type !== "string")
                throw new Error(`deployment.resources[${i}]: "urn" and "type" must be strings`);
            if (r.delete !== true) out.push({ type: r.type, urn: r.urn, props: r.inputs ?? {} });
        },
    );
    return out;
}
