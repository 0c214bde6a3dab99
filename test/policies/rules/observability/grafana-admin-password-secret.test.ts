import * as assert from "assert";
import { grafanaAdminPasswordSecret } from "../../../../policies/rules/observability/grafana-admin-password-secret";
import { container, containerProps } from "../../../helpers/fixture-stack";
import { judgeOne } from "../../../helpers/rules";
import type { ContainerProps } from "../../../../policies/lib/subjects";

const grafanaEnvs = (envs: string[]) => container("grafana", { envs });

describe("CHOM-OBS-004 Grafana admin password from a secret file", () => {
    it("passes the compliant Grafana (password file uploaded)", () => {
        assert.strictEqual(
            judgeOne(grafanaAdminPasswordSecret, container("grafana")).state,
            "PASS",
        );
    });
    it("is not applicable to other containers", () => {
        const o = judgeOne(grafanaAdminPasswordSecret, container("loki"));
        assert.strictEqual(o.state, "NOT_APPLICABLE");
        assert.strictEqual(o.message, "container chom-loki is not Grafana (service loki)");
    });
    it("fails the original admin/admin, calling out the default", () => {
        const o = judgeOne(
            grafanaAdminPasswordSecret,
            grafanaEnvs(["GF_SECURITY_ADMIN_USER=admin", "GF_SECURITY_ADMIN_PASSWORD=admin"]),
        );
        assert.strictEqual(o.state, "FAIL");
        assert.strictEqual(
            o.message,
            [
                `container chom-grafana sets GF_SECURITY_ADMIN_PASSWORD to the default "admin" in its plain environment: use GF_SECURITY_ADMIN_PASSWORD__FILE with a secret file`,
                "container chom-grafana does not set GF_SECURITY_ADMIN_PASSWORD__FILE: Grafana's admin password must come from a secret file",
            ].join("; "),
        );
    });
    it("fails any literal without echoing it", () => {
        const literal = "S3cr3t-Hunter2";
        const o = judgeOne(
            grafanaAdminPasswordSecret,
            grafanaEnvs([
                ...containerProps("grafana").envs!,
                `GF_SECURITY_ADMIN_PASSWORD=${literal}`,
            ]),
        );
        assert.strictEqual(
            o.message,
            "container chom-grafana sets GF_SECURITY_ADMIN_PASSWORD as a literal (value withheld) in its plain environment: use GF_SECURITY_ADMIN_PASSWORD__FILE with a secret file",
        );
        assert.ok(!o.message.includes(literal));
    });
    it("fails an empty literal (Grafana falls back to admin)", () => {
        const o = judgeOne(
            grafanaAdminPasswordSecret,
            grafanaEnvs([...containerProps("grafana").envs!, "GF_SECURITY_ADMIN_PASSWORD="]),
        );
        assert.strictEqual(
            o.message,
            "container chom-grafana sets GF_SECURITY_ADMIN_PASSWORD to an empty value (Grafana falls back to its default, admin) in its plain environment: use GF_SECURITY_ADMIN_PASSWORD__FILE with a secret file",
        );
    });
    it("fails a password file the container is not given", () => {
        const o = judgeOne(grafanaAdminPasswordSecret, container("grafana", { uploads: [] }));
        assert.strictEqual(
            o.message,
            "container chom-grafana sets GF_SECURITY_ADMIN_PASSWORD__FILE to /run/secrets/grafana-admin-password, which no upload, mount or volume of the container provides",
        );
    });
    it("accepts a password file from a secrets mount", () => {
        const c = container("grafana", {
            uploads: [],
            mounts: [
                { source: "/srv/secrets", target: "/run/secrets", type: "bind", readOnly: true },
            ],
        });
        assert.strictEqual(judgeOne(grafanaAdminPasswordSecret, c).state, "PASS");
    });
    it("config grafanaServices: a differently named Grafana service is judged", () => {
        const c = container("grafana", {
            labels: [{ label: "chom.service", value: "dashboards" }],
            envs: ["GF_SECURITY_ADMIN_PASSWORD=admin"],
        });
        assert.strictEqual(judgeOne(grafanaAdminPasswordSecret, c).state, "NOT_APPLICABLE");
        assert.strictEqual(
            judgeOne(grafanaAdminPasswordSecret, c, { grafanaServices: ["dashboards"] }).state,
            "FAIL",
        );
    });
    it("accepts the password file from a mount or a volume holding it, or the file itself as mount target", () => {
        const file = "GF_SECURITY_ADMIN_PASSWORD__FILE=/run/secrets/grafana/admin";
        const judgeFile = (p: Partial<ContainerProps>) =>
            judgeOne(
                grafanaAdminPasswordSecret,
                container("grafana", { envs: [file], uploads: [], ...p }),
            );
        assert.strictEqual(
            judgeFile({ mounts: [{ target: "/run/secrets/grafana/", type: "bind" }] as never })
                .state,
            "PASS",
        );
        assert.strictEqual(
            judgeFile({ mounts: [{ target: "/run/secrets/grafana/admin", type: "bind" }] as never })
                .state,
            "PASS",
        );
        assert.strictEqual(
            judgeFile({ volumes: [{ volumeName: "x", containerPath: "/run/secrets" }] }).state,
            "PASS",
        );
        const missing =
            "container chom-grafana sets GF_SECURITY_ADMIN_PASSWORD__FILE to /run/secrets/grafana/admin, which no upload, mount or volume of the container provides";
        assert.strictEqual(
            judgeFile({ volumes: [{ volumeName: "x", containerPath: "/run/secrets/graf" }] })
                .message,
            missing,
        );
        assert.strictEqual(
            judgeFile({
                volumes: [
                    { volumeName: "x", containerPath: "" },
                    { volumeName: "y", containerPath: "/var/lib/grafana" },
                ],
            }).message,
            missing,
        );
        assert.strictEqual(
            judgeFile({ volumes: undefined, mounts: [{ type: "tmpfs" }] as never }).message,
            missing,
        );
        assert.strictEqual(
            judgeFile({ uploads: [{ file: "/run/secrets/grafana/admin.bak", content: "x" }] })
                .message,
            missing,
        );
    });
    it("a blank password file setting counts as none", () => {
        assert.strictEqual(
            judgeOne(
                grafanaAdminPasswordSecret,
                grafanaEnvs(["GF_SECURITY_ADMIN_PASSWORD__FILE=  "]),
            ).message,
            "container chom-grafana does not set GF_SECURITY_ADMIN_PASSWORD__FILE: Grafana's admin password must come from a secret file",
        );
    });
    it("names an unknown service when neither label, image nor name says what runs", () => {
        const bare = container("app", {
            labels: [],
            image: undefined as unknown as string,
            name: "x1",
        });
        assert.strictEqual(
            judgeOne(grafanaAdminPasswordSecret, bare).message,
            "container x1 is not Grafana (service unknown)",
        );
    });
});
