/**
 * Address checks for config validation: IPs, CIDRs and port ranges, parsed rather than
 * pattern-matched.
 */
import { isIPv4, isIPv6 } from "net";

/**
 * Returns why `text` is not a CIDR (`a.b.c.d/n` or an IPv6 `x::/n`), or undefined when it is one.
 */
export function cidrProblem(text: string): string | undefined {
    const slash = text.indexOf("/");
    if (slash < 0)
        return `"${short(text)}" is not a CIDR (expected address/prefix, e.g. 10.10.100.0/24)`;
    const address = text.slice(0, slash);
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText))
        return `"${short(text)}" is not a CIDR: prefix "${short(prefixText)}" is not a number`;
    const prefix = Number(prefixText);
    if (isIPv4(address)) {
        if (prefix > 32) return `"${short(text)}" is not a CIDR: an IPv4 prefix is 0-32`;
        const value = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
        const hostBits = 2 ** (32 - prefix);
        if (value % hostBits !== 0) {
            const network = value - (value % hostBits);
            return `"${short(text)}" has host bits set (did you mean ${ipv4Text(network)}/${prefix}?)`;
        }
        return undefined;
    }
    if (isIPv6(address))
        return prefix > 128 ? `"${short(text)}" is not a CIDR: an IPv6 prefix is 0-128` : undefined;
    return `"${short(text)}" is not a CIDR: "${short(address)}" is not an IP address`;
}

export function isIpAddress(text: string): boolean {
    return isIPv4(text) || isIPv6(text);
}

/** Returns why `value` is not a port or an ascending `"low-high"` range, or undefined. */
export function portProblem(value: number | string): string | undefined {
    const valid = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
    if (typeof value === "number")
        return valid(value) ? undefined : `${value} is not a port (1-65535)`;
    const m = /^(\d{1,5})-(\d{1,5})$/.exec(value);
    if (!m) return `"${short(value)}" is not a port or a range "low-high"`;
    const [low, high] = [Number(m[1]), Number(m[2])];
    if (!valid(low) || !valid(high) || low > high)
        return `"${value}" is not an ascending range of ports (1-65535)`;
    return undefined;
}

function ipv4Text(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Shortens user text quoted in a message so a huge value cannot flood it. */
export function short(text: string): string {
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
