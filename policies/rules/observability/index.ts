/** The observability rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";

export const OBSERVABILITY_RULES: Rule[] = [];
