import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import { TYPES } from "../../../../policies/lib/subjects";
import { imagesPinned } from "../../../../policies/rules/resources/images-pinned";
import { container, image, SERVICES } from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The outcome of the rule on the first subject, judged within the given stack. */
function outcome(subjects: Subject[], config: Record<string, unknown> = {}) {
    const all = judgeAll(imagesPinned, subjects, config);
    assert.notStrictEqual(all, "NOT_APPLICABLE");
    return (all as Exclude<typeof all, "NOT_APPLICABLE">).get(subjects[0].name)!;
}

describe("CHOM-RES-014 images pinned", () => {
    it("passes every compliant remote image and container", () => {
        const stack = SERVICES.flatMap((s) => [image(s), container(s)]);
        assert.deepStrictEqual(namesIn(judgeAll(imagesPinned, stack), "FAIL"), []);
        assert.strictEqual(namesIn(judgeAll(imagesPinned, stack), "PASS").length, stack.length);
    });
    it("passes an image ID, a digest-only reference and a registry with a port", () => {
        assert.strictEqual(outcome([container("app", { image: DIGEST })]).state, "PASS");
        assert.strictEqual(
            outcome([container("nginx", { image: `nginx@${DIGEST}` })]).state,
            "PASS",
        );
        assert.strictEqual(
            outcome([container("app", { image: "registry.local:5000/chom-app:1.4.2" })]).state,
            "PASS",
        );
    });
    it('fails the "latest" tag on a remote image', () => {
        const o = outcome([image("nginx", { name: "nginx:latest" })]);
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'remote image nginx-image: image "nginx:latest" uses the "latest" tag',
        );
    });
    it("fails a container image without a tag (a registry port is not a tag)", () => {
        assert.strictEqual(
            outcome([container("nginx", { image: "nginx" })]).message,
            'container chom-nginx: image "nginx" has no tag (docker pulls "latest")',
        );
        assert.strictEqual(
            outcome([container("app", { image: "registry.local:5000/chom-app" })]).message,
            'container chom-app: image "registry.local:5000/chom-app" has no tag (docker pulls "latest")',
        );
    });
    it("fails a malformed digest", () => {
        const o = outcome([image("redis", { name: "redis:7.4.1-alpine@sha256:abc" })]);
        assert.strictEqual(
            o.message,
            'remote image redis-image: image "redis:7.4.1-alpine@sha256:abc" has a malformed digest "sha256:abc" (expected sha256:<64 hex digits>)',
        );
    });
    it("requires a digest only when config requireDigest is true", () => {
        const c = container("nginx");
        assert.strictEqual(outcome([c]).state, "PASS");
        const o = outcome([c], { requireDigest: true });
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'container chom-nginx: image "nginx:1.27.3-alpine" has no digest (@sha256:...) and config requireDigest is true',
        );
        assert.strictEqual(outcome([image("nginx")], { requireDigest: true }).state, "PASS");
    });
    it("judges a container whose image is a RemoteImage output unknown at preview by the RemoteImage's reference", () => {
        const remote = image("app", { name: "ghcr.io/calounx/chom-app:latest" });
        const c = container("app");
        c.props = unknownCheckingProxy({ ...c.props, image: UNKNOWN });
        c.dependencies = { image: [remote.urn] };
        const o = outcome([c, remote]);
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'container chom-app (via its image resource): image "ghcr.io/calounx/chom-app:latest" uses the "latest" tag',
        );
    });
    it("judges an image ID from a state export by the RemoteImage whose imageId it is", () => {
        const remote = image("nginx", { name: "nginx" });
        remote.props.imageId = DIGEST;
        const o = outcome([container("nginx", { image: DIGEST }), remote]);
        assert.strictEqual(
            o.message,
            'container chom-nginx (via its image resource): image "nginx" has no tag (docker pulls "latest")',
        );
    });
    it("does not judge the tag of an image built by the stack (docker.Image): nothing is pulled", () => {
        const built: Subject = {
            type: TYPES.builtImage,
            name: "notes-image",
            urn: "urn:pulumi:s::p::docker:index/image:Image::notes-image",
            props: { imageName: "notes:latest" },
        };
        assert.strictEqual(
            outcome([container("app", { image: "notes:latest" }), built]).state,
            "PASS",
        );
        assert.strictEqual(
            outcome([container("app", { image: "notes:latest" })]).state,
            "FAIL",
            "without the Image resource, notes:latest is pulled",
        );
    });
    it("is UNKNOWN (throws) when a container's image is unknown and comes from no image resource of the stack", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({ ...c.props, image: UNKNOWN });
        assert.throws(
            () => judgeAll(imagesPinned, [c]),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
    it("fails an empty or blank reference, an empty tag and a missing reference", () => {
        assert.strictEqual(
            outcome([image("nginx", { name: "  " })]).message,
            'remote image nginx-image: image "  " is empty',
        );
        assert.strictEqual(
            outcome([container("nginx", { image: "nginx:" })]).message,
            'container chom-nginx: image "nginx:" has an empty tag',
        );
        assert.strictEqual(
            outcome([container("nginx", { image: undefined as unknown as string })]).message,
            "container chom-nginx has no image reference",
        );
        assert.strictEqual(
            outcome([image("nginx", { name: undefined as unknown as string })]).message,
            "remote image nginx-image has no image reference",
        );
    });
    it("reads the tag after the last '/', before any digest; a padded image ID is an ID", () => {
        assert.strictEqual(outcome([container("app", { image: ` ${DIGEST} ` })]).state, "PASS");
        assert.strictEqual(
            outcome([image("app", { name: ` registry.local:5000/chom-app:1.4.2@${DIGEST} ` })])
                .state,
            "PASS",
        );
        assert.strictEqual(
            outcome([container("app", { image: `registry.local:5000/chom-app@${DIGEST}` })], {
                requireDigest: true,
            }).state,
            "PASS",
        );
        assert.strictEqual(
            outcome([container("app", { image: "registry.local:5000/chom-app:1.4.2@sha256:xyz" })])
                .message,
            'container chom-app: image "registry.local:5000/chom-app:1.4.2@sha256:xyz" has a malformed digest "sha256:xyz" (expected sha256:<64 hex digits>)',
        );
        assert.strictEqual(
            outcome([container("app", { image: "@sha256:xyz" })]).message,
            'container chom-app: image "@sha256:xyz" has a malformed digest "sha256:xyz" (expected sha256:<64 hex digits>)',
        );
    });
    it("shortens a reference longer than 120 characters in the message; 120 are shown whole", () => {
        const long = `registry.local/${"a".repeat(110)}:latest`;
        assert.strictEqual(long.length, 132);
        assert.strictEqual(
            outcome([container("app", { image: long })]).message,
            `container chom-app: image "${long.slice(0, 117)}..." uses the "latest" tag`,
        );
        const exact = `r/${"b".repeat(111)}:latest`;
        assert.strictEqual(exact.length, 120);
        assert.strictEqual(
            outcome([container("app", { image: exact })]).message,
            `container chom-app: image "${exact}" uses the "latest" tag`,
        );
    });
});
