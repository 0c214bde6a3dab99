/** The backup rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";

export const BACKUP_RULES: Rule[] = [];
