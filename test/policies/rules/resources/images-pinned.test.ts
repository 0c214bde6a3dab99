import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import { imagesPinned } from "../../../../policies/rules/resources/images-pinned";
import { builtImage, container, image, SERVICES } from "../../../helpers/fixture-stack";
import { itStackCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeAll, namesIn } from "../../../helpers/rules";

/** The outcome of the rule on the first subject, judged within the given stack. */
function outcome(subjects: Subject[], config: Record<string, unknown> = {}) {
    const all = judgeAll(imagesPinned, subjects, config);
    assert.notStrictEqual(all, "NOT_APPLICABLE");
    return (all as Exclude<typeof all, "NOT_APPLICABLE">).get(subjects[0].name)!;
}

describe("CHOM-RES-014 images pinned", () => {
    itStackCases(imagesPinned, __filename);
    it("passes every compliant remote image and container", () => {
        const stack = SERVICES.flatMap((s) => [image(s), container(s)]);
        assert.deepStrictEqual(namesIn(judgeAll(imagesPinned, stack), "FAIL"), []);
        assert.strictEqual(namesIn(judgeAll(imagesPinned, stack), "PASS").length, stack.length);
    });
    it("judges a container whose image is a RemoteImage output unknown at preview by the RemoteImage's reference", () => {
        const remote = image("app", { name: "ghcr.io/calounx/chom-app:latest" });
        const c = container("app");
        c.props = unknownCheckingProxy({ ...c.props, image: UNKNOWN_SENTINEL });
        c.dependencies = { image: [remote.urn] };
        const o = outcome([c, remote]);
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            'container chom-app (via its image resource): image "ghcr.io/calounx/chom-app:latest" uses the "latest" tag',
        );
    });
    it("does not judge the tag of an image built by the stack (docker.Image): nothing is pulled", () => {
        const built = builtImage("notes-image", { imageName: "notes:latest" });
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
        assertThrowsUnknown((c) => judgeAll(imagesPinned, [c]), container("app"), {
            image: UNKNOWN_SENTINEL,
        });
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
