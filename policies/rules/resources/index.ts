/** The resources rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { containerLimits } from "./container-limits";

export const RESOURCES_RULES: Rule[] = [containerLimits];
