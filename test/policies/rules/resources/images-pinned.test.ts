import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { imagesPinned } from "../../../../policies/rules/resources/images-pinned";
import { container, image, SERVICES } from "../../../fixtures/stack";
import { judgeOne } from "../../../helpers/rules";

const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("CHOM-RES-014 images pinned", () => {
    it("passes every compliant remote image and container", () => {
        for (const s of SERVICES) {
            assert.strictEqual(judgeOne(imagesPinned, image(s)).state, "PASS", s);
            assert.strictEqual(judgeOne(imagesPinned, container(s)).state, "PASS", s);
        }
    });
    it("passes an image ID, a digest-only reference and a registry with a port", () => {
        assert.strictEqual(judgeOne(imagesPinned, container("app", { image: DIGEST })).state, "PASS");
        assert.strictEqual(judgeOne(imagesPinned, container("nginx", { image: `nginx@${DIGEST}` })).state, "PASS");
        assert.strictEqual(judgeOne(imagesPinned, container("app", { image: "registry.local:5000/chom-app:1.4.2" })).state, "PASS");
    });
    it('fails the "latest" tag on a remote image', () => {
        const o = judgeOne(imagesPinned, image("nginx", { name: "nginx:latest" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, 'remote image nginx-image: image "nginx:latest" uses the "latest" tag');
    });
    it("fails a container image without a tag (a registry port is not a tag)", () => {
        assert.strictEqual(judgeOne(imagesPinned, container("nginx", { image: "nginx" })).message, 'container chom-nginx: image "nginx" has no tag (docker pulls "latest")');
        assert.strictEqual(
            judgeOne(imagesPinned, container("app", { image: "registry.local:5000/chom-app" })).message,
            'container chom-app: image "registry.local:5000/chom-app" has no tag (docker pulls "latest")',
        );
    });
    it("fails a malformed digest", () => {
        const o = judgeOne(imagesPinned, image("redis", { name: "redis:7.4.1-alpine@sha256:abc" }));
        assert.strictEqual(o.message, 'remote image redis-image: image "redis:7.4.1-alpine@sha256:abc" has a malformed digest "sha256:abc" (expected sha256:<64 hex digits>)');
    });
    it("requires a digest only when config requireDigest is true", () => {
        const c = container("nginx");
        assert.strictEqual(judgeOne(imagesPinned, c).state, "PASS");
        const o = judgeOne(imagesPinned, c, { requireDigest: true });
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, 'container chom-nginx: image "nginx:1.27.3-alpine" has no digest (@sha256:...) and config requireDigest is true');
        assert.strictEqual(judgeOne(imagesPinned, image("nginx"), { requireDigest: true }).state, "PASS");
    });
    it("is not applicable to a container whose image is a RemoteImage output unknown at preview (the RemoteImage is judged)", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({ ...c.props, image: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        const o = judgeOne(imagesPinned, c);
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.match(o.message, /judged on the RemoteImage/);
    });
    it("fails an empty or blank reference, an empty tag and a missing reference", () => {
        assert.strictEqual(judgeOne(imagesPinned, image("nginx", { name: "  " })).message, 'remote image nginx-image: image "  " is empty');
        assert.strictEqual(judgeOne(imagesPinned, container("nginx", { image: "nginx:" })).message, 'container chom-nginx: image "nginx:" has an empty tag');
        assert.strictEqual(judgeOne(imagesPinned, container("nginx", { image: undefined as unknown as string })).message, "container chom-nginx has no image reference");
        assert.strictEqual(judgeOne(imagesPinned, image("nginx", { name: undefined as unknown as string })).message, "remote image nginx-image has no image reference");
    });
    it("reads the tag after the last '/', before any digest; a padded image ID is an ID", () => {
        assert.strictEqual(judgeOne(imagesPinned, container("app", { image: ` ${DIGEST} ` })).state, "PASS");
        assert.strictEqual(judgeOne(imagesPinned, image("app", { name: ` registry.local:5000/chom-app:1.4.2@${DIGEST} ` })).state, "PASS");
        assert.strictEqual(
            judgeOne(imagesPinned, container("app", { image: `registry.local:5000/chom-app@${DIGEST}` }), { requireDigest: true }).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(imagesPinned, container("app", { image: "registry.local:5000/chom-app:1.4.2@sha256:xyz" })).message,
            'container chom-app: image "registry.local:5000/chom-app:1.4.2@sha256:xyz" has a malformed digest "sha256:xyz" (expected sha256:<64 hex digits>)',
        );
        assert.strictEqual(
            judgeOne(imagesPinned, container("app", { image: "@sha256:xyz" })).message,
            'container chom-app: image "@sha256:xyz" has a malformed digest "sha256:xyz" (expected sha256:<64 hex digits>)',
        );
    });
    it("shortens a reference longer than 120 characters in the message; 120 are shown whole", () => {
        const long = `registry.local/${"a".repeat(110)}:latest`;
        assert.strictEqual(long.length, 132);
        assert.strictEqual(judgeOne(imagesPinned, container("app", { image: long })).message, `container chom-app: image "${long.slice(0, 117)}..." uses the "latest" tag`);
        const exact = `r/${"b".repeat(111)}:latest`;
        assert.strictEqual(exact.length, 120);
        assert.strictEqual(judgeOne(imagesPinned, container("app", { image: exact })).message, `container chom-app: image "${exact}" uses the "latest" tag`);
    });
});
