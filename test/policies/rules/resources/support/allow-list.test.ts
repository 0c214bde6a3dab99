import * as assert from "assert";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import {
    Allowance,
    allowanceNames,
    allowancesFor,
    allowListFindings,
    allowListProperty,
} from "../../../../../policies/rules/resources/support/allow-list";
import type { Subject } from "../../../../../policies/lib/rule";
import type { ContainerProps } from "../../../../../policies/lib/subjects";
import { container } from "../../../../helpers/fixture-stack";

/** The preview's placeholder for a value not known yet. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A container `x1` nothing identifies: image unknown, no label, no service name. */
function unidentified(securityOpts = ["no-new-privileges:true"]): Subject {
    const c = container("app", { name: "x1", labels: [], securityOpts });
    c.name = "x1";
    c.props = unknownCheckingProxy({ ...c.props, image: UNKNOWN });
    return c;
}

describe("allow list (the per-service exemptions of the CIS rules)", () => {
    it("names a container by its docker name and by the service its image runs", () => {
        assert.deepStrictEqual(allowanceNames(container("nginx")), ["chom-nginx", "nginx"]);
        assert.deepStrictEqual(allowanceNames(container("mysql")), ["chom-mysql", "mysql"]);
    });

    it("a chom.service label cannot widen an allowance beyond what the image runs", () => {
        const c = container("nginx", { labels: [{ label: "chom.service", value: "mysql" }] });
        assert.deepStrictEqual(allowanceNames(c), ["chom-nginx", "nginx"]);
    });

    it("throws UnknownValueError (UNKNOWN, never a pass) when nothing can say what runs", () => {
        assert.throws(
            () => allowanceNames(unidentified()),
            (e: Error) =>
                e instanceof UnknownValueError &&
                e.message ===
                    "the image of container x1 is unknown and neither its name nor a chom.service label says what it runs",
        );
    });

    it("allowancesFor keeps the entries for this container, by docker name or by service", () => {
        const list = [
            { service: "nginx", reason: "a" },
            { service: "chom-nginx", reason: "b" },
            { service: "mysql", reason: "c" },
        ];
        assert.deepStrictEqual(
            allowancesFor(container("nginx"), list).map((a) => a.reason),
            ["a", "b"],
        );
        assert.deepStrictEqual(allowancesFor(container("redis"), list), []);
    });

    it("allowancesFor does not resolve identity for an empty list (so an unknown image is no UNKNOWN)", () => {
        assert.deepStrictEqual(allowancesFor(unidentified(), []), []);
        assert.throws(
            () => allowancesFor(unidentified(), [{ service: "x1", reason: "r" }]),
            UnknownValueError,
        );
    });

    describe("allowListFindings", () => {
        /** Flags securityOpts starting with "bad"; an allowance naming the option excuses it. */
        const check = {
            items: (c: ContainerProps) => c.securityOpts ?? [],
            hit: (opt: string) => (opt.startsWith("bad") ? opt : undefined),
            excuses: (a: Allowance & { option: string }, opt: string) => a.option === opt,
            message: (opt: string, name: string) => `container ${name}: ${opt}`,
        };

        it("reports every hit no allowance of this container excuses, in order, by display name", () => {
            const c = container("nginx", { securityOpts: ["bad-1", "good", "bad-2", "bad-3"] });
            const allowed = [
                { service: "nginx", option: "bad-2", reason: "r" },
                { service: "mysql", option: "bad-3", reason: "r" },
            ];
            assert.deepStrictEqual(allowListFindings(c, allowed, check), [
                { message: "container chom-nginx: bad-1" },
                { message: "container chom-nginx: bad-3" },
            ]);
        });

        it("resolves who the container is at its first hit only (no hit, no UNKNOWN)", () => {
            const allowed = [{ service: "x1", option: "bad", reason: "r" }];
            assert.deepStrictEqual(allowListFindings(unidentified(), allowed, check), []);
            assert.throws(
                () => allowListFindings(unidentified(["good", "bad"]), allowed, check),
                UnknownValueError,
            );
        });
    });

    it("allowListProperty is an array of { service, <key>, reason }, all required, nothing else", () => {
        const p = allowListProperty("capability", "The capability.", "Who may add what.");
        assert.deepStrictEqual(
            [p.type, p.default, p.description],
            ["array", [], "Who may add what."],
        );
        const items = p.items as {
            properties: Record<string, { type: string; minLength: number; description: string }>;
            required: string[];
            additionalProperties: boolean;
        };
        assert.deepStrictEqual(Object.keys(items.properties), ["service", "capability", "reason"]);
        assert.deepStrictEqual(items.required, ["service", "capability", "reason"]);
        assert.strictEqual(items.additionalProperties, false);
        assert.strictEqual(items.properties.capability.description, "The capability.");
        for (const prop of Object.values(items.properties)) assert.strictEqual(prop.minLength, 1);
    });
});
