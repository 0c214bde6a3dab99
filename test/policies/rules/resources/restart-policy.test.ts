import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import { restartPolicy } from "../../../../policies/rules/resources/restart-policy";
import { container, SERVICES } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";

/** The engine's sentinel for a value unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A fixture container with extra docker inputs the ContainerProps view does not name (rm, attach,
 * start, mustRun, maxRetryCount).
 */
function withInputs(service: string, inputs: Record<string, unknown>): Subject {
    const c = container(service);
    return { ...c, props: { ...c.props, ...inputs } };
}

const MUST = '; it must be "unless-stopped", "always" or "on-failure"';

describe("CHOM-RES-008 restart policy", () => {
    it("ships mandatory, citing CIS Docker 1.6.0 5.15", () => {
        assert.strictEqual(restartPolicy.enforcementLevel, "mandatory");
        assert.match(
            restartPolicy.framework.reference,
            /^5\.15 Ensure that the 'on-failure' container restart policy is set to '5'$/,
        );
    });
    it("passes every compliant container, and each restarting policy", () => {
        for (const s of SERVICES)
            assert.strictEqual(judgeOne(restartPolicy, container(s)).state, "PASS", s);
        for (const restart of ["always", "on-failure"])
            assert.strictEqual(
                judgeOne(restartPolicy, container("app", { restart })).state,
                "PASS",
            );
    });
    it("passes on-failure with any maxRetryCount: CIS's bound of 5, and docker's 0 (unbounded)", () => {
        for (const maxRetryCount of [5, 0, 10]) {
            assert.strictEqual(
                judgeOne(
                    restartPolicy,
                    withInputs("nginx", { restart: "on-failure", maxRetryCount }),
                ).state,
                "PASS",
                String(maxRetryCount),
            );
        }
    });
    it('fails "no", the docker provider\'s Check default', () => {
        const o = judgeOne(restartPolicy, container("app", { restart: "no" }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, `container chom-app has restart policy "no"${MUST}`);
    });
    it("fails an unset policy, saying it is the provider's default", () => {
        const o = judgeOne(restartPolicy, container("app", { restart: undefined }));
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            `container chom-app has restart policy "no" (unset: the docker provider's default)${MUST}`,
        );
    });
    it("fails an empty or unknown policy name", () => {
        assert.strictEqual(
            judgeOne(restartPolicy, container("mysql", { restart: "" })).message,
            `container chom-mysql has restart policy ""${MUST}`,
        );
        assert.strictEqual(
            judgeOne(restartPolicy, container("mysql", { restart: "sometimes" })).message,
            `container chom-mysql has restart policy "sometimes"${MUST}`,
        );
    });
    it("judges a container with the provider's Check defaults filled in (rm false, start true, mustRun true) as long-running", () => {
        const o = judgeOne(
            restartPolicy,
            withInputs("redis", {
                restart: "no",
                rm: false,
                start: true,
                mustRun: true,
                attach: false,
            }),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(o.message, `container chom-redis has restart policy "no"${MUST}`);
    });
    it("is not applicable to a one-shot container, naming why it is one", () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ rm: true }, "rm: true, removed when it exits"],
            [{ attach: true }, "attach: true, the provider waits for it to exit"],
            [{ start: false }, "start: false, created but never started"],
            [{ mustRun: false }, "mustRun: false, not required to keep running"],
            [
                { rm: true, mustRun: false },
                "rm: true, removed when it exits; mustRun: false, not required to keep running",
            ],
        ];
        for (const [inputs, why] of cases) {
            const o = judgeOne(restartPolicy, withInputs("app", { ...inputs, restart: "no" }));
            assert.strictEqual(o.state, "NOT_APPLICABLE", why);
            assert.strictEqual(
                o.message,
                `container chom-app is one-shot (${why}); a restart policy is required of long-running containers only`,
            );
        }
    });
    it("throws UnknownValueError (reported as UNKNOWN) when the policy or a lifecycle flag is unknown at preview", () => {
        for (const key of ["restart", "rm"]) {
            const c = container("nginx");
            c.props = unknownCheckingProxy({ ...c.props, [key]: UNKNOWN });
            assert.throws(
                () => judgeOne(restartPolicy, c),
                (e: Error) => e.constructor.name === "UnknownValueError",
                key,
            );
        }
    });
    it("honours an exception from config by resource name, and fails it once expired", () => {
        const exception = (expires: string) => ({
            exceptions: [{ resource: "queue", reason: "supervised by systemd", expires }],
        });
        assert.strictEqual(
            judgeOne(restartPolicy, container("queue", { restart: "no" }), exception("2099-01-01"))
                .state,
            "EXCEPTED",
        );
        const expired = judgeOne(
            restartPolicy,
            container("queue", { restart: "no" }),
            exception("2020-01-01"),
        );
        assert.strictEqual(expired.state, "FAIL");
        assert.strictEqual(
            expired.message,
            `exception expired on 2020-01-01 (supervised by systemd): container chom-queue has restart policy "no"${MUST}`,
        );
    });
});
