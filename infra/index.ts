/**
 * The Pulumi program (Pulumi.yaml `main: infra/index.js`): validate the stack file, declare the
 * host, export what operators and reports need. Runs unchanged under the real CLI and under mocks.
 * Bad config stops here with one RunError listing every problem, before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig, requireSecret } from "./config";
import { declareStack } from "./stack";

const { config, secrets } = loadStackConfig();
const stack = declareStack(config, secrets);

/** The Docker host this stack deploys to. */
export const host = {
    hostname: config.host.hostname,
    address: config.host.address,
    dockerHost: config.host.dockerHost,
};
/** CPU and memory of every container, as declared (Appendix C reads app, mysql and redis). */
export const containers = stack.sizes;
/** Published endpoints. */
export const endpoints = stack.endpoints;
/** The host's nftables ruleset rendered from chom:firewall. */
export const nftablesRuleset = stack.firewall.nftablesRuleset;
/** Grafana admin login; the password stays a secret in the stack outputs. */
export const grafanaAdmin =
    config.monitoring && config.services.grafana
        ? {
              user: config.monitoring.grafanaAdminUser,
              password: pulumi.secret(requireSecret(secrets, "grafanaAdminPassword")),
          }
        : undefined;
