/**
 * The environment of the processes chom-certify starts (program workers, the pack). Variables this
 * process reads secrets from by name (the live checks' key passphrase, `chom:live.passphraseEnv`)
 * are withheld from them: a program or pack has no business with the checker's SSH key.
 */
const withheld = new Set<string>();

/** No process started from now on inherits the variable `name`. */
export function withholdFromChildren(name: string): void {
    withheld.add(name);
}

/** This process's environment without the withheld variables. */
export function childEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const name of withheld) delete env[name];
    return env;
}
