import { redisPassword } from "../../../../policies/rules/resources/redis-password";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-RES-016 Redis requires a password", () => {
    itResourceCases(redisPassword, __filename);
});
