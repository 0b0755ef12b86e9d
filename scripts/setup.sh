#!/usr/bin/env bash
# Everything a fresh Debian 12 machine needs, as root: Debian's FRR (for FRR's own check of
# frr.conf), iproute2 (network namespaces for the kernel tests), User-Mode Linux and kmod (a
# kernel with VRF for the kernel tests: the host's has none), python3 (a test fixture binds a
# socket to the VRF), gobgpd and tini (the lab's MetalLB stand-in and PID 1), j2cli (the
# benchmark's bash + jinja2 baseline), then the npm dependencies. Quick when all is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(frr iproute2 user-mode-linux kmod python3 gobgpd tini j2cli)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: ${missing[*]} missing; run as root to install them" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts FRR as a service on install; the checks only need its programs.
if command -v systemctl >/dev/null && systemctl is-active --quiet frr 2>/dev/null; then
  systemctl stop frr || true
fi

npm ci --no-audit --no-fund --loglevel=error
