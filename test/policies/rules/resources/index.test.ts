import { RESOURCES_RULES } from "../../../../policies/rules/resources";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("resources rules", "res", RESOURCES_RULES);
