import * as assert from "assert";
import { renderNginxConfig } from "../../../infra/render/nginx";
import {
    NginxParseError,
    parseHsts,
    parseNginxConfig,
    readNginxConfig,
} from "../../../policies/lib/nginx-config";
import { configText } from "../../helpers/config-text";
import { tlsProps } from "../../helpers/fixture-stack";
import { renderedFixture } from "../../helpers/rendered-fixture";
import { thrownBy } from "../../helpers/thrown";

const parseError = (text: string): string =>
    thrownBy(() => parseNginxConfig(text), NginxParseError).message;

describe("nginx config parser (policies/lib/nginx-config)", () => {
    describe("on the program's rendered config (infra/render/nginx, fixture config)", () => {
        const rendered = renderedFixture(tlsProps, "nginxConfig", renderNginxConfig);
        it("reads three server blocks: 80 (redirect), 443 ssl, 8081 (status)", () => {
            const view = readNginxConfig(rendered());
            assert.deepStrictEqual(
                view.servers.map((s) => [s.line, s.ports, s.ssl]),
                [
                    [5, [80], false],
                    [14, [443], true],
                    [45, [8081], false],
                ],
            );
            assert.deepStrictEqual(view.zones, [
                { name: "chom_per_ip", key: "$binary_remote_addr", perSecond: 10, line: 3 },
            ]);
        });
        it("gives the ssl server's effective TLS settings with their lines", () => {
            const ssl = readNginxConfig(rendered()).servers[1];
            assert.deepStrictEqual(ssl.sslProtocols, { value: ["TLSv1.2", "TLSv1.3"], line: 21 });
            assert.strictEqual(ssl.sslCiphers!.value.split(":").length, 6);
            assert.deepStrictEqual(ssl.sslPreferServerCiphers, { value: false, line: 23 });
            // server_tokens is set at http level (the file is included in http) and inherited.
            assert.deepStrictEqual(ssl.serverTokens, { value: "off", line: 2 });
            assert.deepStrictEqual(
                ssl.headers.map((h) => [h.name, h.always, h.line]),
                [
                    ["Strict-Transport-Security", true, 27],
                    ["Content-Security-Policy", true, 28],
                    ["X-Frame-Options", true, 29],
                    ["X-Content-Type-Options", true, 30],
                    ["Referrer-Policy", true, 31],
                    ["Permissions-Policy", true, 32],
                ],
            );
            assert.strictEqual(
                ssl.headers[1].value,
                "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
            );
            assert.deepStrictEqual(ssl.limitReq, [{ zone: "chom_per_ip", burst: 20, line: 33 }]);
            assert.deepStrictEqual(
                [
                    ssl.headerOverrides,
                    ssl.limitReqOverrides,
                    ssl.locationServerTokens,
                    ssl.includes,
                ],
                [[], [], [], []],
            );
            assert.deepStrictEqual(
                ssl.locations.map((l) => l.match),
                ["/", "~ \\.php$"],
            );
        });
        it("reads the port 80 server's locations and the redirect", () => {
            const plain = readNginxConfig(rendered()).servers[0];
            assert.deepStrictEqual(plain.locations, [
                { match: "/.well-known/acme-challenge/", line: 9, return: undefined },
                { match: "= /health", line: 10, return: { code: 200, target: "ok\n", line: 10 } },
                {
                    match: "/",
                    line: 11,
                    return: { code: 301, target: "https://$host$request_uri", line: 11 },
                },
            ]);
        });
    });

    describe("syntax", () => {
        it("skips comments, keeps # inside a word, and resolves quotes and escapes as nginx does", () => {
            const d = parseNginxConfig(configText`
                # ssl_protocols TLSv1;
                a b#c 'x;y{z}' "q\\"w" \\; ; # trailing
                location ~ ^/a\\.b\${x}$ { }
            `);
            assert.deepStrictEqual(
                d.map((x) => [x.name, x.args, x.line]),
                [
                    ["a", ["b#c", "x;y{z}", 'q"w', "\\;"], 2],
                    ["location", ["~", "^/a\\.b${x}$"], 3],
                ],
            );
            assert.deepStrictEqual(d[1].block, []);
        });
        it("reads a whole nginx.conf through its http block", () => {
            const view = readNginxConfig(
                "events {}\nhttp {\n  ssl_protocols TLSv1.3;\n  server { listen 8443 ssl; }\n}\n",
            );
            assert.deepStrictEqual(
                view.servers.map((s) => [s.ports, s.ssl, s.sslProtocols]),
                [[[8443], true, { value: ["TLSv1.3"], line: 3 }]],
            );
        });
        it("names the line of what nginx would refuse", () => {
            assert.strictEqual(
                parseError("server {\n  listen 443 ssl;\n"),
                `line 2: unexpected end of file: the block opened at line 1 is not closed with "}"`,
            );
            assert.strictEqual(
                parseError("server { listen 443 }\n"),
                `line 1: unexpected "}" in directive "listen" (line 1): missing ";"`,
            );
            assert.strictEqual(parseError("a;\n}\n"), `line 2: unexpected "}"`);
            assert.strictEqual(
                parseError('add_header X "open;\n'),
                "line 1: unterminated double-quoted string",
            );
            assert.strictEqual(
                parseError('add_header X "a"b;'),
                `line 1: unexpected "b" after a quoted string`,
            );
            assert.strictEqual(parseError("{ }"), `line 1: unexpected "{"`);
            assert.strictEqual(
                parseError("ssl_protocols TLSv1.2"),
                `line 1: unexpected end of file: directive "ssl_protocols" (line 1) is not ended with ";" or "{"`,
            );
        });
    });

    describe("effective settings (hand-written variants)", () => {
        it("a server-level directive overrides http level; unset stays undefined (nginx's default)", () => {
            const view = readNginxConfig(configText`
                ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
                server_tokens on;
                server { listen 443 ssl; ssl_protocols TLSv1.3; server_tokens off; }
                server { listen 127.0.0.1:8443 ssl; }
                server { server_name x; ssl on; }
            `);
            assert.deepStrictEqual(
                view.servers.map((s) => [
                    s.ports,
                    s.ssl,
                    s.sslProtocols?.value,
                    s.serverTokens?.value,
                    s.sslCiphers,
                ]),
                [
                    [[443], true, ["TLSv1.3"], "off", undefined],
                    [[8443], true, ["TLSv1", "TLSv1.1", "TLSv1.2"], "on", undefined],
                    // No listen: *:80; the legacy `ssl on;` makes it ssl.
                    [[80], true, ["TLSv1", "TLSv1.1", "TLSv1.2"], "on", undefined],
                ],
            );
        });
        it("add_header and limit_req: inherited only by a level that sets none; a location's own replace them there", () => {
            const view = readNginxConfig(configText`
                add_header X-A "1" always;
                limit_req_zone $server_name zone=z:1m rate=30r/m;
                limit_req zone=z;
                server { listen 443 ssl;
                  location / { add_header X-B "2"; limit_req zone=other burst=5; server_tokens on; }
                  location /x { if ($a) { add_header X-C 3; } include snippets/x.conf; }
                  include snippets/tls.conf;
                }
                server { listen 443 ssl; add_header X-D 4; }
            `);
            const [a, b] = view.servers;
            assert.deepStrictEqual(a.headers, [{ name: "X-A", value: "1", always: true, line: 1 }]);
            assert.deepStrictEqual(a.limitReq, [{ zone: "z", burst: undefined, line: 3 }]);
            assert.deepStrictEqual(
                a.headerOverrides.map((o) => [
                    o.location,
                    o.line,
                    o.headers.map((h) => [h.name, h.always]),
                ]),
                [["/", 5, [["X-B", false]]]],
            );
            assert.deepStrictEqual(a.limitReqOverrides, [
                { location: "/", line: 5, limits: [{ zone: "other", burst: 5, line: 5 }] },
            ]);
            assert.deepStrictEqual(a.locationServerTokens, [{ value: "on", line: 5 }]);
            // Includes at http or server level are noted (their content is not visible).
            assert.deepStrictEqual(a.includes, [{ value: "snippets/tls.conf", line: 7 }]);
            assert.deepStrictEqual(
                b.headers.map((h) => h.name),
                ["X-D"],
            );
            assert.deepStrictEqual(view.zones, [
                { name: "z", key: "$server_name", perSecond: 0.5, line: 2 },
            ]);
        });
        it("reads `return URL` as a 302 and `return 301 URL`", () => {
            const view = readNginxConfig(
                "server { return https://a; }\nserver { listen 80; return 308 https://b$request_uri; }",
            );
            assert.deepStrictEqual(
                view.servers.map((s) => s.return),
                [
                    { code: 302, target: "https://a", line: 1 },
                    { code: 308, target: "https://b$request_uri", line: 2 },
                ],
            );
        });
        it("parses HSTS values", () => {
            assert.deepStrictEqual(parseHsts("max-age=63072000; includeSubDomains; preload"), {
                maxAgeSeconds: 63072000,
                includeSubDomains: true,
                preload: true,
            });
            assert.deepStrictEqual(parseHsts('MAX-AGE="300"'), {
                maxAgeSeconds: 300,
                includeSubDomains: false,
                preload: false,
            });
            assert.deepStrictEqual(parseHsts("includeSubDomains"), {
                maxAgeSeconds: undefined,
                includeSubDomains: true,
                preload: false,
            });
        });
    });

    describe("tokenizer and parser details", () => {
        const args = (text: string) => parseNginxConfig(text).map((d) => [d.name, d.args, d.line]);
        it("throws a NginxParseError named so", () => {
            const e = thrownBy(() => parseNginxConfig("}"), NginxParseError);
            assert.strictEqual(e.name, "NginxParseError");
            assert.strictEqual(e.line, 1);
        });
        it("resolves \\\" \\' \\\\ \\n \\r \\t in quoted strings and keeps any other backslash", () => {
            assert.deepStrictEqual(args(`a "d\\"q" 's\\'q' "b\\\\s" "n\\nr\\rt\\t" "x\\.y";`), [
                ["a", ['d"q', "s'q", "b\\s", "n\nr\rt\t", "x\\.y"], 1],
            ]);
            assert.deepStrictEqual(args(`a d\\"q s\\'q b\\\\s x\\.y;`), [
                ["a", ['d"q', "s'q", "b\\s", "x\\.y"], 1],
            ]);
        });
        it("separates on tabs and carriage returns too", () => {
            assert.deepStrictEqual(args("a\tb\r\nc\td;\r\ne f;"), [
                ["a", ["b", "c", "d"], 1],
                ["e", ["f"], 3],
            ]);
        });
        it("ends a comment at the end of the file", () => {
            assert.deepStrictEqual(args("a b;\n# last line without newline"), [["a", ["b"], 1]]);
        });
        it("counts the lines inside a quoted string", () => {
            assert.deepStrictEqual(args(`a "x\ny\nz";\nb;`), [
                ["a", ["x\ny\nz"], 1],
                ["b", [], 4],
            ]);
        });
        it("names the kind of an unterminated quote", () => {
            assert.strictEqual(
                parseError("a 'open;\n"),
                "line 1: unterminated single-quoted string",
            );
            assert.strictEqual(
                parseError('a;\nb "open\\'),
                "line 2: unterminated double-quoted string",
            );
        });
        it("a quoted string may end the file (then the directive is unterminated)", () => {
            assert.strictEqual(
                parseError(`a "b"`),
                `line 1: unexpected end of file: directive "a" (line 1) is not ended with ";" or "{"`,
            );
        });
        it("a word may end the file; a trailing backslash stays in it", () => {
            assert.strictEqual(
                parseError("a;\nbc"),
                `line 2: unexpected end of file: directive "bc" (line 2) is not ended with ";" or "{"`,
            );
            assert.strictEqual(
                parseError("a;\nbc\\"),
                `line 2: unexpected end of file: directive "bc\\" (line 2) is not ended with ";" or "{"`,
            );
        });
        it("a backslash before a newline stays and the newline separates; a word may start with an escape", () => {
            assert.deepStrictEqual(args("a b\\\nc;"), [["a", ["b\\", "c"], 1]]);
            assert.deepStrictEqual(args("a\n\\t;"), [["a", ["\t"], 1]]);
        });
        it("a brace ends a word unless it opens ${...}", () => {
            assert.deepStrictEqual(
                parseNginxConfig("server{listen 8080;}").map((d) => [
                    d.name,
                    d.block?.map((c) => [c.name, c.args]),
                ]),
                [["server", [["listen", ["8080"]]]]],
            );
            assert.strictEqual(
                parseError("server { listen 80}"),
                `line 1: unexpected "}" in directive "listen" (line 1): missing ";"`,
            );
            assert.strictEqual(parseError("set $a ${b;\n"), "line 1: unterminated ${...} variable");
        });
    });

    describe("settings read from hand-written variants", () => {
        const only = (text: string) => {
            const view = readNginxConfig(text);
            assert.strictEqual(view.servers.length, 1);
            return view.servers[0];
        };
        it("listen: unix sockets are skipped, an address without port is 80, an IPv6 address without port too; ssl is a parameter", () => {
            const s = only(
                "server { listen unix:/run/nginx.sock; listen localhost; listen [2001:db8::1]; listen 127.0.0.1:8080; listen ssl; }",
            );
            assert.deepStrictEqual(
                s.listens.map((l) => [l.port, l.ssl]),
                [
                    [80, false],
                    [80, false],
                    [8080, false],
                    [80, false],
                ],
            );
            assert.deepStrictEqual(
                [s.ports, s.ssl, s.label],
                [[80, 8080], false, "server block listening on 80, 8080"],
            );
        });
        it("a server without listen listens on 80 without ssl; one ssl listen among several makes it ssl", () => {
            assert.deepStrictEqual(only("server { server_name x; }").listens, [
                { port: 80, ssl: false, line: 1 },
            ]);
            assert.strictEqual(only("server { listen 80; listen 443 ssl; }").ssl, true);
        });
        it("the last of repeated directives wins", () => {
            assert.deepStrictEqual(
                only("server { listen 443 ssl; server_tokens on; server_tokens off; }")
                    .serverTokens,
                { value: "off", line: 1 },
            );
        });
        it("reads ssl_ciphers words, ssl_prefer_server_ciphers on, limit_req_dry_run, empty server_tokens", () => {
            const s = only(
                "server {\n listen 443 ssl;\n ssl_ciphers A B;\n ssl_prefer_server_ciphers on;\n limit_req_dry_run on;\n server_tokens;\n}",
            );
            assert.deepStrictEqual(
                [s.sslCiphers, s.sslPreferServerCiphers, s.limitReqDryRun, s.serverTokens],
                [
                    { value: "A B", line: 3 },
                    { value: true, line: 4 },
                    { value: true, line: 5 },
                    { value: "", line: 6 },
                ],
            );
            assert.deepStrictEqual(only("server { limit_req_dry_run off; }").limitReqDryRun, {
                value: false,
                line: 1,
            });
            assert.strictEqual(only("server { }").limitReqDryRun, undefined);
        });
        it("add_header, limit_req, include and a location's server_tokens without arguments", () => {
            const s = only(
                "server { add_header; limit_req burst=5 zone=z; include; location / { server_tokens; } }",
            );
            assert.deepStrictEqual(s.headers, [{ name: "", value: "", always: false, line: 1 }]);
            assert.deepStrictEqual(s.limitReq, [{ zone: "z", burst: 5, line: 1 }]);
            assert.deepStrictEqual(s.includes, [{ value: "", line: 1 }]);
            assert.deepStrictEqual(s.locationServerTokens, [{ value: "", line: 1 }]);
            assert.deepStrictEqual(only("server { limit_req burst=5; }").limitReq, [
                { zone: "", burst: 5, line: 1 },
            ]);
        });
        it("return: a code alone, a URL alone (302) even with digits in it", () => {
            const ret = (r: string) => only(`server { return ${r}; }`).return;
            assert.deepStrictEqual(ret("404"), { code: 404, target: "", line: 1 });
            assert.deepStrictEqual(ret("https://a/1"), {
                code: 302,
                target: "https://a/1",
                line: 1,
            });
            assert.deepStrictEqual(ret("301abc"), { code: 302, target: "301abc", line: 1 });
        });
        it("limit_req_zone without a zone or a valid rate defines nothing", () => {
            const zones = (text: string) => readNginxConfig(text).zones;
            assert.deepStrictEqual(zones("limit_req_zone $binary_remote_addr rate=10r/s;"), []);
            assert.deepStrictEqual(zones("limit_req_zone $binary_remote_addr zone=z:1m;"), []);
            assert.deepStrictEqual(
                zones("limit_req_zone $binary_remote_addr zone=z:1m rate=fast;"),
                [],
            );
        });
        it("finds locations nested in locations and in if blocks, not in other blocks", () => {
            const s = only(configText`
                server {
                  location /a { location /a/b { add_header X-B 1; } }
                  if ($x) { location /c { add_header X-C 1; limit_req zone=z; } }
                  foo { location /d { add_header X-D 1; } }
                }
            `);
            assert.deepStrictEqual(
                s.headerOverrides.map((o) => [o.location, o.line]),
                [
                    ["/a/b", 2],
                    ["/c", 3],
                ],
            );
            assert.deepStrictEqual(
                s.limitReqOverrides.map((o) => o.location),
                ["/c"],
            );
            assert.deepStrictEqual(
                s.locations.map((l) => l.match),
                ["/a"],
            );
        });
        it("a conf.d file may open with other blocks (upstream, map): only server blocks are servers", () => {
            const view = readNginxConfig(
                "upstream app { server app:9000; }\nmap $a $b { default 1; }\nserver { listen 8080; }\n",
            );
            assert.deepStrictEqual(
                view.servers.map((s) => [s.line, s.ports]),
                [[3, [8080]]],
            );
        });
        it("parses HSTS with spaces around =, in any order, and only a whole max-age part", () => {
            assert.deepStrictEqual(parseHsts("includeSubDomains; max-age = 5"), {
                maxAgeSeconds: 5,
                includeSubDomains: true,
                preload: false,
            });
            assert.strictEqual(parseHsts("xmax-age=5").maxAgeSeconds, undefined);
            assert.strictEqual(parseHsts("max-age=5x").maxAgeSeconds, undefined);
        });
    });
    describe("directives without the block they usually have", () => {
        it("a location without a block and a top-level server without a block are skipped", () => {
            const view = readNginxConfig(
                "server app:9000;\nserver { listen 8080; location /x; }\n",
            );
            assert.deepStrictEqual(
                view.servers.map((s) => [
                    s.line,
                    s.ports,
                    s.headerOverrides,
                    s.locations.map((l) => l.match),
                ]),
                [[2, [8080], [], ["/x"]]],
            );
        });
    });
});
