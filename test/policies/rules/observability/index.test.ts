import { OBSERVABILITY_RULES } from "../../../../policies/rules/observability";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("observability rules", "obs", OBSERVABILITY_RULES);
