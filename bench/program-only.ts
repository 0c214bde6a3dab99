/**
 * The baseline of the benchmark: merely running a stack's program under the SDK's own mocks,
 * as a unit test would (setMocks, resources echo their inputs), in a fresh process.
 */
import * as path from "path";
import { readStackFile } from "../policies/certify/stack-file";

const stack = process.argv[2] ?? "landsraad_tst";
const repo = path.resolve(__dirname, "..");
const { config, secretKeys } = readStackFile(repo, "chom", stack);
process.env.PULUMI_CONFIG = JSON.stringify(config);
process.env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(secretKeys);

/* eslint-disable @typescript-eslint/no-require-imports */
const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
void pulumi.runtime.setMocks(
    {
        newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
        call: (args) => args.inputs,
    },
    "chom",
    stack,
    true,
);
require(path.join(repo, "infra", "index.js"));
