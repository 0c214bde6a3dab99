/**
 * The observability rules (CHOM-OBS-NNN), in ID order: their part of the catalogue. A rule is
 * registered in policies/rules/index.ts (write its file, import it there), not here.
 */
import type { Rule } from "../../lib/rule";
import { rulesOfFamily } from "..";

export const OBSERVABILITY_RULES: Rule[] = rulesOfFamily("OBS");
