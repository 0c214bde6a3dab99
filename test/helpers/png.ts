/**
 * A tiny PNG reader for screenshot checks: 8-bit RGB/RGBA, non-interlaced (what Chromium writes).
 */
import { inflateSync } from "zlib";

export interface DecodedPng {
    width: number;
    height: number;
    /** RGB triples, row by row (alpha dropped). */
    rgb: Uint8Array;
}

export function decodePng(buf: Buffer): DecodedPng {
    if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
        throw new Error("not a PNG (bad signature)");
    let offset = 8;
    let width = 0,
        height = 0,
        colourType = -1;
    const idat: Buffer[] = [];
    while (offset < buf.length) {
        const length = buf.readUInt32BE(offset);
        const type = buf.toString("ascii", offset + 4, offset + 8);
        const data = buf.subarray(offset + 8, offset + 8 + length);
        if (type === "IHDR") {
            width = data.readUInt32BE(0);
            height = data.readUInt32BE(4);
            const depth = data[8];
            colourType = data[9];
            if (depth !== 8 || (colourType !== 2 && colourType !== 6) || data[12] !== 0)
                throw new Error(
                    `unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${data[12]}`,
                );
        } else if (type === "IDAT") idat.push(data);
        else if (type === "IEND") break;
        offset += 12 + length;
    }
    const bpp = colourType === 6 ? 4 : 3;
    const raw = inflateSync(Buffer.concat(idat));
    const stride = width * bpp;
    const out = new Uint8Array(width * height * bpp);
    for (let y = 0; y < height; y++) {
        const filter = raw[y * (stride + 1)];
        const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        for (let x = 0; x < stride; x++) {
            const a = x >= bpp ? out[y * stride + x - bpp] : 0;
            const b = y > 0 ? out[(y - 1) * stride + x] : 0;
            const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
            let v = line[x];
            if (filter === 1) v += a;
            else if (filter === 2) v += b;
            else if (filter === 3) v += (a + b) >> 1;
            else if (filter === 4) {
                const p = a + b - c,
                    pa = Math.abs(p - a),
                    pb = Math.abs(p - b),
                    pc = Math.abs(p - c);
                v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            } else if (filter !== 0) throw new Error(`bad PNG filter ${filter} on row ${y}`);
            out[y * stride + x] = v & 0xff;
        }
    }
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0, j = 0; i < out.length; i += bpp, j += 3) {
        rgb[j] = out[i];
        rgb[j + 1] = out[i + 1];
        rgb[j + 2] = out[i + 2];
    }
    return { width, height, rgb };
}

/** Number of distinct colours in the image. */
export function distinctColours(png: DecodedPng): number {
    const seen = new Set<number>();
    for (let i = 0; i < png.rgb.length; i += 3)
        seen.add((png.rgb[i] << 16) | (png.rgb[i + 1] << 8) | png.rgb[i + 2]);
    return seen.size;
}

/** Pixels within `tolerance` of the colour `#rrggbb`. */
export function pixelsNear(png: DecodedPng, hex: string, tolerance = 4): number {
    const r = parseInt(hex.slice(1, 3), 16),
        g = parseInt(hex.slice(3, 5), 16),
        b = parseInt(hex.slice(5, 7), 16);
    let n = 0;
    for (let i = 0; i < png.rgb.length; i += 3) {
        if (
            Math.abs(png.rgb[i] - r) <= tolerance &&
            Math.abs(png.rgb[i + 1] - g) <= tolerance &&
            Math.abs(png.rgb[i + 2] - b) <= tolerance
        )
            n++;
    }
    return n;
}
