/**
 * A `google.protobuf.Struct` encoded straight to bytes: the same bytes as google-protobuf's
 * `Struct.fromJavaScript(v).serializeBinary()` (map keys sorted the same way), several times
 * faster, because a large stack sends the pack thousands of property maps. Two passes: sizes
 * first (every length prefix is known before its contents), then one exact-size buffer.
 */

/**
 * What a property map holds once it has been through JSON (state files, the program worker's IPC).
 */
export type JsonValue =
    null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// Wire tags: Struct.fields (1, map entry), entry key (1) / value (2), ListValue.values (1),
// Value: null (1, varint), number (2, fixed64), string (3), bool (4, varint), struct (5), list (6).
const TAG_FIELD = 0x0a,
    TAG_KEY = 0x0a,
    TAG_VALUE = 0x12,
    TAG_LIST_ITEM = 0x0a;
const TAG_NULL = 0x08,
    TAG_NUMBER = 0x11,
    TAG_STRING = 0x1a,
    TAG_BOOL = 0x20,
    TAG_STRUCT = 0x2a,
    TAG_LIST = 0x32;

const varintSize = (n: number): number =>
    n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
const delimited = (n: number): number => 1 + varintSize(n) + n;

/** Sizes of every length-delimited part, in the order the write pass meets them. */
class Plan {
    sizes: number[] = [];
    keys: string[][] = [];

    struct(obj: { [key: string]: JsonValue }): number {
        const keys = Object.keys(obj).sort();
        this.keys.push(keys);
        let total = 0;
        for (const k of keys) {
            const entrySlot = this.sizes.push(0) - 1;
            const keySize = Buffer.byteLength(k);
            this.sizes.push(keySize);
            const valueSlot = this.sizes.push(0) - 1;
            const valueSize = this.value(obj[k]);
            this.sizes[valueSlot] = valueSize;
            const entry = delimited(keySize) + delimited(valueSize);
            this.sizes[entrySlot] = entry;
            total += delimited(entry);
        }
        return total;
    }

    list(items: JsonValue[]): number {
        let total = 0;
        for (const item of items) {
            const slot = this.sizes.push(0) - 1;
            const size = this.value(item);
            this.sizes[slot] = size;
            total += delimited(size);
        }
        return total;
    }

    value(v: JsonValue): number {
        if (v === null || typeof v === "boolean") return 2;
        if (typeof v === "number") return 9;
        if (typeof v === "string") {
            const n = Buffer.byteLength(v);
            this.sizes.push(n);
            return delimited(n);
        }
        const slot = this.sizes.push(0) - 1;
        let n: number;
        if (Array.isArray(v)) n = this.list(v);
        else if (typeof v === "object") n = this.struct(v);
        else
            throw new TypeError(
                `a property value of type ${typeof v} cannot be sent to the policy pack`,
            );
        this.sizes[slot] = n;
        return delimited(n);
    }
}

class Writer {
    pos = 0;
    private size = 0;
    private keys = 0;

    constructor(
        readonly buf: Buffer,
        private readonly plan: Plan,
    ) {}

    private next(): number {
        return this.plan.sizes[this.size++];
    }

    private varint(n: number): void {
        while (n >= 0x80) {
            this.buf[this.pos++] = (n & 0x7f) | 0x80;
            n >>>= 7;
        }
        this.buf[this.pos++] = n;
    }

    private text(tag: number, s: string, bytes: number): void {
        this.buf[this.pos++] = tag;
        this.varint(bytes);
        this.pos += this.buf.write(s, this.pos, "utf8");
    }

    struct(obj: { [key: string]: JsonValue }): void {
        for (const k of this.plan.keys[this.keys++]) {
            this.buf[this.pos++] = TAG_FIELD;
            this.varint(this.next());
            this.text(TAG_KEY, k, this.next());
            this.buf[this.pos++] = TAG_VALUE;
            this.varint(this.next());
            this.value(obj[k]);
        }
    }

    list(items: JsonValue[]): void {
        for (const item of items) {
            this.buf[this.pos++] = TAG_LIST_ITEM;
            this.varint(this.next());
            this.value(item);
        }
    }

    value(v: JsonValue): void {
        if (v === null) {
            this.buf[this.pos++] = TAG_NULL;
            this.buf[this.pos++] = 0;
        } else if (typeof v === "boolean") {
            this.buf[this.pos++] = TAG_BOOL;
            this.buf[this.pos++] = v ? 1 : 0;
        } else if (typeof v === "number") {
            this.buf[this.pos++] = TAG_NUMBER;
            this.pos = this.buf.writeDoubleLE(v, this.pos);
        } else if (typeof v === "string") {
            this.text(TAG_STRING, v, this.next());
        } else if (Array.isArray(v)) {
            this.buf[this.pos++] = TAG_LIST;
            this.varint(this.next());
            this.list(v);
        } else {
            this.buf[this.pos++] = TAG_STRUCT;
            this.varint(this.next());
            this.struct(v);
        }
    }
}

/** The Struct message for a property map. */
export function encodeStruct(obj: { [key: string]: JsonValue }): Buffer {
    const plan = new Plan();
    const size = plan.struct(obj);
    const w = new Writer(Buffer.allocUnsafe(size), plan);
    w.struct(obj);
    return w.buf;
}

/**
 * `message` (encoded) with one more field: `field` (length-delimited) holding `payload`; fields may
 * come in any order on the wire.
 */
export function withField(message: Uint8Array, field: number, payload: Uint8Array): Buffer {
    const head = [(field << 3) | 2];
    for (let n = payload.length; ; n >>>= 7) {
        if (n < 0x80) {
            head.push(n);
            break;
        }
        head.push((n & 0x7f) | 0x80);
    }
    return Buffer.concat([message, Buffer.from(head), payload]);
}
