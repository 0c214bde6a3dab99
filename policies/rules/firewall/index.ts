/** The firewall rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";

export const FIREWALL_RULES: Rule[] = [];
