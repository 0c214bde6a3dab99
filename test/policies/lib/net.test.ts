import * as assert from "assert";
import * as net from "../../../policies/lib/net";

/** Whether the CIDR written `outer` contains the one written `inner`. */
const contains = (outer: string, inner: string): boolean =>
    net.cidrContains(net.parseCidr(outer), net.parseCidr(inner));

describe("net: CIDR and port parsing", () => {
    describe("parseIp", () => {
        it("reads IPv4 as a 32-bit number", () => {
            assert.deepStrictEqual(net.parseIp("10.10.100.20"), {
                family: 4,
                value: (10n << 24n) | (10n << 16n) | (100n << 8n) | 20n,
            });
        });
        it("reads IPv6 with and without ::, and an embedded IPv4 tail", () => {
            assert.deepStrictEqual(net.parseIp("::"), { family: 6, value: 0n });
            assert.deepStrictEqual(net.parseIp("::1"), { family: 6, value: 1n });
            assert.strictEqual(
                net.parseIp("2001:db8::1").value,
                (0x2001n << 112n) | (0xdb8n << 96n) | 1n,
            );
            assert.strictEqual(net.parseIp("0:0:0:0:0:0:0:0").value, 0n);
            assert.strictEqual(
                net.parseIp("::ffff:192.0.2.1").value,
                (0xffffn << 32n) | (192n << 24n) | (2n << 8n) | 1n,
            );
        });
        it("rejects bad addresses with a message naming the text and the reason", () => {
            assert.throws(() => net.parseIp("10.10.100.300"), {
                name: "NetParseError",
                message: `invalid IPv4 address "10.10.100.300": "300" is not a number 0-255`,
            });
            assert.throws(() => net.parseIp("10.10.100"), {
                message: `invalid IPv4 address "10.10.100": an IPv4 address has 4 dot-separated numbers`,
            });
            assert.throws(() => net.parseIp("010.0.0.1"), {
                message: `invalid IPv4 address "010.0.0.1": "010" is not a number 0-255`,
            });
            assert.throws(() => net.parseIp("1::2::3"), {
                message: `invalid IPv6 address "1::2::3": "::" may appear only once`,
            });
            assert.throws(() => net.parseIp("1:2:3:4:5:6:7"), {
                message: `invalid IPv6 address "1:2:3:4:5:6:7": an IPv6 address without "::" has 8 groups, not 7`,
            });
            assert.throws(() => net.parseIp("1:2:3:4::5:6:7:8"), {
                message: `invalid IPv6 address "1:2:3:4::5:6:7:8": "::" must stand for at least one group`,
            });
            assert.throws(() => net.parseIp("fe80::1%eth0"), {
                message: `invalid IPv6 address "fe80::1%eth0": zone indexes (%…) are not allowed`,
            });
            assert.throws(() => net.parseIp("g::1"), {
                message: `invalid IPv6 address "g::1": "g" is not a group of 1-4 hex digits`,
            });
            assert.throws(() => net.parseIp(""), net.NetParseError);
        });
        it("knows unspecified and loopback addresses in any spelling", () => {
            assert.strictEqual(net.isUnspecified(net.parseIp("0.0.0.0")), true);
            assert.strictEqual(net.isUnspecified(net.parseIp("0::0")), true);
            assert.strictEqual(net.isUnspecified(net.parseIp("10.10.100.20")), false);
            assert.strictEqual(net.isLoopback(net.parseIp("127.0.0.1")), true);
            assert.strictEqual(net.isLoopback(net.parseIp("127.10.0.1")), true);
            assert.strictEqual(net.isLoopback(net.parseIp("::1")), true);
            assert.strictEqual(net.isLoopback(net.parseIp("10.0.0.1")), false);
        });
    });

    describe("parseCidr", () => {
        it("clears host bits and treats a bare address as one host", () => {
            const c = net.parseCidr("10.10.100.20/24");
            assert.deepStrictEqual(
                { family: c.family, prefix: c.prefix, network: c.network },
                { family: 4, prefix: 24, network: net.parseIp("10.10.100.0").value },
            );
            assert.strictEqual(net.parseCidr("10.10.100.10").prefix, 32);
            assert.strictEqual(net.parseCidr("2001:db8::1").prefix, 128);
        });
        it("sees the world in 0.0.0.0/0, ::/0 and any prefix-0 block", () => {
            for (const w of ["0.0.0.0/0", "::/0", "0:0::0/0", "10.0.0.0/0"])
                assert.strictEqual(net.isWorld(net.parseCidr(w)), true, w);
            for (const n of ["0.0.0.0/1", "10.10.100.0/24", "::/1", "0.0.0.0"])
                assert.strictEqual(net.isWorld(net.parseCidr(n)), false, n);
        });
        it("rejects bad prefixes and addresses, naming the CIDR", () => {
            assert.throws(() => net.parseCidr("10.0.0.0/33"), {
                message: `invalid CIDR "10.0.0.0/33": prefix 33 is outside 0-32`,
            });
            assert.throws(() => net.parseCidr("::/129"), {
                message: `invalid CIDR "::/129": prefix 129 is outside 0-128`,
            });
            assert.throws(() => net.parseCidr("10.0.0.0/"), {
                message: `invalid CIDR "10.0.0.0/": prefix "" is not a number`,
            });
            assert.throws(() => net.parseCidr("10.0.0.0/8/8"), {
                message: `invalid CIDR "10.0.0.0/8/8": more than one "/"`,
            });
            assert.throws(() => net.parseCidr("admins/24"), {
                message: `invalid CIDR "admins/24": invalid IPv4 address "admins": an IPv4 address has 4 dot-separated numbers`,
            });
        });
        it("contains a block inside a wider one of the same family only", () => {
            const admin = net.parseCidr("10.10.100.0/24");
            assert.strictEqual(net.cidrContains(admin, net.parseCidr("10.10.100.10/32")), true);
            assert.strictEqual(net.cidrContains(admin, net.parseCidr("10.10.100.128/25")), true);
            assert.strictEqual(net.cidrContains(admin, admin), true);
            assert.strictEqual(net.cidrContains(admin, net.parseCidr("10.10.0.0/16")), false);
            assert.strictEqual(net.cidrContains(admin, net.parseCidr("10.10.101.1")), false);
            assert.strictEqual(contains("0.0.0.0/0", "::/0"), false);
            assert.strictEqual(contains("2001:db8::/32", "2001:db8:1::/48"), true);
        });
    });

    describe("parsePortRange", () => {
        it("reads a number, a numeric string and a range", () => {
            assert.deepStrictEqual(net.parsePortRange(443), { from: 443, to: 443 });
            assert.deepStrictEqual(net.parsePortRange("22"), { from: 22, to: 22 });
            assert.deepStrictEqual(net.parsePortRange("9100-9121"), { from: 9100, to: 9121 });
            assert.strictEqual(net.rangeIncludes(net.parsePortRange("9100-9121"), 9113), true);
            assert.strictEqual(net.rangeIncludes(net.parsePortRange("9100-9121"), 9253), false);
            assert.strictEqual(net.formatPortRange({ from: 80, to: 80 }), "80");
            assert.strictEqual(net.formatPortRange({ from: 9100, to: 9121 }), "9100-9121");
        });
        it("rejects ports outside 1-65535, reversed ranges and words", () => {
            assert.throws(() => net.parsePortRange(70000), {
                message: `invalid port "70000": 70000 is outside 1-65535`,
            });
            assert.throws(() => net.parsePortRange(0), {
                message: `invalid port "0": 0 is outside 1-65535`,
            });
            assert.throws(() => net.parsePortRange(22.5), {
                message: "invalid port 22.5: not an integer",
            });
            assert.throws(() => net.parsePortRange("9121-9100"), {
                message: `invalid port range "9121-9100": 9100 is below 9121`,
            });
            assert.throws(() => net.parsePortRange("ssh"), {
                message: `invalid port "ssh": "ssh" is not a number`,
            });
        });
    });

    // The inputs where ipaddr.js 2.5.0 reads addresses differently (see the top of net.ts).
    describe("where ipaddr.js reads differently", () => {
        it("reads ::1.2.3.4 as IPv4-compatible (RFC 4291), not as the mapped ::ffff:1.2.3.4", () => {
            assert.deepStrictEqual(net.parseIp("::1.2.3.4"), { family: 6, value: 0x01020304n });
            assert.strictEqual(contains("::ffff:0:0/96", "::1.2.3.4"), false);
            assert.strictEqual(contains("::ffff:0:0/96", "::ffff:1.2.3.4"), true);
        });
        it("refuses inet_aton spellings, also inside IPv6", () => {
            assert.throws(() => net.parseIp("::ffff:010.0.2.1"), {
                message: `invalid IPv6 address "::ffff:010.0.2.1": embedded IPv4 "010.0.2.1": "010" is not a number 0-255`,
            });
            assert.throws(() => net.parseIp("a::0x11.2.3.4"), {
                message: `invalid IPv6 address "a::0x11.2.3.4": embedded IPv4 "0x11.2.3.4": "0x11" is not a number 0-255`,
            });
            assert.throws(() => net.parseIp("167772161"), {
                message: `invalid IPv4 address "167772161": an IPv4 address has 4 dot-separated numbers`,
            });
            assert.throws(() => net.parseIp("0x0a.0.0.1"), {
                message: `invalid IPv4 address "0x0a.0.0.1": "0x0a" is not a number 0-255`,
            });
        });
    });
});

describe("net: parsedOrUndefined", () => {
    it("gives the parse, or undefined where the text is no port or address", () => {
        assert.deepStrictEqual(
            net.parsedOrUndefined(net.parsePortRange, "8000-8100"),
            net.parsePortRange("8000-8100"),
        );
        assert.strictEqual(net.parsedOrUndefined(net.parseCidr, "$admin_v4"), undefined);
    });
    it("lets any other error through (a bug, not an unreadable value)", () => {
        assert.throws(
            () =>
                net.parsedOrUndefined(() => {
                    throw new TypeError("a bug");
                }, "x"),
            TypeError,
        );
    });
});
