import * as assert from "assert";
import { renderNginxConfig } from "../../../infra/render/nginx";
import { NginxParseError, parseHsts, parseNginxConfig, readNginxConfig } from "../../../policies/lib/nginx-config";
import { tlsProps } from "../../fixtures/stack";

const rendered = (): string => tlsProps().nginxConfig;

function parseError(text: string): string {
    try {
        parseNginxConfig(text);
    } catch (e) {
        assert.ok(e instanceof NginxParseError, String(e));
        return e.message;
    }
    return assert.fail("parsed");
}

describe("nginx config parser (policies/lib/nginx-config)", () => {
    describe("on the program's rendered config (infra/render/nginx, fixture config)", () => {
        it("is the renderer's output for the fixture fields", () => {
            const { nginxConfig, ...fields } = tlsProps();
            assert.strictEqual(nginxConfig, renderNginxConfig(fields));
        });
        it("reads three server blocks: 80 (redirect), 443 ssl, 8081 (status)", () => {
            const view = readNginxConfig(rendered());
            assert.deepStrictEqual(view.servers.map((s) => [s.line, s.ports, s.ssl]), [[5, [80], false], [14, [443], true], [45, [8081], false]]);
            assert.deepStrictEqual(view.zones, [{ name: "chom_per_ip", key: "$binary_remote_addr", perSecond: 10, line: 3 }]);
        });
        it("gives the ssl server's effective TLS settings with their lines", () => {
            const ssl = readNginxConfig(rendered()).servers[1];
            assert.deepStrictEqual(ssl.sslProtocols, { value: ["TLSv1.2", "TLSv1.3"], line: 21 });
            assert.strictEqual(ssl.sslCiphers!.value.split(":").length, 6);
            assert.deepStrictEqual(ssl.sslPreferServerCiphers, { value: false, line: 23 });
            // server_tokens is set at http level (the file is included in http) and inherited.
            assert.deepStrictEqual(ssl.serverTokens, { value: "off", line: 2 });
            assert.deepStrictEqual(ssl.headers.map((h) => [h.name, h.always, h.line]), [
                ["Strict-Transport-Security", true, 27], ["Content-Security-Policy", true, 28], ["X-Frame-Options", true, 29],
                ["X-Content-Type-Options", true, 30], ["Referrer-Policy", true, 31], ["Permissions-Policy", true, 32],
            ]);
            assert.strictEqual(ssl.headers[1].value, "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'");
            assert.deepStrictEqual(ssl.limitReq, [{ zone: "chom_per_ip", burst: 20, line: 33 }]);
            assert.deepStrictEqual([ssl.headerOverrides, ssl.limitReqOverrides, ssl.locationServerTokens, ssl.includes], [[], [], [], []]);
            assert.deepStrictEqual(ssl.locations.map((l) => l.match), ["/", "~ \\.php$"]);
        });
        it("reads the port 80 server's locations and the redirect", () => {
            const plain = readNginxConfig(rendered()).servers[0];
            assert.deepStrictEqual(plain.locations, [
                { match: "/.well-known/acme-challenge/", line: 9, return: undefined },
                { match: "= /health", line: 10, return: { code: 200, target: "ok\n", line: 10 } },
                { match: "/", line: 11, return: { code: 301, target: "https://$host$request_uri", line: 11 } },
            ]);
        });
    });

    describe("syntax", () => {
        it("skips comments, keeps # inside a word, and resolves quotes and escapes as nginx does", () => {
            const d = parseNginxConfig([
                "# ssl_protocols TLSv1;",
                "a b#c 'x;y{z}' \"q\\\"w\" \\; ; # trailing",
                "location ~ ^/a\\.b${x}$ { }",
            ].join("\n"));
            assert.deepStrictEqual(d.map((x) => [x.name, x.args, x.line]), [["a", ["b#c", "x;y{z}", "q\"w", "\\;"], 2], ["location", ["~", "^/a\\.b${x}$"], 3]]);
            assert.deepStrictEqual(d[1].block, []);
        });
        it("reads a whole nginx.conf through its http block", () => {
            const view = readNginxConfig("events {}\nhttp {\n  ssl_protocols TLSv1.3;\n  server { listen 8443 ssl; }\n}\n");
            assert.deepStrictEqual(view.servers.map((s) => [s.ports, s.ssl, s.sslProtocols]), [[[8443], true, { value: ["TLSv1.3"], line: 3 }]]);
        });
        it("names the line of what nginx would refuse", () => {
            assert.strictEqual(parseError("server {\n  listen 443 ssl;\n"), `line 2: unexpected end of file: the block opened at line 1 is not closed with "}"`);
            assert.strictEqual(parseError("server { listen 443 }\n"), `line 1: unexpected "}" in directive "listen" (line 1): missing ";"`);
            assert.strictEqual(parseError("a;\n}\n"), `line 2: unexpected "}"`);
            assert.strictEqual(parseError("add_header X \"open;\n"), "line 1: unterminated double-quoted string");
            assert.strictEqual(parseError("add_header X \"a\"b;"), `line 1: unexpected "b" after a quoted string`);
            assert.strictEqual(parseError("{ }"), `line 1: unexpected "{"`);
            assert.strictEqual(parseError("ssl_protocols TLSv1.2"), `line 1: unexpected end of file: directive "ssl_protocols" (line 1) is not ended with ";" or "{"`);
        });
    });

    describe("effective settings (hand-written variants)", () => {
        it("a server-level directive overrides http level; unset stays undefined (nginx's default)", () => {
            const view = readNginxConfig([
                "ssl_protocols TLSv1 TLSv1.1 TLSv1.2;", "server_tokens on;",
                "server { listen 443 ssl; ssl_protocols TLSv1.3; server_tokens off; }",
                "server { listen 127.0.0.1:8443 ssl; }",
                "server { server_name x; ssl on; }",
            ].join("\n"));
            assert.deepStrictEqual(view.servers.map((s) => [s.ports, s.ssl, s.sslProtocols?.value, s.serverTokens?.value, s.sslCiphers]), [
                [[443], true, ["TLSv1.3"], "off", undefined],
                [[8443], true, ["TLSv1", "TLSv1.1", "TLSv1.2"], "on", undefined],
                // No listen: *:80; the legacy `ssl on;` makes it ssl.
                [[80], true, ["TLSv1", "TLSv1.1", "TLSv1.2"], "on", undefined],
            ]);
        });
        it("add_header and limit_req: inherited only by a level that sets none; a location's own replace them there", () => {
            const view = readNginxConfig([
                "add_header X-A \"1\" always;", "limit_req_zone $server_name zone=z:1m rate=30r/m;", "limit_req zone=z;",
                "server { listen 443 ssl;",
                "  location / { add_header X-B \"2\"; limit_req zone=other burst=5; server_tokens on; }",
                "  location /x { if ($a) { add_header X-C 3; } include snippets/x.conf; }",
                "  include snippets/tls.conf;",
                "}",
                "server { listen 443 ssl; add_header X-D 4; }",
            ].join("\n"));
            const [a, b] = view.servers;
            assert.deepStrictEqual(a.headers, [{ name: "X-A", value: "1", always: true, line: 1 }]);
            assert.deepStrictEqual(a.limitReq, [{ zone: "z", burst: undefined, line: 3 }]);
            assert.deepStrictEqual(a.headerOverrides.map((o) => [o.location, o.line, o.headers.map((h) => [h.name, h.always])]), [["/", 5, [["X-B", false]]]]);
            assert.deepStrictEqual(a.limitReqOverrides, [{ location: "/", line: 5, limits: [{ zone: "other", burst: 5, line: 5 }] }]);
            assert.deepStrictEqual(a.locationServerTokens, [{ value: "on", line: 5 }]);
            // Includes at http or server level are noted (their content is not visible).
            assert.deepStrictEqual(a.includes, [{ value: "snippets/tls.conf", line: 7 }]);
            assert.deepStrictEqual(b.headers.map((h) => h.name), ["X-D"]);
            assert.deepStrictEqual(view.zones, [{ name: "z", key: "$server_name", perSecond: 0.5, line: 2 }]);
        });
        it("reads `return URL` as a 302 and `return 301 URL`", () => {
            const view = readNginxConfig("server { return https://a; }\nserver { listen 80; return 308 https://b$request_uri; }");
            assert.deepStrictEqual(view.servers.map((s) => s.return), [{ code: 302, target: "https://a", line: 1 }, { code: 308, target: "https://b$request_uri", line: 2 }]);
        });
        it("parses HSTS values", () => {
            assert.deepStrictEqual(parseHsts("max-age=63072000; includeSubDomains; preload"), { maxAgeSeconds: 63072000, includeSubDomains: true, preload: true });
            assert.deepStrictEqual(parseHsts("MAX-AGE=\"300\""), { maxAgeSeconds: 300, includeSubDomains: false, preload: false });
            assert.deepStrictEqual(parseHsts("includeSubDomains"), { maxAgeSeconds: undefined, includeSubDomains: true, preload: false });
        });
    });
});
