#!/usr/bin/env bash
# Everything a fresh Debian 12 machine needs, as root: Debian's FRR 8.4 (FRR's own check of
# frr.conf), iproute2 (network namespaces for the kernel tests), User-Mode Linux, kmod and
# patchelf (a kernel with VRF for the kernel tests, the host's having none: Debian 12's, and
# forky's for hosts where that one starts no process, scripts/uml-kernel.sh), python3 (a test fixture binds a
# socket to the VRF), gobgpd and tini (the lab's MetalLB stand-in and PID 1), j2cli (the
# benchmark's bash + jinja2 baseline), crun (the OCI runtime that starts the extension's container
# in the lab as Talos would), debootstrap and the Debian roots with FRR 10.3 and 10.7.1
# (scripts/frr-roots.sh; kept in /var/tmp across runs), then the npm dependencies. Quick when all
# is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(frr iproute2 user-mode-linux kmod patchelf python3 gobgpd tini j2cli debootstrap crun)
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
  # Another apt (an unattended upgrade) may hold dpkg's lock: wait for it rather than fail.
  apt_wait=(-o DPkg::Lock::Timeout=600)
  apt-get "${apt_wait[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts FRR as a service on install; the checks only need its programs.
if command -v systemctl >/dev/null && systemctl is-active --quiet frr 2>/dev/null; then
  systemctl stop frr || true
fi

scripts/frr-roots.sh
scripts/uml-kernel.sh
npm ci --no-audit --no-fund --loglevel=error
