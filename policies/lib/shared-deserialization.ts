/**
 * The policy SDK deserializes a request's properties once for every policy that reads them (about
 * 19 times per container in Analyze, and every resource once per stack policy in AnalyzeStack):
 * most of the pack's CPU on a large stack, and most of its garbage. The result depends on the
 * request's Struct alone, so the pack keeps it per Struct and the policies of one request share
 * it. Each policy still gets its own preview proxy around it; rules read props and never write
 * them (the in-process evaluation hands every rule the same objects already). The form with the
 * secrets proxy (remediations) is not shared.
 */
type Deserialize = ((
    struct: object | undefined,
    proxySecrets: boolean,
) => Record<string, unknown>) & { shared?: true };

export function shareDeserializedProperties(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: Deserialize };
    const original = sdk.deserializeProperties;
    if (original.shared) return;
    const byStruct = new WeakMap<object, Record<string, unknown>>();
    const shared: Deserialize = (struct, proxySecrets) => {
        if (proxySecrets || struct === undefined || struct === null)
            return original(struct, proxySecrets);
        let props = byStruct.get(struct);
        if (props === undefined) {
            props = original(struct, false);
            byStruct.set(struct, props);
        }
        return props;
    };
    shared.shared = true;
    sdk.deserializeProperties = shared;
}
