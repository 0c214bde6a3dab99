import * as assert from "assert";
import {
    commandWords,
    containerName,
    envEntries,
    envValue,
    flagValues,
    parseCpuCount,
} from "../../../../../policies/rules/resources/support/container-facts";
import { container, containerProps } from "../../../../helpers/fixture-stack";

describe("container facts (shared readers of the resource rules)", () => {
    it("envEntries: NAME=value split at the first '=', a bare NAME without a value", () => {
        assert.deepStrictEqual(
            envEntries({ ...containerProps("app"), envs: ["A=1", "B=x=y", "C", "=v"] }),
            [
                { name: "A", value: "1" },
                { name: "B", value: "x=y" },
                { name: "C" },
                { name: "", value: "v" },
            ],
        );
        assert.deepStrictEqual(envEntries({ ...containerProps("app"), envs: undefined }), []);
    });
    it("envValue: the last setting wins; a bare name has no value", () => {
        const c = { ...containerProps("app"), envs: ["A=1", "A=2", "B"] };
        assert.strictEqual(envValue(c, "A"), "2");
        assert.strictEqual(envValue(c, "B"), undefined);
    });
    it("commandWords: every part split on whitespace runs, empty words dropped", () => {
        assert.deepStrictEqual(
            commandWords({
                ...containerProps("app"),
                command: ["redis-server  /etc/r.conf", "\t--port\t6379 ", ""],
            }),
            ["redis-server", "/etc/r.conf", "--port", "6379"],
        );
        assert.deepStrictEqual(commandWords({ ...containerProps("app"), command: undefined }), []);
    });
    it("flagValues: '--flag value', '--flag=value', and '' for a flag followed by another flag or nothing", () => {
        assert.deepStrictEqual(
            flagValues(
                ["--include", "/a", "--include=/b", "--include", "--x", "--include"],
                "--include",
            ),
            ["/a", "/b", "", ""],
        );
        assert.deepStrictEqual(flagValues(["--include", "-v"], "--include"), ["-v"]);
        assert.deepStrictEqual(flagValues(["--includes", "/a"], "--include"), []);
    });
    it("parseCpuCount: plain decimals only", () => {
        assert.strictEqual(parseCpuCount(" 0.5 "), 0.5);
        assert.strictEqual(parseCpuCount("12"), 12);
        for (const bad of [undefined, "", "  ", "1.", ".5", "x1", "1x", "1.5.2", "-1"])
            assert.strictEqual(parseCpuCount(bad), undefined, String(bad));
    });
    it("containerName: the deployed name, else the resource name", () => {
        assert.strictEqual(containerName(container("app")), "chom-app");
        assert.strictEqual(
            containerName(container("app", { name: undefined as unknown as string })),
            "app",
        );
    });
});
