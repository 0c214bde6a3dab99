import { redisMaxmemory } from "../../../../policies/rules/resources/redis-maxmemory";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-RES-007 Redis maxmemory below its limit", () => {
    itResourceCases(redisMaxmemory, __filename);
});
