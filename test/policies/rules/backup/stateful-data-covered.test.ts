import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import { TYPES } from "../../../../policies/lib/subjects";
import { statefulDataCovered } from "../../../../policies/rules/backup/stateful-data-covered";
import { backupPlan, backupPlanProps, compliantStack, container, containerProps, replace, server, volume } from "../../../fixtures/stack";
import { judgeAll, namesIn } from "../../../helpers/rules";

const VOLUMES = ["chom-app-storage", "chom-grafana-data", "chom-loki-data", "chom-mysql-data", "chom-prometheus-data", "chom-redis-data"];

function outcomes(stack: Subject[]) {
    const all = judgeAll(statefulDataCovered, stack);
    assert.notStrictEqual(all, "NOT_APPLICABLE");
    return all as Exclude<typeof all, "NOT_APPLICABLE">;
}

describe("CHOM-BAK-001 stateful data covered by a backup plan", () => {
    it("passes the compliant stack: the plan and every volume", () => {
        const all = judgeAll(statefulDataCovered, compliantStack());
        assert.deepStrictEqual(namesIn(all, "PASS"), [...VOLUMES, "landsraad_tst-backup"].sort());
        assert.deepStrictEqual(namesIn(all, "FAIL"), []);
    });
    it("fails every volume and the database when the stack has no backup plan (the original production)", () => {
        const all = outcomes(compliantStack().filter((r) => r.type !== TYPES.backupPlan));
        assert.deepStrictEqual(namesIn(all, "FAIL"), [...VOLUMES, "mysql", "stack"].sort());
        assert.match(all.get("stack")!.message, /^the stack declares no chom:backup:BackupPlan: the stack keeps data \(chom-mysql runs mysql, chom-redis runs redis, volume chom-mysql-data and \d+ more\), so a backup plan must cover it$/);
        assert.strictEqual(all.get("chom-mysql-data")!.message, "volume chom-mysql-data (docker volume) is not backed up: the stack declares no backup plan");
        assert.strictEqual(all.get("mysql")!.message, "database mysql/chom (database of container chom-mysql) is not backed up: the stack declares no backup plan");
    });
    it("fails a volume the plan leaves out", () => {
        const plan = backupPlan({ volumes: backupPlanProps().volumes.filter((v) => v !== "chom-redis-data") });
        const all = outcomes(replace(compliantStack(), plan));
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["chom-redis-data"]);
        assert.strictEqual(all.get("chom-redis-data")!.message, "volume chom-redis-data (docker volume) is not backed up: no backup plan lists it in volumes");
    });
    it("fails a database the plan leaves out, on the database container", () => {
        const all = outcomes(replace(compliantStack(), backupPlan({ databases: [] })));
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["mysql"]);
        assert.strictEqual(all.get("mysql")!.message, "database mysql/chom (database of container chom-mysql) is not backed up: no backup plan lists it in databases");
    });
    it("fails a stateful container's volume that has no volume resource, on the container", () => {
        const app = container("app", { volumes: [...containerProps("app").volumes!, { volumeName: "chom-app-uploads", containerPath: "/uploads" }] });
        const all = outcomes(replace(compliantStack(), app));
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["app"]);
        assert.strictEqual(all.get("app")!.message, "volume chom-app-uploads (volume of stateful container chom-app) is not backed up: no backup plan lists it in volumes");
    });
    it("counts what runs and where it writes: an unlabelled PostgreSQL's database and volume, and a data bind mount from the host", () => {
        const pg = container("mysql", {
            name: "db", image: "postgres:16.4", labels: [], envs: ["POSTGRES_DB=notes", "POSTGRES_PASSWORD_FILE=/run/secrets/pg"],
            volumes: [{ volumeName: "pg-data", containerPath: "/var/lib/postgresql/data" }, { hostPath: "/srv/uploads", containerPath: "/data/uploads" }],
        });
        const all = outcomes(replace(compliantStack(), pg));
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["mysql"]);
        assert.strictEqual(all.get("mysql")!.message, [
            "volume pg-data (volume of stateful container db) is not backed up: no backup plan lists it in volumes",
            "volume /srv/uploads (host directory bind-mounted at /data/uploads by container db) is not backed up: no backup plan lists it in volumes",
            "database postgres/notes (database of container db) is not backed up: no backup plan lists it in databases",
        ].join("; "));
        const plan = backupPlan({ volumes: [...backupPlanProps().volumes, "pg-data", "/srv/uploads"], databases: [...backupPlanProps().databases, "postgres/notes"] });
        assert.deepStrictEqual(namesIn(outcomes(replace(replace(compliantStack(), pg), plan)), "FAIL"), []);
    });
    it("does not require a volume labelled chom.stateful=false", () => {
        const scratch = volume("chom-scratch");
        scratch.props.labels = [{ label: "chom.stateful", value: "false" }];
        assert.deepStrictEqual(namesIn(outcomes([...compliantStack(), scratch]), "FAIL"), []);
        assert.deepStrictEqual(namesIn(outcomes([...compliantStack(), volume("chom-other")]), "FAIL"), ["chom-other"]);
    });
    it("is not applicable to a stack with no stateful data and no plan", () => {
        assert.strictEqual(judgeAll(statefulDataCovered, [server(), container("nginx")]), "NOT_APPLICABLE");
    });
    it("throws UnknownValueError when the plan's volumes are unknown at preview", () => {
        const plan = backupPlan();
        plan.props = unknownCheckingProxy({ ...plan.props, volumes: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        assert.throws(() => judgeAll(statefulDataCovered, replace(compliantStack(), plan)), (e: Error) => e.constructor.name === "UnknownValueError");
    });
});
