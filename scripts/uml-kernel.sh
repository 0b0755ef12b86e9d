#!/usr/bin/env bash
# The User-Mode Linux kernel for hosts where Debian 12's cannot start a process: Debian forky's
# user-mode-linux package (Linux 7.2, with vrf, dummy, veth, 8021q, bonding and overlay modules),
# unpacked into FRR_ROOTS_DIR/uml and run with the forky root's C library, which it needs
# (glibc 2.38; Debian 12 has 2.36). scripts/harness/uml-kernel.ts chooses between the two.
#
# Debian 12's own (Linux 6.1) fails on a host whose CPUs have AMX (Intel Sapphire Rapids and
# later): its ptrace of a process's FPU state uses a buffer smaller than the host's XSAVE area,
# the kernel answers EFAULT, and init dies at once with "userspace - ptrace set fp regs failed,
# errno = 14". 7.2 sizes that buffer from the host's CPU.
#
# Needs the forky root (scripts/frr-roots.sh) and patchelf. Quick when it is there already.
set -euo pipefail

roots=${FRR_ROOTS_DIR:-/var/tmp/frr-supervisor-roots}
forky=$roots/forky
dir=$roots/uml
libs=$forky/usr/lib/x86_64-linux-gnu

if [ -x "$dir/linux.uml" ] && [ -s "$dir/version" ]; then
  echo "uml-kernel: Linux $(cat "$dir/version") ready ($dir)" >&2
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "uml-kernel: needs root (chroot into the forky root)" >&2; exit 1; }
[ -x "$libs/ld-linux-x86-64.so.2" ] || { echo "uml-kernel: no forky root in $forky (scripts/frr-roots.sh builds it)" >&2; exit 1; }
command -v patchelf >/dev/null || { echo "uml-kernel: patchelf missing (scripts/setup.sh installs it)" >&2; exit 1; }

exec 9> "$roots/.uml.lock"
flock 9
scratch=$(mktemp -d "$roots/.uml.XXXXXX")
trap 'rm -rf "$scratch"; rm -f "$forky"/tmp/user-mode-linux_*.deb' EXIT
# The package from forky's own apt (its sources and keys), the way the root got its FRR.
mount --bind /proc "$forky/proc"
rc=0
chroot "$forky" sh -c 'cd /tmp && apt-get update -qq -o Acquire::Check-Valid-Until=false && apt-get download -qq user-mode-linux' > "$scratch/apt.log" 2>&1 || rc=$?
umount "$forky/proc"
if [ $rc -ne 0 ]; then tail -20 "$scratch/apt.log" >&2; echo "uml-kernel: downloading forky's user-mode-linux failed" >&2; exit 1; fi
deb=$(ls "$forky"/tmp/user-mode-linux_*.deb)
dpkg-deb -x "$deb" "$scratch/package"
version=$(ls "$scratch/package/usr/lib/uml/modules")
mkdir "$scratch/uml"
mv "$scratch/package/usr/bin/linux.uml" "$scratch/uml/linux.uml"
mv "$scratch/package/usr/lib/uml/modules/$version" "$scratch/uml/modules"
patchelf --set-interpreter "$libs/ld-linux-x86-64.so.2" --set-rpath "$libs" "$scratch/uml/linux.uml"
echo "$version" > "$scratch/uml/version"
rm -rf "$dir"
mv "$scratch/uml" "$dir"
echo "uml-kernel: Linux $version in $dir" >&2
