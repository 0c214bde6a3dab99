# Sourced by the scripts that build a Go tool into the cache (build-pulumi-cli.sh,
# build-dsse-verifier.sh): their log line and the toolchain check. Set `tool` before sourcing.

log() { printf '%s: %s\n' "$tool" "$*" >&2; }

# Exits 2 (bad environment) when go is missing, saying what it was needed for.
require_go() {
    if ! command -v go >/dev/null 2>&1; then
        log "error: the go toolchain is not on PATH (needed to build $1)"
        exit 2
    fi
}
