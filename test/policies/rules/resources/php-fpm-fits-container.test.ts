import { phpFpmFitsContainer } from "../../../../policies/rules/resources/php-fpm-fits-container";
import { container } from "../../../helpers/fixture-stack";
import { itResourceCases } from "../../../helpers/rule-cases";
import { assertThrowsUnknown, UNKNOWN_SENTINEL } from "../../../helpers/unknown-props";
import { judgeOne } from "../../../helpers/rules";

describe("CHOM-RES-006 PHP-FPM fits its container", () => {
    itResourceCases(phpFpmFitsContainer, __filename);
    it("throws UnknownValueError when the environment is unknown at preview", () => {
        assertThrowsUnknown((c) => judgeOne(phpFpmFitsContainer, c), container("app"), {
            envs: UNKNOWN_SENTINEL,
        });
    });
});
