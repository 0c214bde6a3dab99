import { TLS_RULES } from "../../../../policies/rules/tls";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("TLS rules", "tls", TLS_RULES);
