import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { serviceLabelMatchesImage } from "../../../../policies/rules/resources/service-label-matches-image";
import type { Subject } from "../../../../policies/lib/rule";
import { TYPES } from "../../../../policies/lib/subjects";
import { compliantStack, container, containerProps, replace } from "../../../helpers/fixture-stack";
import { itStackCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeAll } from "../../../helpers/rules";

const relabel = (service: string, label: string) =>
    container(service, {
        labels: containerProps(service).labels!.map((l) =>
            l.label === "chom.service" ? { ...l, value: label } : l,
        ),
    });

/**
 * A container whose image is the RemoteImage's imageId: unknown in preview, resolved through its
 * dependency.
 */
function fromRemoteImage(c: Subject, imageUrn: string, imageValue: string): Subject {
    return {
        ...c,
        props: unknownCheckingProxy({ ...c.props, image: imageValue }),
        dependencies: { image: [imageUrn] },
    };
}

describe("CHOM-RES-024 service label agrees with the image", () => {
    itStackCases(serviceLabelMatchesImage, __filename);
    it("resolves an image unknown during preview through its RemoteImage", () => {
        const stack = compliantStack();
        const img = stack.find((r) => r.name === "mysql-image")!;
        const c = fromRemoteImage(relabel("mysql", "backup"), img.urn, UNKNOWN_SENTINEL);
        const out = judgeAll(serviceLabelMatchesImage, replace(stack, c));
        assert.strictEqual(
            (out as Map<string, { message: string }>).get("mysql")!.message,
            "container chom-mysql: label chom.service=backup but the image mysql runs mysql; the label must not contradict the image (set it to mysql or remove it)",
        );
    });
    it("is UNKNOWN (throws) when a labelled container's image is unknown and nothing resolves it", () => {
        assertThrowsUnknown(
            (c) => judgeAll(serviceLabelMatchesImage, [c]),
            relabel("redis", "app"),
            {
                image: UNKNOWN_SENTINEL,
            },
        );
    });
    it("answers once for a stack without containers (not applicable)", () => {
        assert.strictEqual(
            judgeAll(
                serviceLabelMatchesImage,
                compliantStack().filter(
                    (r) => r.type !== TYPES.container && r.type !== TYPES.server,
                ),
            ),
            "NOT_APPLICABLE",
        );
    });
});
