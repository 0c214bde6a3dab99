import { FIREWALL_RULES } from "../../../../policies/rules/firewall";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("firewall rules", "fw", FIREWALL_RULES);
