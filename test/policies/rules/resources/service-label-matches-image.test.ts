import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { serviceLabelMatchesImage } from "../../../../policies/rules/resources/service-label-matches-image";
import type { Subject } from "../../../../policies/lib/rule";
import { TYPES } from "../../../../policies/lib/subjects";
import {
    compliantStack,
    container,
    containerProps,
    image,
    replace,
} from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const IMAGE_ID = `sha256:${"cd".repeat(32)}`;
const relabel = (service: string, label: string, p: Parameters<typeof container>[1] = {}) =>
    container(service, {
        labels: containerProps(service).labels!.map((l) =>
            l.label === "chom.service" ? { ...l, value: label } : l,
        ),
        ...p,
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
    it("passes every container of the compliant stack (the app image under queue and scheduler labels included)", () => {
        const out = judgeAll(serviceLabelMatchesImage, compliantStack());
        assert.notStrictEqual(out, "NOT_APPLICABLE");
        assert.deepStrictEqual(namesIn(out, "FAIL"), []);
        assert.strictEqual(
            namesIn(out, "PASS").length,
            compliantStack().filter((r) => r.type === TYPES.container).length,
        );
    });
    it("fails Redis labelled app (the label would take it out of the Redis rules)", () => {
        const out = judgeAll(
            serviceLabelMatchesImage,
            replace(compliantStack(), relabel("redis", "app")),
        );
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["redis"]);
        assert.strictEqual(
            (out as Map<string, { message: string }>).get("redis")!.message,
            "container chom-redis: label chom.service=app but the image redis runs redis; the label must not contradict the image (set it to redis or remove it)",
        );
    });
    it("resolves an image unknown during preview through its RemoteImage", () => {
        const stack = compliantStack();
        const img = stack.find((r) => r.name === "mysql-image")!;
        const c = fromRemoteImage(relabel("mysql", "backup"), img.urn, UNKNOWN);
        const out = judgeAll(serviceLabelMatchesImage, replace(stack, c));
        assert.strictEqual(
            (out as Map<string, { message: string }>).get("mysql")!.message,
            "container chom-mysql: label chom.service=backup but the image mysql runs mysql; the label must not contradict the image (set it to mysql or remove it)",
        );
    });
    it("resolves an image ID from a state export through the RemoteImage's imageId", () => {
        const stack = replace(compliantStack(), image("grafana", { name: "phpmyadmin:5.2.1" }));
        const img = stack.find((r) => r.name === "grafana-image")!;
        img.props.imageId = IMAGE_ID;
        const out = judgeAll(
            serviceLabelMatchesImage,
            replace(stack, relabel("grafana", "grafana", { image: IMAGE_ID })),
        );
        assert.strictEqual(
            (out as Map<string, { message: string }>).get("grafana")!.message,
            "container chom-grafana: label chom.service=grafana but the image phpmyadmin runs phpmyadmin; the label must not contradict the image (set it to phpmyadmin or remove it)",
        );
    });
    it("passes a label on an image the catalogue does not know, and a container without a label", () => {
        const custom = relabel("app", "mysql", { image: "registry.example.com/acme/thing:1" });
        const unlabelled = container("redis", { labels: [] });
        const out = judgeAll(
            serviceLabelMatchesImage,
            replace(replace(compliantStack(), custom), unlabelled),
        );
        assert.deepStrictEqual(namesIn(out, "FAIL"), []);
    });
    it("is UNKNOWN (throws) when a labelled container's image is unknown and nothing resolves it", () => {
        const c = relabel("redis", "app");
        c.props = unknownCheckingProxy({ ...c.props, image: UNKNOWN });
        assert.throws(() => judgeAll(serviceLabelMatchesImage, [c]), UnknownValueError);
    });
    it("config equivalent: a site's own label for a service is accepted with a reason", () => {
        const stack = replace(compliantStack(), relabel("mysql", "db"));
        assert.deepStrictEqual(namesIn(judgeAll(serviceLabelMatchesImage, stack), "FAIL"), [
            "mysql",
        ]);
        const ok = judgeAll(serviceLabelMatchesImage, stack, {
            equivalent: [{ label: "db", service: "mysql", reason: "site naming" }],
        });
        assert.deepStrictEqual(namesIn(ok, "FAIL"), []);
        const wrong = judgeAll(serviceLabelMatchesImage, stack, {
            equivalent: [{ label: "db", service: "postgres", reason: "site naming" }],
        });
        assert.deepStrictEqual(namesIn(wrong, "FAIL"), ["mysql"]);
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
