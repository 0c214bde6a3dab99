import * as assert from "assert";
import { unknownCheckingProxy } from "@pulumi/policy";
import type { Subject } from "../../../../policies/lib/rule";
import { TYPES } from "../../../../policies/lib/subjects";
import { statefulDataCovered } from "../../../../policies/rules/backup/stateful-data-covered";
import {
    backupPlan,
    backupPlanProps,
    compliantStack,
    container,
    containerProps,
    replace,
    server,
    volume,
} from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";

const VOLUMES = [
    "chom-app-storage",
    "chom-grafana-data",
    "chom-loki-data",
    "chom-mysql-data",
    "chom-prometheus-data",
    "chom-redis-data",
];

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
        assert.match(
            all.get("stack")!.message,
            /^the stack declares no chom:backup:BackupPlan: the stack keeps data \(chom-mysql runs mysql, chom-redis runs redis, volume chom-mysql-data and \d+ more\), so a backup plan must cover it$/,
        );
        assert.strictEqual(
            all.get("chom-mysql-data")!.message,
            "volume chom-mysql-data (docker volume) is not backed up: the stack declares no backup plan",
        );
        assert.strictEqual(
            all.get("mysql")!.message,
            "database mysql/chom (database of container chom-mysql) is not backed up: the stack declares no backup plan",
        );
    });
    it("fails a volume the plan leaves out", () => {
        const plan = backupPlan({
            volumes: backupPlanProps().volumes.filter((v) => v !== "chom-redis-data"),
        });
        const all = outcomes(replace(compliantStack(), plan));
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["chom-redis-data"]);
        assert.strictEqual(
            all.get("chom-redis-data")!.message,
            "volume chom-redis-data (docker volume) is not backed up: no backup plan lists it in volumes",
        );
    });
    it("fails a database the plan leaves out, on the database container", () => {
        const all = outcomes(replace(compliantStack(), backupPlan({ databases: [] })));
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["mysql"]);
        assert.strictEqual(
            all.get("mysql")!.message,
            "database mysql/chom (database of container chom-mysql) is not backed up: no backup plan lists it in databases",
        );
    });
    it("fails a stateful container's volume that has no volume resource, on the container", () => {
        const app = container("app", {
            volumes: [
                ...containerProps("app").volumes!,
                { volumeName: "chom-app-uploads", containerPath: "/uploads" },
            ],
        });
        const all = outcomes(replace(compliantStack(), app));
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["app"]);
        assert.strictEqual(
            all.get("app")!.message,
            "volume chom-app-uploads (volume of stateful container chom-app) is not backed up: no backup plan lists it in volumes",
        );
    });
    it("counts what runs and where it writes: an unlabelled PostgreSQL's database and volume, and a data bind mount from the host", () => {
        const pg = container("mysql", {
            name: "db",
            image: "postgres:16.4",
            labels: [],
            envs: ["POSTGRES_DB=notes", "POSTGRES_PASSWORD_FILE=/run/secrets/pg"],
            volumes: [
                { volumeName: "pg-data", containerPath: "/var/lib/postgresql/data" },
                { hostPath: "/srv/uploads", containerPath: "/data/uploads" },
            ],
        });
        const all = outcomes(replace(compliantStack(), pg));
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["mysql"]);
        assert.strictEqual(
            all.get("mysql")!.message,
            [
                "volume pg-data (volume of stateful container db) is not backed up: no backup plan lists it in volumes",
                "volume /srv/uploads (host directory bind-mounted at /data/uploads by container db) is not backed up: no backup plan lists it in volumes",
                "database postgres/notes (database of container db) is not backed up: no backup plan lists it in databases",
            ].join("; "),
        );
        const plan = backupPlan({
            volumes: [...backupPlanProps().volumes, "pg-data", "/srv/uploads"],
            databases: [...backupPlanProps().databases, "postgres/notes"],
        });
        assert.deepStrictEqual(
            namesIn(outcomes(replace(replace(compliantStack(), pg), plan)), "FAIL"),
            [],
        );
    });
    it("does not require a volume labelled chom.stateful=false", () => {
        const scratch = volume("chom-scratch");
        scratch.props.labels = [{ label: "chom.stateful", value: "false" }];
        assert.deepStrictEqual(namesIn(outcomes([...compliantStack(), scratch]), "FAIL"), []);
        assert.deepStrictEqual(
            namesIn(outcomes([...compliantStack(), volume("chom-other")]), "FAIL"),
            ["chom-other"],
        );
    });
    it("is not applicable to a stack with no stateful data and no plan", () => {
        assert.strictEqual(
            judgeAll(statefulDataCovered, [server(), container("nginx")]),
            "NOT_APPLICABLE",
        );
    });
    it("throws UnknownValueError when the plan's volumes are unknown at preview", () => {
        const plan = backupPlan();
        plan.props = unknownCheckingProxy({
            ...plan.props,
            volumes: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        });
        assert.throws(
            () => judgeAll(statefulDataCovered, replace(compliantStack(), plan)),
            (e: Error) => e.constructor.name === "UnknownValueError",
        );
    });
    it("names a volume by its props name, falling back to the resource name", () => {
        const named = volume("vol-resource");
        named.props.name = "chom-named-data";
        const unnamed = volume("chom-unnamed");
        delete unnamed.props.name;
        const all = outcomes([...compliantStack(), named, unnamed]);
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["chom-unnamed", "vol-resource"]);
        assert.strictEqual(
            all.get("vol-resource")!.message,
            "volume chom-named-data (docker volume) is not backed up: no backup plan lists it in volumes",
        );
    });
    it("attaches a stateful container's volume finding to the volume resource found by its props name", () => {
        const data = volume("vol-resource");
        data.props.name = "chom-extra-data";
        data.props.labels = [{ label: "chom.stateful", value: "false" }];
        const app = container("app", {
            volumes: [
                ...containerProps("app").volumes!,
                { volumeName: "chom-extra-data", containerPath: "/extra" },
            ],
        });
        const all = outcomes([...replace(compliantStack(), app), data]);
        assert.deepStrictEqual(namesIn(all, "FAIL"), ["vol-resource"]);
        assert.strictEqual(
            all.get("vol-resource")!.message,
            "volume chom-extra-data (volume of stateful container chom-app) is not backed up: no backup plan lists it in volumes",
        );
    });
    it("ignores bind mounts (no volumeName) and the volumes of containers not labelled stateful", () => {
        const app = container("app", {
            volumes: [
                ...containerProps("app").volumes!,
                { volumeName: "", containerPath: "/a" },
                { hostPath: "/srv/x", containerPath: "/b" } as never,
            ],
        });
        assert.deepStrictEqual(namesIn(outcomes(replace(compliantStack(), app)), "FAIL"), []);
        const nginx = container("nginx", {
            volumes: [{ volumeName: "chom-nginx-cache", containerPath: "/cache" }],
        });
        assert.deepStrictEqual(namesIn(outcomes(replace(compliantStack(), nginx)), "FAIL"), []);
    });
    it("needs a database only for a MySQL service with a non-empty MYSQL_DATABASE", () => {
        const noDb = replace(compliantStack(), backupPlan({ databases: [] }));
        const mysql = (envs: string[]) => outcomes(replace(noDb, container("mysql", { envs })));
        assert.deepStrictEqual(namesIn(mysql(["MYSQL_DATABASE="]), "FAIL"), []);
        assert.deepStrictEqual(namesIn(mysql(["MYSQL_USER=chom"]), "FAIL"), []);
        const app = container("app", { envs: ["MYSQL_DATABASE=chom"] });
        assert.deepStrictEqual(
            namesIn(
                outcomes(replace(replace(noDb, container("mysql", { envs: [] })), app)),
                "FAIL",
            ),
            [],
        );
    });
    it("plans without volumes or databases lists cover nothing", () => {
        const bare = backupPlan();
        delete bare.props.volumes;
        delete bare.props.databases;
        assert.deepStrictEqual(
            namesIn(outcomes(replace(compliantStack(), bare)), "FAIL"),
            [...VOLUMES, "mysql"].sort(),
        );
    });
});
