import * as assert from "assert";
import { prometheusAdminApisOff } from "../../../../policies/rules/observability/prometheus-admin-apis-off";
import { TYPES } from "../../../../policies/lib/subjects";
import type { Outcome } from "../../../../policies/lib/judge";
import {
    compliantStack,
    container,
    containerProps,
    monitoring,
    replace,
} from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";

type Outcomes = Map<string, Outcome>;
const withFlags = (...flags: string[]) =>
    container("prometheus", { command: [...containerProps("prometheus").command!, ...flags] });

describe("CHOM-OBS-005 Prometheus admin and lifecycle APIs", () => {
    it("passes the compliant stack, on the Monitoring resource", () => {
        assert.deepStrictEqual(
            namesIn(judgeAll(prometheusAdminApisOff, compliantStack()), "PASS"),
            ["landsraad_tst-monitoring"],
        );
    });
    it("fails the original: both flags on, no authentication, naming the container", () => {
        const stack = replace(
            replace(
                compliantStack(),
                withFlags("--web.enable-admin-api", "--web.enable-lifecycle"),
            ),
            monitoring({ prometheusAuth: false }),
        );
        const out = judgeAll(prometheusAdminApisOff, stack) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["prometheus"]);
        assert.strictEqual(
            out.get("prometheus")!.message,
            "container chom-prometheus enables --web.enable-admin-api and --web.enable-lifecycle without authentication (prometheusAuth false)",
        );
    });
    it("fails when the Monitoring resource declares the APIs on without authentication", () => {
        const out = judgeAll(
            prometheusAdminApisOff,
            replace(
                compliantStack(),
                monitoring({ prometheusAuth: false, prometheusLifecycleApi: true }),
            ),
        ) as Outcomes;
        assert.deepStrictEqual(namesIn(out, "FAIL"), ["landsraad_tst-monitoring"]);
        assert.strictEqual(
            out.get("landsraad_tst-monitoring")!.message,
            "monitoring landsraad_tst-monitoring turns on the Prometheus lifecycle API without authentication (prometheusAuth false)",
        );
    });
    it("passes the flags behind authentication", () => {
        const stack = replace(
            replace(compliantStack(), withFlags("--web.enable-lifecycle")),
            monitoring({ prometheusAuth: true, prometheusLifecycleApi: true }),
        );
        assert.deepStrictEqual(namesIn(judgeAll(prometheusAdminApisOff, stack), "FAIL"), []);
    });
    it("reads --flag=false and --no-flag as off, and a single shell-style command string", () => {
        const noAuth = monitoring({ prometheusAuth: false });
        const off = replace(
            replace(
                compliantStack(),
                withFlags(
                    "--web.enable-admin-api=false",
                    "--web.enable-lifecycle",
                    "--no-web.enable-lifecycle",
                ),
            ),
            noAuth,
        );
        assert.deepStrictEqual(namesIn(judgeAll(prometheusAdminApisOff, off), "FAIL"), []);
        const shell = replace(
            replace(
                compliantStack(),
                container("prometheus", {
                    command: ["prometheus --config.file=/etc/p.yml --web.enable-admin-api=true"],
                }),
            ),
            noAuth,
        );
        assert.strictEqual(
            (judgeAll(prometheusAdminApisOff, shell) as Outcomes).get("prometheus")!.message,
            "container chom-prometheus enables --web.enable-admin-api without authentication (prometheusAuth false)",
        );
    });
    it("without a Monitoring resource, an enabled flag fails on the container", () => {
        const stack = replace(compliantStack(), withFlags("--web.enable-admin-api")).filter(
            (r) => r.type !== TYPES.monitoring,
        );
        const out = judgeAll(prometheusAdminApisOff, stack) as Outcomes;
        assert.strictEqual(
            out.get("prometheus")!.message,
            "container chom-prometheus enables --web.enable-admin-api without authentication (no Monitoring declares prometheusAuth)",
        );
    });
    it("config prometheusServices: a Prometheus under another service name is judged", () => {
        const renamed = container("prometheus", {
            labels: [{ label: "chom.service", value: "metrics" }],
            command: ["--web.enable-admin-api"],
        });
        const stack = replace(
            replace(compliantStack(), renamed),
            monitoring({ prometheusAuth: false }),
        );
        assert.deepStrictEqual(namesIn(judgeAll(prometheusAdminApisOff, stack), "FAIL"), []);
        assert.deepStrictEqual(
            namesIn(
                judgeAll(prometheusAdminApisOff, stack, { prometheusServices: ["metrics"] }),
                "FAIL",
            ),
            ["prometheus"],
        );
    });
    it("splits command parts on any whitespace, skips empty tokens and reads a non-list command as none", () => {
        const noAuth = monitoring({ prometheusAuth: false });
        const tabs = replace(
            replace(
                compliantStack(),
                container("prometheus", {
                    command: ["prometheus\t--web.enable-lifecycle  --config.file=x", ""],
                }),
            ),
            noAuth,
        );
        assert.strictEqual(
            (judgeAll(prometheusAdminApisOff, tabs) as Outcomes).get("prometheus")!.message,
            "container chom-prometheus enables --web.enable-lifecycle without authentication (prometheusAuth false)",
        );
        const none = replace(
            replace(compliantStack(), container("prometheus", { command: undefined })),
            noAuth,
        );
        assert.deepStrictEqual(namesIn(judgeAll(prometheusAdminApisOff, none), "FAIL"), []);
    });
    it("names both APIs a Monitoring resource turns on, and the admin API alone", () => {
        const both = judgeAll(
            prometheusAdminApisOff,
            replace(
                compliantStack(),
                monitoring({
                    prometheusAuth: false,
                    prometheusAdminApi: true,
                    prometheusLifecycleApi: true,
                }),
            ),
        ) as Outcomes;
        assert.strictEqual(
            both.get("landsraad_tst-monitoring")!.message,
            "monitoring landsraad_tst-monitoring turns on the Prometheus admin API and lifecycle API without authentication (prometheusAuth false)",
        );
        const admin = judgeAll(
            prometheusAdminApisOff,
            replace(
                compliantStack(),
                monitoring({ prometheusAuth: false, prometheusAdminApi: true }),
            ),
        ) as Outcomes;
        assert.strictEqual(
            admin.get("landsraad_tst-monitoring")!.message,
            "monitoring landsraad_tst-monitoring turns on the Prometheus admin API without authentication (prometheusAuth false)",
        );
    });
});
