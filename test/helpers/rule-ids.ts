/** `CHOM-<family>-<nnn>` for each number: the rule IDs a test lists, written once. */
export function ruleIds(family: string, ...numbers: number[]): string[] {
    return numbers.map((n) => `CHOM-${family}-${String(n).padStart(3, "0")}`);
}
