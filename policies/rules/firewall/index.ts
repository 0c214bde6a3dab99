/** The firewall rules, in ID order. Add a rule: write its file, import it here. */
import type { Rule } from "../../lib/rule";
import { adminPortsNotWorldOpen } from "./admin-ports-not-world-open";
import { dataNetworksInternal } from "./data-networks-internal";
import { inboundDefaultDeny } from "./inbound-default-deny";
import { onlyWebPortsWorldOpen } from "./only-web-ports-world-open";
import { publishedPortsBound } from "./published-ports-bound";
import { publishedPortsFiltered } from "./published-ports-filtered";
import { sensitivePortsNotWorldOpen } from "./sensitive-ports-not-world-open";
import { sshAdminOnlyRateLimited } from "./ssh-admin-only-rate-limited";

export const FIREWALL_RULES: Rule[] = [
    inboundDefaultDeny, // CHOM-FW-001
    onlyWebPortsWorldOpen, // CHOM-FW-002
    sshAdminOnlyRateLimited, // CHOM-FW-003
    sensitivePortsNotWorldOpen, // CHOM-FW-004
    publishedPortsBound, // CHOM-FW-005
    publishedPortsFiltered, // CHOM-FW-006
    adminPortsNotWorldOpen, // CHOM-FW-007
    dataNetworksInternal, // CHOM-FW-008
];
