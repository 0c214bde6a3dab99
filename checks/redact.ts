/**
 * Redaction of what the host says before anything is kept or printed. The probes already ask
 * only for the fields they judge (no container environment, command line or labels), so this is
 * the second line: secret-looking assignments and key material in any text from the host.
 */
const ASSIGNMENT =
    /\b([A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|auth)[A-Za-z0-9_.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;"'}]+)/gi;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

export const REDACTED = "[redacted]";

export function redact(text: string, knownSecrets: readonly string[] = []): string {
    let out = text
        .replace(PEM, REDACTED)
        .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
        .replace(ASSIGNMENT, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
    for (const s of knownSecrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
    return out;
}
