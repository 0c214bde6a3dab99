#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, on a fresh Debian machine (as root):
# headless Chromium (certificate.html screenshot), xmllint (junit.xml), and the real Pulumi CLI
# built from the Go module proxy (the real-engine proof; cached outside the repo), and the test-only
# DSSE verifier built on go-securesystemslib (the signature interop proof; cached outside too).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v python3 >/dev/null 2>&1 || need+=(python3)   # test/interop/subject_digest.py
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

bash scripts/build-pulumi-cli.sh
bash scripts/build-dsse-verifier.sh >/dev/null
