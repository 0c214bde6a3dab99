#!/usr/bin/env bash
# Builds the TEST-ONLY DSSE verifier (test/interop/dsse-verify: go-securesystemslib's dsse package,
# an implementation nobody in this project wrote) from the Go module proxy into a cache directory
# OUTSIDE the repository, for test/interop/dsse-interop.test.ts. Never commit the binary.
#
#   scripts/build-dsse-verifier.sh        # build (or reuse) and print the binary's path on the last line
#
# Environment:
#   CHOM_DSSE_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/chom)
#
# The cache is keyed by the sha256 of the program's main.go, go.mod and go.sum, so a change to any
# of them builds anew; the module versions are pinned in go.mod / go.sum (securesystemslib v0.11.1).
set -euo pipefail

repo_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="$repo_dir/test/interop/dsse-verify"
cache_root="${CHOM_DSSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chom}"

tool=build-dsse-verifier
# shellcheck source=go-tool.sh
source "$repo_dir/scripts/go-tool.sh"
require_go "the DSSE interop verifier"

key="$(cat "$source_dir/main.go" "$source_dir/go.mod" "$source_dir/go.sum" | sha256sum | cut -c1-16)"
install_dir="$cache_root/dsse-verify-$key"
binary="$install_dir/dsse-verify"

if [[ -x "$binary" ]]; then
    log "reusing $binary"
    printf '%s\n' "$binary"
    exit 0
fi

mkdir -p "$install_dir"
exec 9>"$install_dir/.build.lock"
flock 9
if [[ -x "$binary" ]]; then
    log "reusing $binary (built by a concurrent run)"
    printf '%s\n' "$binary"
    exit 0
fi
started=$(date +%s)
log "building $binary from $source_dir"
# -mod=readonly: go.sum is the record of what is built; a missing entry fails instead of changing it.
(cd "$source_dir" && go build -mod=readonly -trimpath -o "$binary.tmp" .)
mv "$binary.tmp" "$binary"
log "built in $(( $(date +%s) - started )) s"
printf '%s\n' "$binary"
