import { encryptedKeyApart } from "../../../../policies/rules/backup/encrypted-key-apart";
import { itResourceCases } from "../../../helpers/rule-cases";

describe("CHOM-BAK-005 encrypted, key held apart", () => {
    itResourceCases(encryptedKeyApart, __filename);
});
