/**
 * `@pulumi/pulumi`'s index loads TypeScript (about 340 ms here) and npm's arborist (about 270 ms)
 * at start, for serializing JavaScript functions into resources (runtime/closure: parseFunction,
 * codePaths). A program that declares docker resources never calls that. In certify's program
 * worker, those two modules load on first use instead: the same modules, later or never.
 * (The policy pack is started exactly as the language host starts it, so it still loads both.)
 */
import { Module } from "module";
import * as path from "path";

/** The requests that load on first use, with the end of the file each must resolve to. */
const DEFERRED: { request: RegExp; file: string }[] = [
    { request: /\/typescript-shim$/, file: "/@pulumi/pulumi/typescript-shim.js" },
    { request: /^@npmcli\/arborist$/, file: "/@npmcli/arborist/lib/index.js" },
];

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

/**
 * A stand-in for the module at `file` that loads it on the first property read, key listing or
 * `in` test and then behaves as it. It reports itself as an ES module, so TypeScript's
 * `__importStar` keeps the stand-in instead of copying its (not yet loaded) properties.
 */
export function deferredModule(load: () => object): object {
    let real: object | undefined;
    const loaded = () => (real ??= load());
    return new Proxy(
        {},
        {
            get: (_, key) => (key === "__esModule" && !real ? true : Reflect.get(loaded(), key)),
            has: (_, key) => Reflect.has(loaded(), key),
            ownKeys: () => Reflect.ownKeys(loaded()),
            getOwnPropertyDescriptor: (_, key) => {
                const d = Reflect.getOwnPropertyDescriptor(loaded(), key);
                return d && { ...d, configurable: true };
            },
        },
    );
}

/** Installs the deferral for this process (idempotent). */
export function deferHeavyModules(): void {
    const mod = Module as unknown as {
        _load: Load;
        _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
    };
    if ((mod._load as { deferring?: boolean }).deferring) return;
    const original = mod._load;
    const standIns = new Map<string, object>();
    const load: Load = function (this: unknown, request, parent, isMain) {
        const deferred = DEFERRED.find((d) => d.request.test(request));
        const file = deferred && mod._resolveFilename(request, parent, isMain);
        if (!file?.split(path.sep).join("/").endsWith(deferred!.file))
            return original.call(this, request, parent, isMain);
        let standIn = standIns.get(file);
        if (!standIn) {
            standIn = deferredModule(() => original.call(this, file, parent, false) as object);
            standIns.set(file, standIn);
        }
        return standIn;
    };
    mod._load = Object.assign(load, { deferring: true });
}
