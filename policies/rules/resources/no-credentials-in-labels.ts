import { cisDocker } from "../../lib/frameworks";
import type { ResourceRule, Subject, Violation } from "../../lib/rule";
import { TYPES } from "../../lib/subjects";
import {
    compilePatterns,
    credentialPatternsProperty,
    hasUrlCredentials,
    REDACTED_SECRET,
} from "./support/credentials";

/** Config of CHOM-RES-023. */
export type NoCredentialsInLabelsConfig = {
    /** Case-insensitive regular expressions; a label whose name matches one holds a credential. */
    patterns: string[];
    /** Exact label names that match a pattern but hold no credential. */
    ignoredLabels: string[];
};

/**
 * Label names that hold credentials without saying so: Traefik's basic and digest auth user lists
 * (`user:hash`).
 */
const AUTH_USER_LISTS = ["(basic|digest)auth[.]users([^a-z0-9]|$)"];

/** CHOM's own labels (`chom.service`, `chom.exception.<ID>`...) carry no credential by design. */
const CHOM_PREFIX = "chom.";

const KIND: Record<string, string> = {
    [TYPES.container]: "container",
    [TYPES.network]: "network",
    [TYPES.volume]: "volume",
};

function displayName(subject: Subject): string {
    const name = (subject.props as { name?: unknown }).name;
    return typeof name === "string" && name !== "" ? name : subject.name;
}

/**
 * CHOM-RES-023: labels are public metadata. `docker inspect`, the Pulumi state, every monitoring
 * tool that reads them (and Traefik's own dashboard) shows them; a credential there is published.
 */
export const noCredentialsInLabels: ResourceRule<NoCredentialsInLabelsConfig> = {
    id: "CHOM-RES-023",
    policyName: "chom-res-no-credentials-in-labels",
    title: "No credentials in container, network or volume labels",
    category: "Security",
    severity: "critical",
    framework: cisDocker(
        "4.10 Ensure secrets are not stored in Dockerfiles (applied to labels: metadata anyone who can inspect reads)",
    ),
    description:
        "A label whose name looks like a credential (a word ending in PASS, PASSWORD, PWD, TOKEN, SECRET or KEY; CHOM's own " +
        "`chom.*` labels excepted), Traefik's `basicauth.users` / `digestauth.users` (password hashes are credentials), a label " +
        "whose value holds a URL with a password (`scheme://user:password@host`) or a Pulumi secret fails. The value is never shown.",
    remediation:
        "Move the credential out of labels: a Pulumi secret uploaded as a file the service reads (Traefik: `basicauth.usersfile` pointing at an uploaded file).",
    enforcementLevel: "mandatory",
    enforcementRationale:
        "Mandatory: labels are plain metadata readable by anyone with docker inspect or access to the state, and are never treated as secrets, so a credential there is a leaked credential.",
    appliesTo: [TYPES.container, TYPES.network, TYPES.volume],
    certificateItem: "Secrets management validated",
    scope: "resource",
    config: {
        patterns: credentialPatternsProperty(
            "Case-insensitive regular expressions matched against label names.",
            AUTH_USER_LISTS,
        ),
        ignoredLabels: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description: "Exact label names that match a pattern but hold no credential.",
        },
    },
    check(subject, config) {
        const what = `${KIND[subject.type]} ${displayName(subject)}`;
        const labels: unknown = (subject.props as { labels?: unknown }).labels;
        if (labels === undefined || labels === null) return [];
        if (!Array.isArray(labels))
            return [
                {
                    message: `${what} has labels that are a Pulumi secret or unreadable (value not shown); labels are plain text to anyone who can inspect them: keep credentials out of them`,
                },
            ];
        const patterns = compilePatterns("CHOM-RES-023", config.patterns);
        const found: Violation[] = [];
        labels.forEach((entry: unknown, i) => {
            const label =
                typeof entry === "object" && entry !== null
                    ? (entry as { label?: unknown }).label
                    : undefined;
            const value =
                typeof entry === "object" && entry !== null
                    ? (entry as { value?: unknown }).value
                    : undefined;
            const named = typeof label === "string" ? `label ${label}` : `label #${i + 1}`;
            if (
                typeof label !== "string" ||
                typeof value !== "string" ||
                value.includes(REDACTED_SECRET)
            ) {
                // A Pulumi secret: redacted in a state export, unreadable from a real one; the same
                // answer in preview and --state.
                found.push({
                    message: `${what} ${named} holds a Pulumi secret (value not shown); a label is plain text to anyone who can inspect it: keep credentials out of labels`,
                });
                return;
            }
            if (value === "") return;
            if (hasUrlCredentials(value)) {
                found.push({
                    message: `${what} ${named} holds a URL with a password in it (value not shown); keep credentials out of labels`,
                });
                return;
            }
            if (label.startsWith(CHOM_PREFIX) || config.ignoredLabels.includes(label)) return;
            if (!patterns.some((p) => p.test(label))) return;
            if (/file$/i.test(label) && value.startsWith("/")) return;
            found.push({
                message: `${what} ${named} looks like a credential and has a literal value (value not shown); keep credentials out of labels`,
            });
        });
        return found;
    },
};
