#!/usr/bin/env bash
# Debian roots holding the FRR generations the product supports beyond the host's own 8.4:
#   trixie  FRR 10.3   Node 20
#   forky   FRR 10.7.1 Node 24
# Each is a container rootfs made from Debian packages (FRR and its Python tools, Node, tini,
# iproute2, procps), built without a container engine: what a node's container needs. The tests
# check every golden frr.conf against each root's FRR (the bundle run there through chroot).
#
# Usage: scripts/frr-roots.sh [SUITE...]    (default: trixie forky)
# Roots live in FRR_ROOTS_DIR (default /var/tmp/frr-supervisor-roots), which survives reboots and
# clean checkouts, so CI and later runs reuse them. A root is built in a scratch directory and
# renamed into place only when complete; a lock keeps two runs from building the same one.
set -euo pipefail

roots=${FRR_ROOTS_DIR:-/var/tmp/frr-supervisor-roots}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# ca-certificates: Debian's Node warns at every start when the system's CA bundle is missing.
# j2cli: the bash + jinja2 baseline (bench/baseline), which the benchmark starts in the lab's node
# containers beside the supervisor; the supervisor itself never runs it.
packages=(frr frr-pythontools nodejs tini iproute2 procps ca-certificates j2cli)
stamp="packages: ${packages[*]}"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(trixie forky)

[ "$(id -u)" -eq 0 ] || { echo "frr-roots: building a root needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "frr-roots: debootstrap missing (scripts/setup.sh installs it)" >&2; exit 1; }
mkdir -p "$roots"

build() {
  local suite=$1 root=$roots/$1 scratch script=()
  if [ "$(cat "$root/.frr-supervisor-root" 2>/dev/null)" = "$stamp" ]; then
    echo "frr-roots: $suite ready ($root)" >&2
    return 0
  fi
  # A root built with an earlier package list gets what it lacks, in place (apt replaces files
  # by renaming, so trees hard-linked from the root keep what they had).
  if [ -f "$root/.frr-supervisor-root" ]; then
    echo "frr-roots: $suite: installing ${packages[*]} into the existing root" >&2
    mount --bind /proc "$root/proc"
    local rc=0
    chroot "$root" sh -c 'apt-get update -qq -o Acquire::Check-Valid-Until=false && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" && apt-get clean' sh "${packages[@]}" > "$roots/.$suite.update.log" 2>&1 || rc=$?
    umount "$root/proc"
    if [ $rc -eq 0 ]; then echo "$stamp" > "$root/.frr-supervisor-root"; rm -f "$roots/.$suite.update.log"; return 0; fi
    tail -20 "$roots/.$suite.update.log" >&2; echo "frr-roots: $suite: updating failed; building it anew" >&2
  fi
  scratch=$(mktemp -d "$roots/.$suite.building.XXXXXX")
  # mktemp makes it 0700; FRR's daemons drop to the frr user and must reach every file inside.
  chmod 755 "$scratch"
  # Debian 12's debootstrap has no script for forky; sid's builds it.
  [ -e "/usr/share/debootstrap/scripts/$suite" ] || script=(/usr/share/debootstrap/scripts/sid)
  echo "frr-roots: building $suite in $scratch (a few minutes)" >&2
  debootstrap --variant=minbase "$suite" "$scratch" "$mirror" "${script[@]}" > "$scratch.log" 2>&1 \
    || { tail -20 "$scratch.log" >&2; rm -rf "$scratch"; echo "frr-roots: debootstrap $suite failed (log: $scratch.log)" >&2; return 1; }
  # FRR is installed afterwards, not with --include: forky's systemd pre-depends on a
  # libsystemd-shared that debootstrap has not configured yet at that point.
  # The mirror may serve a suite whose Release file is past its Valid-Until date (seen with
  # forky): the signature still holds, so apt is told to accept the date.
  mount --bind /proc "$scratch/proc"
  local rc=0
  chroot "$scratch" sh -c 'apt-get update -qq -o Acquire::Check-Valid-Until=false && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" && apt-get clean' sh "${packages[@]}" >> "$scratch.log" 2>&1 || rc=$?
  umount "$scratch/proc"
  if [ $rc -ne 0 ]; then
    tail -20 "$scratch.log" >&2; rm -rf "$scratch"
    echo "frr-roots: installing FRR into $suite failed (log: $scratch.log)" >&2; return 1
  fi
  echo "$stamp" > "$scratch/.frr-supervisor-root"
  rm -rf "$root"
  mv "$scratch" "$root"
  rm -f "$scratch.log"
  echo "frr-roots: $suite built: FRR $(chroot "$root" dpkg-query -W -f='${Version}' frr), Node $(chroot "$root" dpkg-query -W -f='${Version}' nodejs)" >&2
}

exec 9> "$roots/.lock"
flock 9
for suite in "${suites[@]}"; do build "$suite"; done
