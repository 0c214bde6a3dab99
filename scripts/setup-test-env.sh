#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, on a fresh Debian machine (as root):
# headless Chromium (certificate.html screenshot), xmllint (junit.xml), the real Pulumi CLI
# built from the Go module proxy (the real-engine proof; cached outside the repo), the test-only
# DSSE verifier built on go-securesystemslib (the signature interop proof; cached outside too),
# and the parts of the live checks' test hosts (test/live/): Debian's sshd, nginx, nftables,
# Docker engine, busybox-static (the containers' image), testssl.sh (the independent TLS judge), curl.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
[ -x /usr/sbin/nginx ] || need+=(nginx)
[ -x /usr/sbin/nft ] || need+=(nftables)
[ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ] || need+=(docker.io)
# The containers' image is /bin/busybox copied into a rootfs: it must be the static build.
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || need+=(busybox-static)
command -v testssl >/dev/null 2>&1 || need+=(testssl.sh)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v python3 >/dev/null 2>&1 || need+=(python3)   # test/interop/subject_digest.py
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # The packages' maintainer scripts must not start system-wide sshd, nginx or dockerd: the tests
  # start their own, inside network namespaces. Debian's policy-rc.d convention: 101 = refuse.
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ -z "$added_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

bash scripts/build-pulumi-cli.sh
bash scripts/build-dsse-verifier.sh >/dev/null
