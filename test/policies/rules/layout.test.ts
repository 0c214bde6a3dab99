/**
 * Holds file name, export name and policy name of every rule together (configs, exceptions and
 * SARIF baselines are keyed by the policy name, so the file follows it, never the reverse), and
 * keeps helpers out of the rule folders: the convention written at the top of
 * policies/rules/index.ts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Rule } from "../../../policies/lib/rule";
import { RULES } from "../../../policies/rules";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const RULES_DIR = path.join(ROOT, "policies", "rules");
const TESTS_DIR = path.join(ROOT, "test", "policies", "rules");

/** Family folder -> the policy-name prefix of its rules. */
const FAMILIES: Record<string, string> = {
    backup: "bak",
    firewall: "fw",
    observability: "obs",
    resources: "res",
    tls: "tls",
};

const tsFiles = (dir: string) =>
    fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith(".ts"))
              .sort()
        : [];

/** `ssh-admin-only-rate-limited` -> `sshAdminOnlyRateLimited`. */
const camelCase = (kebab: string) =>
    kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const isRule = (value: unknown): value is Rule =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<Rule>).policyName === "string" &&
    typeof (value as Partial<Rule>).check === "function";

async function rulesExportedBy(file: string): Promise<[string, Rule][]> {
    const mod = (await import(file.replace(/\.ts$/, ""))) as Record<string, unknown>;
    return Object.entries(mod).filter((e): e is [string, Rule] => isRule(e[1]));
}

describe("rule files: one rule each, named after its policy, beside its test", () => {
    it("policies/rules holds the five families, each with rule files, an index and support/ only", () => {
        const dirs = fs
            .readdirSync(RULES_DIR, { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => d.name);
        assert.deepStrictEqual(dirs.sort(), Object.keys(FAMILIES).sort());
        for (const family of dirs) {
            const subdirs = fs
                .readdirSync(path.join(RULES_DIR, family), { withFileTypes: true })
                .filter((d) => d.isDirectory())
                .map((d) => d.name);
            assert.ok(
                subdirs.every((d) => d === "support"),
                `${family}: ${subdirs.join(", ")}`,
            );
        }
    });

    for (const [family, prefix] of Object.entries(FAMILIES)) {
        describe(family, () => {
            const files = tsFiles(path.join(RULES_DIR, family)).filter((f) => f !== "index.ts");
            for (const file of files) {
                const base = file.replace(/\.ts$/, "");
                it(`${file} exports one rule, ${camelCase(base)}, whose policy is chom-${prefix}-${base}, tested in ${base}.test.ts`, async () => {
                    const rules = await rulesExportedBy(path.join(RULES_DIR, family, file));
                    assert.deepStrictEqual(
                        rules.map(([name, r]) => [name, r.policyName]),
                        [[camelCase(base), `chom-${prefix}-${base}`]],
                    );
                    assert.ok(RULES.includes(rules[0][1]), `${rules[0][1].policyName} is in RULES`);
                    assert.ok(fs.existsSync(path.join(TESTS_DIR, family, `${base}.test.ts`)));
                });
            }
            for (const file of tsFiles(path.join(RULES_DIR, family, "support"))) {
                const base = file.replace(/\.ts$/, "");
                it(`support/${file} is a helper (exports no rule), tested in support/${base}.test.ts`, async () => {
                    const rules = await rulesExportedBy(
                        path.join(RULES_DIR, family, "support", file),
                    );
                    assert.deepStrictEqual(
                        rules.map(([name]) => name),
                        [],
                    );
                    assert.ok(
                        fs.existsSync(path.join(TESTS_DIR, family, "support", `${base}.test.ts`)),
                    );
                });
            }
        });
    }

    it("every case table is run by the test file beside it (a table no test reads would pass silently)", () => {
        for (const family of Object.keys(FAMILIES)) {
            const dir = path.join(TESTS_DIR, family);
            for (const table of fs.readdirSync(dir).filter((f) => f.endsWith(".cases.yaml"))) {
                const [base, part] = table.replace(/\.cases\.yaml$/, "").split(".");
                const test = path.join(dir, `${base}.test.ts`);
                assert.ok(fs.existsSync(test), `${family}/${table}: no ${base}.test.ts beside it`);
                const call = part
                    ? new RegExp(`it(Resource|Stack)Cases\\([^)]*__filename,\\s*"${part}"\\s*\\)`)
                    : /it(Resource|Stack)Cases\([^,]+,\s*__filename\s*\)/;
                assert.match(fs.readFileSync(test, "utf8"), call, `${family}/${table}`);
            }
        }
    });

    it("every rule of RULES lives in the rule file named after its policy", async () => {
        const found: Rule[] = [];
        for (const [family, prefix] of Object.entries(FAMILIES)) {
            for (const rule of RULES.filter((r) => r.policyName.startsWith(`chom-${prefix}-`))) {
                const base = rule.policyName.slice(`chom-${prefix}-`.length);
                const file = path.join(RULES_DIR, family, `${base}.ts`);
                assert.ok(fs.existsSync(file), `${rule.policyName}: ${family}/${base}.ts`);
                const exported = await rulesExportedBy(file);
                if (exported.some(([, r]) => r === rule)) found.push(rule);
            }
        }
        assert.deepStrictEqual(
            RULES.filter((r) => !found.includes(r)).map((r) => r.policyName),
            [],
        );
    });

    it("every test file under test/policies/rules mirrors a source file", () => {
        const orphans: string[] = [];
        const walk = (rel: string) => {
            for (const d of fs.readdirSync(path.join(TESTS_DIR, rel), { withFileTypes: true })) {
                const r = path.join(rel, d.name);
                if (d.isDirectory()) walk(r);
                else if (d.name.endsWith(".test.ts") && rel !== "") {
                    const source = path.join(RULES_DIR, r.replace(/\.test\.ts$/, ".ts"));
                    if (!fs.existsSync(source)) orphans.push(r);
                }
            }
        };
        walk("");
        assert.deepStrictEqual(orphans, []);
    });
});
