/**
 * docs/rules.md, generated from the rule metadata: the catalogue auditors read. A test keeps the
 * committed file in sync with the code (`npm run docs:rules` rewrites it).
 */
import type { RuleSummary } from "../lib/results";
import type { ConfigProperty, Rule } from "../lib/rule";
import { ruleAnchor } from "../lib/pack-info";
import { configSchemaOf } from "../lib/rule";

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function configLine(name: string, p: ConfigProperty): string {
    return `  - \`${name}\` (${p.type}, default \`${JSON.stringify(p.default)}\`): ${p.description}`;
}

/**
 * The catalogue: the pack's rules, then the rules only live checks judge (`liveRules`; not in the
 * pack, so policy config does not reach them). Every rule gets an anchor its URL points at.
 */
export function renderRulesDoc(
    rules: Rule[],
    packName: string,
    packVersion: string,
    liveRules: readonly RuleSummary[] = [],
): string {
    const out: string[] = [
        `# Rule catalogue: ${packName} ${packVersion}`,
        "",
        "Generated from the rule metadata in `policies/rules/` by `npm run docs:rules`; do not edit by hand.",
        "Every rule's config also takes `exceptions` (resource name or URN, reason, expiry date `YYYY-MM-DD`);",
        "a docker resource can carry the label `chom.exception.<RULE-ID>` = `<YYYY-MM-DD> <reason>`. An expired exception fails.",
        "",
        "| ID | Policy | Category | Severity | Enforcement | Scope | Title |",
        "|---|---|---|---|---|---|---|",
        ...rules.map(
            (r) =>
                `| ${r.id} | \`${r.policyName}\` | ${r.category} | ${r.severity} | ${r.enforcementLevel} | ${r.scope} | ${cell(r.title)} |`,
        ),
        "",
    ];
    for (const r of rules) {
        // An explicit anchor: a rule's URL (policy `url`, SARIF `helpUri`) survives a new title.
        out.push(`<a id="${ruleAnchor(r.id)}"></a>`, "", `## ${r.id}: ${r.title}`, "");
        out.push(
            `- Policy: \`${r.policyName}\` (${r.scope} policy, ${r.enforcementLevel} by default)`,
        );
        out.push(`- Why this level: ${cell(r.enforcementRationale)}`);
        out.push(`- Category: ${r.category}; severity: ${r.severity}`);
        out.push(
            `- Framework: ${r.framework.name} ${r.framework.version}, ${r.framework.reference}`,
        );
        out.push(`- Applies to: ${r.appliesTo.map((t) => `\`${t}\``).join(", ")}`);
        if (r.certificateItem)
            out.push(`- Certificate line it helps prove: "${r.certificateItem}"`);
        out.push("", r.description, "", `Remediation: ${r.remediation}`, "");
        const props = Object.entries(configSchemaOf(r).properties).filter(
            ([k]) => k !== "exceptions",
        );
        if (props.length) out.push("Config:", ...props.map(([k, p]) => configLine(k, p)), "");
    }
    if (liveRules.length) {
        out.push(
            "# Live checks",
            "",
            "Judged over SSH by `chom-certify --live` from what the host runs (see checks/README.md),",
            "at the levels below; they are not policies of the pack.",
            "",
        );
        for (const r of liveRules) {
            out.push(`<a id="${ruleAnchor(r.id)}"></a>`, "", `## ${r.id}: ${r.title}`, "");
            out.push(`- Check: \`${r.policyName}\` (${r.enforcementLevel})`);
            out.push(`- Category: ${r.category}; severity: ${r.severity}`);
            out.push(
                `- Framework: ${r.framework.name} ${r.framework.version}, ${r.framework.reference}`,
            );
            if (r.certificateItem)
                out.push(`- Certificate line it helps prove: "${r.certificateItem}"`);
            out.push("", r.description, "", `Remediation: ${r.remediation}`, "");
        }
    }
    return out.join("\n");
}
