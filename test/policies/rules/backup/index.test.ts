import { BACKUP_RULES } from "../../../../policies/rules/backup";
import { describeFamily } from "../../../helpers/describe-family";

describeFamily("backup rules", "bak", BACKUP_RULES);
