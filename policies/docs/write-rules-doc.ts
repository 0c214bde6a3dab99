/** `npm run docs:rules`: rewrites docs/rules.md from the rule metadata. */
import * as fs from "fs";
import * as path from "path";
import { LIVE_RULES } from "../../checks/live-rules";
import { PACK } from "../lib/pack-info";
import { RULES } from "../rules";
import { renderRulesDoc } from "./rules-doc";

export const RULES_DOC = path.join(__dirname, "..", "..", "docs", "rules.md");

if (require.main === module) {
    fs.writeFileSync(RULES_DOC, renderRulesDoc(RULES, PACK.name, PACK.version, LIVE_RULES));
    process.stdout.write(`wrote ${RULES_DOC} (${RULES.length} rules, ${LIVE_RULES.length} live)\n`);
}
