import * as assert from "assert";
import type { Outcome } from "../../../../policies/lib/judge";
import { TYPES } from "../../../../policies/lib/subjects";
import { statefulDataCovered } from "../../../../policies/rules/backup/stateful-data-covered";
import { backupPlan, compliantStack, replace } from "../../../helpers/fixture-stack";
import { judgeAll, namesIn } from "../../../helpers/rules";
import { isUnknownValueError, itStackCases, unknownAt } from "../../../helpers/rule-cases";

describe("CHOM-BAK-001 stateful data covered by a backup plan", () => {
    itStackCases(statefulDataCovered, __filename);
    // The stack-level message counts the volumes, so it is matched, not written out in the cases.
    it("fails every volume and the database when the stack has no backup plan (the original production)", () => {
        const out = judgeAll(
            statefulDataCovered,
            compliantStack().filter((r) => r.type !== TYPES.backupPlan),
        );
        assert.notStrictEqual(out, "NOT_APPLICABLE");
        const all = out as Map<string, Outcome>;
        assert.deepStrictEqual(namesIn(all, "FAIL"), [
            "chom-app-storage",
            "chom-grafana-data",
            "chom-loki-data",
            "chom-mysql-data",
            "chom-prometheus-data",
            "chom-redis-data",
            "mysql",
            "stack",
        ]);
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
    it("throws UnknownValueError when the plan's volumes are unknown at preview", () => {
        const stack = replace(compliantStack(), unknownAt(backupPlan(), "volumes"));
        assert.throws(() => judgeAll(statefulDataCovered, stack), isUnknownValueError);
    });
});
