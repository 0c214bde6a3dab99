import { cisDocker } from "../../lib/frameworks";
import { UnknownValueError } from "../../lib/preview-proxy";
import type { StackRule, Subject, Violation } from "../../lib/rule";
import { ImageIndex, imageIndexOf } from "../../lib/service-identity";
import { ContainerProps, RemoteImageProps, TYPES } from "../../lib/subjects";
import { containerName } from "./support/container-facts";

/** Config of CHOM-RES-014. */
export type ImagesPinnedConfig = {
    /** When true, an image reference without `@sha256:<digest>` is a finding. */
    requireDigest: boolean;
};

const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Tag and digest of an image reference `[registry[:port]/]repo[:tag][@digest]`. */
function splitReference(ref: string): { tag?: string; digest?: string } {
    const at = ref.indexOf("@");
    const named = at < 0 ? ref : ref.slice(0, at);
    const digest = at < 0 ? undefined : ref.slice(at + 1);
    // A colon before the last "/" is a registry port, not a tag.
    const colon = named.indexOf(":", named.lastIndexOf("/") + 1);
    return { tag: colon < 0 ? undefined : named.slice(colon + 1), digest };
}

/** What is wrong with a reference, or [] when it is pinned enough. */
function problems(ref: string, requireDigest: boolean): string[] {
    const trimmed = ref.trim();
    if (trimmed === "") return ["is empty"];
    const { tag, digest } = splitReference(trimmed);
    const found: string[] = [];
    if (digest !== undefined && !DIGEST.test(digest))
        found.push(`has a malformed digest "${digest}" (expected sha256:<64 hex digits>)`);
    if (tag === "") found.push("has an empty tag");
    else if (tag === "latest") found.push('uses the "latest" tag');
    // A digest alone pins the image more strictly than a tag, so it is accepted without one.
    else if (tag === undefined && digest === undefined)
        found.push('has no tag (docker pulls "latest")');
    if (requireDigest && digest === undefined)
        found.push("has no digest (@sha256:...) and config requireDigest is true");
    return found;
}

/** The reference a container runs, and how it was found, or why it needs no pinning. */
function containerReference(
    subject: Subject,
    images: ImageIndex,
): { ref?: string; via?: string; built?: boolean } {
    let image: string | undefined;
    let unknown: Error | undefined;
    try {
        image = (subject.props as ContainerProps).image;
    } catch (e) {
        if (!(e instanceof UnknownValueError)) throw e;
        unknown = e as Error;
    }
    if (images.isBuilt(subject, image)) return { built: true };
    // An image ID (a RemoteImage's imageId) is judged by the reference it came from.
    const resolved = images.referenceOf(subject, image);
    if (resolved !== undefined) return { ref: resolved, via: "its image resource" };
    // Neither readable nor traceable to an image resource of the stack: not evaluable (UNKNOWN).
    if (unknown !== undefined) throw unknown;
    return { ref: image };
}

/**
 * CHOM-RES-014: an unpinned image changes under the stack at the next pull, untested. A stack
 * rule, because what a container runs is often another resource's output: the RemoteImage it
 * pulls (judged by that reference), or an Image built by the stack (nothing is pulled).
 */
export const imagesPinned: StackRule<ImagesPinnedConfig> = {
    id: "CHOM-RES-014",
    policyName: "chom-res-images-pinned",
    title: "Images are pinned to a version tag (digest preferred)",
    category: "Compliance",
    severity: "medium",
    framework: cisDocker(
        "5.28 Ensure that Docker commands always make use of the latest version of their image",
    ),
    description:
        "The `name` of a RemoteImage, and the image reference a container runs (its `image`, or the RemoteImage it comes from), must carry a " +
        'version tag that is not "latest" (or a digest). A digest is preferred; its absence is a finding only when requireDigest is true. ' +
        "An image built by the stack (docker.Image) is not pulled, so its tag is not judged.",
    remediation:
        "Pin `repo:1.2.3`, ideally `repo:1.2.3@sha256:<digest>` (set the digest in the stack file's image table).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: an unpinned or latest image changes under the stack at the next pull, so a routine redeploy or host rebuild can ship an untested version and take the site down; CIS Docker 1.6.0 5.28.",
    appliesTo: [TYPES.image, TYPES.container],
    scope: "stack",
    config: {
        requireDigest: {
            type: "boolean",
            default: false,
            description: "Require an @sha256 digest on every image reference, not only a tag.",
        },
    },
    check(resources, config) {
        const images = imageIndexOf(resources);
        const found: Violation[] = [];
        for (const subject of resources) {
            let ref: string | undefined;
            let what: string;
            if (subject.type === TYPES.image) {
                ref = (subject.props as unknown as RemoteImageProps).name;
                what = `remote image ${subject.name}`;
            } else if (subject.type === TYPES.container) {
                const c = containerReference(subject, images);
                if (c.built) continue;
                ref = c.ref;
                what = `container ${containerName(subject)}${c.via ? " (via its image resource)" : ""}`;
                // An image ID not traceable to a reference is as pinned as it gets.
                if (ref !== undefined && IMAGE_ID.test(ref.trim())) continue;
            } else {
                continue;
            }
            if (ref === undefined) {
                found.push({ urn: subject.urn, message: `${what} has no image reference` });
                continue;
            }
            const shown = ref.length > 120 ? `${ref.slice(0, 117)}...` : ref;
            for (const p of problems(ref, config.requireDigest))
                found.push({ urn: subject.urn, message: `${what}: image "${shown}" ${p}` });
        }
        return found;
    },
};
