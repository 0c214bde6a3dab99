#!/usr/bin/env bash
# Builds the real Pulumi CLI (`pulumi`) from the Go module proxy into a cache directory
# OUTSIDE the repository, for the proof tests in test/real-cli/. Never commit the binaries.
#
#   scripts/build-pulumi-cli.sh            # build (or reuse) and print the bin dir on the last line
#
# Environment:
#   PULUMI_CLI_VERSION                 release to build (default below: the closest one the proxy
#                                      serves to the installed @pulumi/pulumi 3.270.0, whose pkg/v3
#                                      zip the proxy refuses)
#   CHOM_PULUMI_CACHE                  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/chom)
#   PULUMI_LANGUAGE_NODEJS_VERSION     pseudo-version of github.com/pulumi/pulumi/sdk/nodejs/cmd/
#                                      pulumi-language-nodejs/v3 at the commit of the release tag
#                                      (that module is untagged, and the proxy here answers 403
#                                      to its version list and to tag/branch/commit queries, so
#                                      the pseudo-version cannot be discovered offline). When it
#                                      is unset or refused, the script builds the TEST-ONLY
#                                      stand-in host from test/standins/pulumi-language-nodejs/
#                                      into <cache>/pulumi-<ver>/standin-bin/ (never into bin/).
#
# Why a wrapper module: pkg/v3's own go.mod carries `replace` lines, which make `go install
# module@version` refuse. A throw-away main module that requires pkg/v3 builds it, and must
# repeat the non-local replace (the clipboard fork) because a dependency's replaces are ignored.
#
# Policy packs: since 3.2xx the engine launches a nodejs pack through the language host's
# RunPlugin (pkg/resource/plugin/plugin.go ExecPlugin), so no `pulumi-analyzer-policy` shim is
# needed; the language host is.
set -euo pipefail

version="${PULUMI_CLI_VERSION:-3.274.0}"
version="${version#v}"
cache_root="${CHOM_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chom}"
install_dir="$cache_root/pulumi-$version"
bin_dir="$install_dir/bin"
wrapper_dir="$install_dir/wrapper"
standin_dir="$install_dir/standin-bin"
nodejs_host_version="${PULUMI_LANGUAGE_NODEJS_VERSION:-}"
repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
standin_source="$repo_dir/test/standins/pulumi-language-nodejs/main.go"

# The clipboard fork that pkg/v3's go.mod swaps in (must be repeated in the main module).
clipboard_replace="github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e"
version_symbol="github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"

tool=build-pulumi-cli
# shellcheck source=go-tool.sh
source "$repo_dir/scripts/go-tool.sh"
require_go "the Pulumi CLI $version"

cli_ready() {
    [[ -x "$bin_dir/pulumi" ]] && [[ "$("$bin_dir/pulumi" version 2>/dev/null)" == "v$version" ]]
}
real_host_ready() { [[ -x "$bin_dir/pulumi-language-nodejs" ]]; }
# The stand-in is rebuilt whenever its source is newer than the binary.
standin_ready() {
    [[ -x "$standin_dir/pulumi-language-nodejs" && ! "$standin_source" -nt "$standin_dir/pulumi-language-nodejs" ]]
}
all_ready() {
    cli_ready || return 1
    if [[ -n "$nodejs_host_version" ]]; then real_host_ready; else real_host_ready || standin_ready; fi
}
report_host() {
    if real_host_ready; then
        log "nodejs language host: $bin_dir/pulumi-language-nodejs (real, $nodejs_host_version)"
    elif [[ -x "$standin_dir/pulumi-language-nodejs" ]]; then
        log "nodejs language host: TEST-ONLY stand-in at $standin_dir (the real one needs PULUMI_LANGUAGE_NODEJS_VERSION)"
    else
        log "warning: no nodejs language host was built"
    fi
}

if all_ready; then
    log "reusing Pulumi CLI v$version at $bin_dir"
    report_host
    printf '%s\n' "$bin_dir"
    exit 0
fi

mkdir -p "$bin_dir" "$wrapper_dir"
# One build at a time per cache dir: parallel test runs wait here, then reuse the result.
exec 9>"$install_dir/.build.lock"
if ! flock -n 9; then
    log "another build of v$version is running; waiting for it"
    flock 9
fi
if all_ready; then
    log "reusing Pulumi CLI v$version at $bin_dir (built by a concurrent run)"
    report_host
    printf '%s\n' "$bin_dir"
    exit 0
fi
started=$(date +%s)

cd "$wrapper_dir"
if [[ ! -f go.mod ]]; then
    go mod init chom.local/pulumi-cli-build >/dev/null 2>&1
    go mod edit -replace "$clipboard_replace"
fi
# go get rewrites go.mod only when it succeeds, so a failed download is retried next time.
if ! grep -Eq '^(tool )?[[:space:]]*github.com/pulumi/pulumi/pkg/v3/cmd/pulumi$' go.mod; then
    log "resolving github.com/pulumi/pulumi/pkg/v3@v$version"
    go get "github.com/pulumi/pulumi/sdk/v3@v$version" >&2
    go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version" >&2
fi

if ! cli_ready; then
    log "compiling pulumi v$version (a cold build takes many minutes on 2 cores)"
    go build -trimpath -ldflags "-s -w -X $version_symbol=v$version" \
        -o "$bin_dir/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    mv "$bin_dir/pulumi.tmp" "$bin_dir/pulumi"
fi

host_module="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
if [[ -n "$nodejs_host_version" ]] && ! real_host_ready; then
    log "resolving $host_module@$nodejs_host_version"
    if go get -tool "$host_module@$nodejs_host_version" >&2; then
        go build -trimpath -ldflags "-s -w -X $version_symbol=v$version" \
            -o "$bin_dir/pulumi-language-nodejs.tmp" "$host_module"
        mv "$bin_dir/pulumi-language-nodejs.tmp" "$bin_dir/pulumi-language-nodejs"
    else
        log "warning: the module proxy refused $host_module@$nodejs_host_version"
    fi
fi

if ! real_host_ready && ! standin_ready; then
    if [[ ! -f "$standin_source" ]]; then
        log "error: no real nodejs language host and no stand-in source at $standin_source"
        exit 2
    fi
    log "building the TEST-ONLY nodejs language host stand-in (real host module unavailable)"
    mkdir -p "$wrapper_dir/standin-pulumi-language-nodejs" "$standin_dir"
    cp "$standin_source" "$wrapper_dir/standin-pulumi-language-nodejs/main.go"
    go build -trimpath -ldflags "-s -w -X main.standinVersion=$version-standin" \
        -o "$standin_dir/pulumi-language-nodejs.tmp" ./standin-pulumi-language-nodejs
    mv "$standin_dir/pulumi-language-nodejs.tmp" "$standin_dir/pulumi-language-nodejs"
fi

log "built in $(( $(date +%s) - started ))s"
report_host
printf '%s\n' "$bin_dir"
