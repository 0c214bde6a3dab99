import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../policies/lib/rule";
import { buildAppendix } from "../../../policies/report/appendix";
import { APP_SIZE } from "../../helpers/fixture-evaluation";
import {
    compliantStack,
    container,
    replace,
    server,
    serverProps,
} from "../../helpers/fixture-stack";

const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";

function unknownProps(s: Subject, props: Record<string, unknown>): Subject {
    return {
        ...s,
        props: unknownCheckingProxy({ ...s.props, ...props }) as Record<string, unknown>,
    };
}

describe("report/appendix", () => {
    it("reads the server specs of chom:host:Server", () => {
        // The fixture server's specs, without its root fs size, docker host and URL.
        const { rootFsGb: _fs, dockerHost: _docker, appUrl: _url, ...specs } = serverProps();
        assert.deepStrictEqual(buildAppendix(compliantStack()).server, specs);
    });

    it("sizes every container and names the app, database and cache roles", () => {
        const { containers } = buildAppendix(compliantStack());
        assert.strictEqual(containers.length, 16);
        const byService = new Map(containers.map((c) => [c.service, c]));
        assert.deepStrictEqual(byService.get("app"), APP_SIZE);
        assert.strictEqual(byService.get("mysql")!.role, "database");
        assert.strictEqual(byService.get("redis")!.role, "cache");
        assert.deepStrictEqual(
            containers
                .filter((c) => c.role)
                .map((c) => c.service)
                .sort(),
            ["app", "mysql", "redis"],
        );
        assert.strictEqual("role" in byService.get("nginx")!, false);
    });

    it("reports an unset limit or a zero reservation as null, never 0", () => {
        const stack = replace(
            compliantStack(),
            container("redis", {
                memory: undefined,
                cpus: undefined,
                memoryReservation: 0,
                labels: [{ label: "chom.service", value: "redis" }],
            }),
        );
        const redis = buildAppendix(stack).containers.find((c) => c.service === "redis")!;
        assert.deepStrictEqual(
            [redis.cpus, redis.cpuReservation, redis.memoryMb, redis.memoryReservationMb],
            [null, null, null, null],
        );
    });

    it("turns values unknown at preview into null", () => {
        let stack = replace(
            compliantStack(),
            unknownProps(container("app"), { memory: UNKNOWN_NUMBER, cpus: UNKNOWN_STRING }),
        );
        stack = replace(
            stack,
            unknownProps(container("prometheus"), {
                ports: [{ internal: 9090, external: 9090, ip: UNKNOWN_STRING }],
            }),
        );
        const a = buildAppendix(stack);
        const app = a.containers.find((c) => c.service === "app")!;
        assert.deepStrictEqual(
            [app.cpus, app.memoryMb, app.cpuReservation, app.memoryReservationMb],
            [null, null, 1, 1024],
        );
        // An unknown bind address could be any interface: the endpoint is unknown, not guessed.
        assert.strictEqual(a.endpoints.prometheus, undefined);
        assert.strictEqual(a.endpoints.grafana, "http://10.10.100.20:3000");
    });

    it("reports a server with an unknown spec as null rather than guessing", () => {
        const stack = replace(
            compliantStack(),
            unknownProps(server(), { cpuCores: UNKNOWN_NUMBER }),
        );
        assert.strictEqual(buildAppendix(stack).server, null);
    });

    it("finds the monitoring endpoints from published ports and the application URL", () => {
        assert.deepStrictEqual(buildAppendix(compliantStack()).endpoints, {
            prometheus: "http://10.10.100.20:9090",
            grafana: "http://10.10.100.20:3000",
            loki: "http://10.10.100.20:3100",
            application: "https://chom.example.com",
        });
    });

    it("reaches a port published without an ip at the host address, and leaves out what is not published", () => {
        let stack = replace(
            compliantStack(),
            container("grafana", { ports: [{ internal: 3000, external: 3300 }] }),
        );
        stack = replace(stack, container("loki", { ports: [] }));
        const { endpoints } = buildAppendix(stack);
        assert.strictEqual(endpoints.grafana, "http://10.10.100.20:3300");
        assert.strictEqual("loki" in endpoints, false);
    });

    it("has no server and no application URL without a chom:host:Server", () => {
        const a = buildAppendix(compliantStack().filter((r) => r.type !== "chom:host:Server"));
        assert.strictEqual(a.server, null);
        assert.strictEqual(a.endpoints.application, undefined);
        assert.strictEqual(a.endpoints.prometheus, "http://10.10.100.20:9090");
    });

    it("rejects malformed sizes with the resource and property named", () => {
        assert.throws(() => buildAppendix([container("app", { cpus: "one and a half" })]), {
            message:
                'docker:index/container:Container "app" (urn:pulumi:landsraad_tst::chom::docker:index/container:Container::app): cpus must be a decimal number of cores, got "one and a half"',
        });
        assert.throws(
            () => buildAppendix([container("app", { memory: -1 })]),
            /"app" .*: memory must be a non-negative number, got -1$/,
        );
        assert.throws(
            () => buildAppendix([server({ cpuCores: "four" as unknown as number })]),
            /chom:host:Server "landsraad_tst" .*: cpuCores must be a non-negative number, got "four"/,
        );
    });
});
