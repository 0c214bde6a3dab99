import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import { phpFpmFitsContainer } from "../../../../policies/rules/resources/php-fpm-fits-container";
import { container } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

const fpm = (children: string, limit: string) => ({
    envs: [
        `PHP_FPM_PM_MAX_CHILDREN=${children}`,
        `PHP_MEMORY_LIMIT=${limit}`,
        "APP_ENV=production",
    ],
});

describe("CHOM-RES-006 PHP-FPM fits its container", () => {
    it("passes the compliant app (10 x 128 MB in 1536 MB less 10%)", () => {
        assert.strictEqual(judgeOne(phpFpmFitsContainer, container("app")).state, "PASS");
    });
    it("is not applicable to a container without the FPM environment", () => {
        const o = judgeOne(phpFpmFitsContainer, container("nginx"));
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(
            o.message,
            "no PHP_FPM_PM_MAX_CHILDREN and PHP_MEMORY_LIMIT in the environment: not a PHP-FPM container",
        );
    });
    it("fails the original design: 50 children x 256M", () => {
        const o = judgeOne(phpFpmFitsContainer, container("app", fpm("50", "256M")));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            "container chom-app: PHP-FPM 50 children x 256 MB PHP_MEMORY_LIMIT = 12800 MB exceeds 1382.4 MB, the 1536 MB memory limit less 10% for the master process and opcache",
        );
    });
    it("takes headroomPercent from config (12 x 128 MB = 1536 MB fits only with no headroom)", () => {
        const c = container("app", fpm("12", "128M"));
        assert.strictEqual(judgeOne(phpFpmFitsContainer, c).state, "FAIL");
        assert.strictEqual(judgeOne(phpFpmFitsContainer, c, { headroomPercent: 0 }).state, "PASS");
    });
    it("fails an unlimited memory_limit", () => {
        const o = judgeOne(phpFpmFitsContainer, container("app", fpm("10", "-1")));
        assert.strictEqual(
            o.message,
            "container chom-app has PHP_MEMORY_LIMIT=-1 (unlimited): 10 PHP-FPM children cannot be bounded; set a memory_limit such as 128M",
        );
    });
    it("fails malformed values with a clear message", () => {
        assert.strictEqual(
            judgeOne(phpFpmFitsContainer, container("app", fpm("lots", "128M"))).message,
            'container chom-app has PHP_FPM_PM_MAX_CHILDREN="lots", which is not a positive whole number',
        );
        assert.strictEqual(
            judgeOne(phpFpmFitsContainer, container("app", fpm("10", "128MB"))).message,
            'container chom-app has PHP_MEMORY_LIMIT: php memory size "128MB" has unknown unit "MB" (expected a whole number with an optional K, M or G suffix (or -1))',
        );
    });
    it("fails when the container has no memory limit to hold the workers", () => {
        const o = judgeOne(phpFpmFitsContainer, container("app", { memory: undefined }));
        assert.strictEqual(
            o.message,
            "container chom-app has no memory limit to hold PHP-FPM 10 children x 128 MB PHP_MEMORY_LIMIT = 1280 MB",
        );
    });
    it("throws UnknownValueError when the environment is unknown at preview", () => {
        const c = container("app");
        c.props = unknownCheckingProxy({
            ...c.props,
            envs: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeOne(phpFpmFitsContainer, c),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
    it("needs both settings to be a PHP-FPM container", () => {
        assert.strictEqual(
            judgeOne(
                phpFpmFitsContainer,
                container("app", { envs: ["PHP_FPM_PM_MAX_CHILDREN=10"] }),
            ).state,
            "NOT_APPLICABLE",
        );
        assert.strictEqual(
            judgeOne(phpFpmFitsContainer, container("app", { envs: ["PHP_MEMORY_LIMIT=128M"] }))
                .state,
            "NOT_APPLICABLE",
        );
    });
    it("children: 1 and a padded number are read; 0 and partial numbers are not", () => {
        assert.strictEqual(
            judgeOne(phpFpmFitsContainer, container("app", fpm("1", "128M"))).state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(phpFpmFitsContainer, container("app", fpm(" 10 ", "128M"))).state,
            "PASS",
        );
        for (const children of ["0", "10x", "x10"]) {
            assert.strictEqual(
                judgeOne(phpFpmFitsContainer, container("app", fpm(children, "128M"))).message,
                `container chom-app has PHP_FPM_PM_MAX_CHILDREN=${JSON.stringify(children)}, which is not a positive whole number`,
            );
        }
    });
    it("exactly filling the memory budget passes; a zero memory limit holds nothing", () => {
        // A 1000 MB limit less 10% headroom is 900 MB: exactly 9 children x 100M.
        assert.strictEqual(
            judgeOne(phpFpmFitsContainer, container("app", { ...fpm("9", "100M"), memory: 1000 }))
                .state,
            "PASS",
        );
        assert.strictEqual(
            judgeOne(phpFpmFitsContainer, container("app", { ...fpm("10", "100M"), memory: 1000 }))
                .state,
            "FAIL",
        );
        assert.strictEqual(
            judgeOne(phpFpmFitsContainer, container("app", { ...fpm("10", "128M"), memory: 0 }))
                .message,
            "container chom-app has no memory limit to hold PHP-FPM 10 children x 128 MB PHP_MEMORY_LIMIT = 1280 MB",
        );
    });
});
