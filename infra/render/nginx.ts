/**
 * The nginx server configuration rendered from `chom:tls`. The chom:edge:Tls component carries
 * it as `nginxConfig` (so the pack sees exactly what runs) and the nginx container mounts it.
 * Every value written here was validated in config.ts (no quotes, `$` or newlines).
 */
import type { TlsConfig } from "../config";

/** Where the rendered file is uploaded in the nginx container (included in the http context). */
export const NGINX_CONFIG_PATH = "/etc/nginx/conf.d/default.conf";
/** Port of the internal status listener (never published): stub_status and the app's metrics. */
export const NGINX_STATUS_PORT = 8081;
/**
 * Host directories nginx reads: certificates and the ACME webroot, both managed by certbot on the
 * host.
 */
export const LETSENCRYPT_DIR = "/etc/letsencrypt";
export const ACME_WEBROOT = "/var/www/certbot";

const APP_ROOT = "/var/www/html/public";

function appLocations(indent: string): string[] {
    return [
        `${indent}root ${APP_ROOT};`,
        `${indent}index index.php;`,
        `${indent}location / { try_files $uri $uri/ /index.php?$query_string; }`,
        `${indent}location ~ \\.php$ {`,
        `${indent}    fastcgi_pass app:9000;`,
        `${indent}    include fastcgi_params;`,
        `${indent}    fastcgi_param SCRIPT_FILENAME ${APP_ROOT}$fastcgi_script_name;`,
        `${indent}}`,
    ];
}

export function renderNginxConfig(tls: TlsConfig): string {
    const names = tls.domains.join(" ");
    const primary = tls.domains[0];
    const hsts = [
        `max-age=${tls.hsts.maxAgeSeconds}`,
        ...(tls.hsts.includeSubDomains ? ["includeSubDomains"] : []),
        ...(tls.hsts.preload ? ["preload"] : []),
    ].join("; ");
    const limit = tls.rateLimitPerSecond > 0;
    const lines: string[] = [
        "# Rendered by the chom Pulumi program from chom:tls. Do not edit on the host.",
        `server_tokens ${tls.serverTokens ? "on" : "off"};`,
        ...(limit
            ? [
                  `limit_req_zone $binary_remote_addr zone=chom_per_ip:10m rate=${tls.rateLimitPerSecond}r/s;`,
              ]
            : []),
        "",
        "server {",
        "    listen 80;",
        "    listen [::]:80;",
        `    server_name ${names};`,
        `    location /.well-known/acme-challenge/ { root ${ACME_WEBROOT}; }`,
        // The container health check asks for /health over plain HTTP on localhost.
        '    location = /health { access_log off; return 200 "ok\\n"; }',
        ...(tls.httpRedirect
            ? ["    location / { return 301 https://$host$request_uri; }"]
            : appLocations("    ")),
        "}",
        "",
        "server {",
        "    listen 443 ssl;",
        "    listen [::]:443 ssl;",
        "    http2 on;",
        `    server_name ${names};`,
        `    ssl_certificate ${LETSENCRYPT_DIR}/live/${primary}/fullchain.pem;`,
        `    ssl_certificate_key ${LETSENCRYPT_DIR}/live/${primary}/privkey.pem;`,
        `    ssl_protocols ${tls.protocols.join(" ")};`,
        ...(tls.ciphers.length ? [`    ssl_ciphers ${tls.ciphers.join(":")};`] : []),
        "    ssl_prefer_server_ciphers off;",
        "    ssl_session_timeout 1d;",
        "    ssl_session_cache shared:chom_tls:10m;",
        "    ssl_session_tickets off;",
        `    add_header Strict-Transport-Security "${hsts}" always;`,
        ...Object.entries(tls.headers).map(
            ([name, value]) => `    add_header ${name} "${value}" always;`,
        ),
        ...(limit
            ? [`    limit_req zone=chom_per_ip burst=${tls.rateLimitPerSecond * 2} nodelay;`]
            : []),
        ...appLocations("    "),
        "}",
        "",
        "# Internal status listener: reachable on the docker networks only (never published).",
        "server {",
        `    listen ${NGINX_STATUS_PORT};`,
        "    access_log off;",
        "    location = /stub_status { stub_status; }",
        "    location = /metrics {",
        "        fastcgi_pass app:9000;",
        "        include fastcgi_params;",
        `        fastcgi_param SCRIPT_FILENAME ${APP_ROOT}/index.php;`,
        "    }",
        "    location / { return 404; }",
        "}",
        "",
    ];
    return lines.join("\n");
}
