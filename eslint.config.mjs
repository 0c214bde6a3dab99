// Lint as the anchors do (AWSGuard, compliance-policies): ESLint's and typescript-eslint's
// recommended rules, with formatting left to Prettier (eslint-config-prettier turns off the
// rules that would fight it). Not type-aware: tsc's strict build already checks types.
import js from "@eslint/js";
import stylistic from "@stylistic/eslint-plugin";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "node_modules/",
            "**/*.js",
            "!scripts/*.js",
            "!test/standins/**/*.js",
            "out/",
            ".cache/",
            "reports/",
            ".stryker-tmp/",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            // `_`-prefixed names are unused on purpose (required parameters, skipped tuple slots).
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
            ],
            "no-console": "error",
            // Sanitizers here match control characters on purpose (to refuse or escape them).
            "no-control-regex": "off",
        },
    },
    {
        // Plain Node scripts: CommonJS by design (the build script compiles everything else).
        files: ["scripts/*.js", "test/standins/**/*.js"],
        languageOptions: {
            sourceType: "commonjs",
            globals: {
                require: "readonly",
                module: "writable",
                process: "readonly",
                __dirname: "readonly",
                console: "readonly",
                Buffer: "readonly",
            },
        },
        rules: { "@typescript-eslint/no-require-imports": "off", "no-console": "off" },
    },
    prettier,
    {
        // After eslint-config-prettier, which turns line length off.
        plugins: { "@stylistic": stylistic },
        rules: {
            // Prettier wraps code at 100 but leaves comments and strings alone: comments are held
            // to 100 here; a string is the message a test matches, kept whole.
            "@stylistic/max-len": [
                "error",
                {
                    code: 100,
                    tabWidth: 4,
                    ignoreStrings: true,
                    ignoreTemplateLiterals: true,
                    ignoreRegExpLiterals: true,
                    ignoreUrls: true,
                },
            ],
        },
    },
);
