/**
 * What the docker provider's `Check` adds to a resource's inputs before policies see them in a
 * real preview. The provider is bridged from Terraform's docker provider; these are its
 * schema defaults. A port published without `ip` therefore IS bound to 0.0.0.0, as in
 * production.
 */
import { PropertyMap, PropertyValue, UNKNOWN_SENTINEL } from "./recorded";

const CONTAINER = "docker:index/container:Container";

const CONTAINER_DEFAULTS: PropertyMap = {
    restart: "no",
    networkMode: "bridge",
    start: true,
    mustRun: true,
    rm: false,
    readOnly: false,
    memoryReservation: 0,
};

/** A null input is unset to the bridged provider, so it gets the default too. */
function withDefaults(item: PropertyValue, defaults: PropertyMap): PropertyValue {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
    const out: PropertyMap = { ...item };
    for (const [k, v] of Object.entries(defaults))
        if (out[k] === undefined || out[k] === null) out[k] = v;
    return out;
}

function listWithDefaults(
    list: PropertyValue | undefined,
    defaults: PropertyMap,
): PropertyValue | undefined {
    if (!Array.isArray(list)) return list; // absent, or unknown during preview: nothing to default
    return list.map((item) => withDefaults(item, defaults));
}

/** Inputs as the provider's Check returns them. Only docker containers get defaults. */
export function applyCheckDefaults(type: string, inputs: PropertyMap): PropertyMap {
    if (type !== CONTAINER) return inputs;
    const out = withDefaults(inputs, CONTAINER_DEFAULTS) as PropertyMap;
    if (out.ports !== undefined && out.ports !== UNKNOWN_SENTINEL)
        out.ports = listWithDefaults(out.ports, { ip: "0.0.0.0", protocol: "tcp" })!;
    if (out.devices !== undefined && out.devices !== UNKNOWN_SENTINEL)
        out.devices = listWithDefaults(out.devices, { permissions: "rwm" })!;
    return out;
}
