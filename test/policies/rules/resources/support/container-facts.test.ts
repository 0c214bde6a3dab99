import * as assert from "assert";
import * as facts from "../../../../../policies/rules/resources/support/container-facts";
import { container, containerProps } from "../../../../helpers/fixture-stack";

describe("container facts (shared readers of the resource rules)", () => {
    it("oneShotFlags: one phrase per input that makes a container a job; none for a service", () => {
        const withInputs = (inputs: Record<string, unknown>) => {
            const c = container("app");
            return { ...c, props: { ...c.props, ...inputs } };
        };
        assert.deepStrictEqual(facts.oneShotFlags(container("app")), []);
        assert.deepStrictEqual(
            facts.oneShotFlags(
                withInputs({ rm: true, attach: true, start: false, mustRun: false }),
            ),
            [
                "rm: true, removed when it exits",
                "attach: true, the provider waits for it to exit",
                "start: false, created but never started",
                "mustRun: false, not required to keep running",
            ],
        );
        assert.deepStrictEqual(facts.oneShotFlags(withInputs({ start: true, mustRun: true })), []);
    });
    it("containerName: the deployed name, else the resource name (also for an empty name)", () => {
        assert.strictEqual(
            facts.containerName(container("nginx", { name: "chom-nginx" })),
            "chom-nginx",
        );
        assert.strictEqual(facts.containerName(container("nginx", { name: "" })), "nginx");
    });
    it("envEntries: NAME=value split at the first '=', a bare NAME without a value", () => {
        assert.deepStrictEqual(
            facts.envEntries({ ...containerProps("app"), envs: ["A=1", "B=x=y", "C", "=v"] }),
            [
                { name: "A", value: "1" },
                { name: "B", value: "x=y" },
                { name: "C" },
                { name: "", value: "v" },
            ],
        );
        assert.deepStrictEqual(facts.envEntries({ ...containerProps("app"), envs: undefined }), []);
    });
    it("envValue: the last setting wins; a bare name has no value", () => {
        const c = { ...containerProps("app"), envs: ["A=1", "A=2", "B"] };
        assert.strictEqual(facts.envValue(c, "A"), "2");
        assert.strictEqual(facts.envValue(c, "B"), undefined);
    });
    it("commandWords: every part split on whitespace runs, empty words dropped", () => {
        assert.deepStrictEqual(
            facts.commandWords({
                ...containerProps("app"),
                command: ["redis-server  /etc/r.conf", "\t--port\t6379 ", ""],
            }),
            ["redis-server", "/etc/r.conf", "--port", "6379"],
        );
        assert.deepStrictEqual(
            facts.commandWords({ ...containerProps("app"), command: undefined }),
            [],
        );
    });
    it("flagValues: '--flag value', '--flag=value', and '' for a flag followed by another flag or nothing", () => {
        assert.deepStrictEqual(
            facts.flagValues(
                ["--include", "/a", "--include=/b", "--include", "--x", "--include"],
                "--include",
            ),
            ["/a", "/b", "", ""],
        );
        assert.deepStrictEqual(facts.flagValues(["--include", "-v"], "--include"), ["-v"]);
        assert.deepStrictEqual(facts.flagValues(["--includes", "/a"], "--include"), []);
    });
    it("parseCpuCount: plain decimals only", () => {
        assert.strictEqual(facts.parseCpuCount(" 0.5 "), 0.5);
        assert.strictEqual(facts.parseCpuCount("12"), 12);
        for (const bad of [undefined, "", "  ", "1.", ".5", "x1", "1x", "1.5.2", "-1"])
            assert.strictEqual(facts.parseCpuCount(bad), undefined, String(bad));
    });
    it("containerName: the deployed name, else the resource name", () => {
        assert.strictEqual(facts.containerName(container("app")), "chom-app");
        assert.strictEqual(
            facts.containerName(container("app", { name: undefined as unknown as string })),
            "app",
        );
    });
});
