/**
 * A small, strict XML reader for tests: rejects anything not well-formed (unclosed or crossed
 * tags, raw `<` or `&` in text or attributes, unknown entities, two roots) and returns the tree.
 */
export interface XmlElement {
    name: string;
    attrs: Record<string, string>;
    children: XmlElement[];
    text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string, where: string): string {
    if (s.includes("<")) throw new Error(`raw "<" in ${where}`);
    return s.replace(/&([^;]*);?/g, (whole, name: string) => {
        if (!whole.endsWith(";")) throw new Error(`unterminated "&" in ${where}`);
        if (ENTITIES[name]) return ENTITIES[name];
        const m = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
        if (!m) throw new Error(`unknown entity &${name}; in ${where}`);
        return String.fromCodePoint(
            m[1].startsWith("x") ? parseInt(m[1].slice(1), 16) : Number(m[1]),
        );
    });
}

export function parseXml(xml: string): XmlElement {
    let i = 0;
    const stack: XmlElement[] = [];
    let root: XmlElement | null = null;
    if (xml.startsWith("<?xml")) i = xml.indexOf("?>") + 2;
    while (i < xml.length) {
        const lt = xml.indexOf("<", i);
        const text = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
        if (text.trim() !== "") {
            if (stack.length === 0)
                throw new Error(
                    `text outside the root element: ${JSON.stringify(text.slice(0, 40))}`,
                );
            stack[stack.length - 1].text += decode(
                text,
                `text of <${stack[stack.length - 1].name}>`,
            );
        }
        if (lt === -1) break;
        const gt = xml.indexOf(">", lt);
        if (gt === -1) throw new Error(`unclosed tag at ${lt}`);
        const tag = xml.slice(lt + 1, gt);
        i = gt + 1;
        if (tag.startsWith("!--")) continue;
        if (tag.startsWith("/")) {
            const open = stack.pop();
            if (!open || open.name !== tag.slice(1).trim())
                throw new Error(`</${tag.slice(1)}> closes <${open?.name ?? "nothing"}>`);
            continue;
        }
        const selfClosing = tag.endsWith("/");
        const body = selfClosing ? tag.slice(0, -1) : tag;
        const m = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*$/.exec(body);
        if (!m) throw new Error(`malformed tag <${tag.slice(0, 60)}>`);
        const el: XmlElement = { name: m[1], attrs: {}, children: [], text: "" };
        for (const a of m[2].matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
            if (a[1] in el.attrs) throw new Error(`duplicate attribute ${a[1]} on <${el.name}>`);
            el.attrs[a[1]] = decode(a[2], `attribute ${a[1]} of <${el.name}>`);
        }
        if (stack.length > 0) stack[stack.length - 1].children.push(el);
        else if (root) throw new Error("second root element");
        else root = el;
        if (!selfClosing) stack.push(el);
    }
    if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
    if (!root) throw new Error("no root element");
    return root;
}
