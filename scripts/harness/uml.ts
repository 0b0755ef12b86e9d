import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { umlKernel } from './uml-kernel.js';

/**
 * Boots one User-Mode Linux kernel (uml-kernel.ts: Debian's, Linux 6.1 or 7.2, with vrf, veth,
 * dummy, 8021q, bonding and overlay modules) with the host's filesystem as its root, runs
 * `script` as PID 1's child, and halts. The guest writes its results straight into `resultsDir` on the host. This is
 * how the suite gets a kernel with VRF on machines whose own kernel has none.
 */
export async function runInUml(script: string, resultsDir: string, options: { timeoutMs?: number; memory?: string } = {}): Promise<string> {
  const moduleDir = umlModuleDir();
  mkdirSync(resultsDir, { recursive: true });
  const init = join(resultsDir, 'init.sh');
  writeFileSync(
    init,
    `#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc; mount -t sysfs sys /sys
mount -t tmpfs tmp /run; mkdir -p /run/netns /run/frr
# FRR's per-process directories (crash logs): private to this boot, so that two runs on one
# machine (whose pids repeat) never meet in the host's /var/tmp/frr.
mkdir -p /var/tmp/frr; mount -t tmpfs tmp /var/tmp/frr
# cgroup2 and overlay: what crun needs to start a container as Talos does (lab/talos).
mount -t cgroup2 none /sys/fs/cgroup
# No io_uring (Linux 6.6+; 6.1 has no such switch): under User-Mode Linux 7.2 a process that
# inherits an io_uring mapping (Node 24's libuv makes one) corrupts page tables ("Bad page map
# ... io_uring_mmap") and the kernel hangs or panics. libuv falls back to its thread pool.
[ -e /proc/sys/kernel/io_uring_disabled ] && echo 2 > /proc/sys/kernel/io_uring_disabled
for m in vrf dummy veth 8021q bonding overlay; do modprobe -d ${moduleDir} $m; done
ip link set lo up
cd ${JSON.stringify(resultsDir)}
/bin/bash ${JSON.stringify(join(resultsDir, 'scenario.sh'))} > ${JSON.stringify(join(resultsDir, 'console.log'))} 2>&1
echo $? > ${JSON.stringify(join(resultsDir, 'scenario.rc'))}
halt -f
`,
  );
  chmodSync(init, 0o755);
  writeFileSync(join(resultsDir, 'scenario.sh'), script);
  const result = await execa(
    umlKernel().binary,
    [`mem=${options.memory ?? '1G'}`, 'root=/dev/root', 'rootfstype=hostfs', 'rootflags=/', 'rw', `init=${init}`, 'con=null', 'con0=fd:0,fd:1'],
    { input: '', reject: false, timeout: options.timeoutMs ?? 600_000, all: true },
  );
  if (!existsSync(join(resultsDir, 'scenario.rc'))) {
    // What the scenario was doing, not the kernel's boot log: its steps file when it keeps one,
    // else the last lines it printed.
    const steps = join(resultsDir, 'steps');
    const console = join(resultsDir, 'console.log');
    const last = existsSync(steps)
      ? `last step: ${readFileSync(steps, 'utf8').trim().split('\n').pop()}`
      : existsSync(console)
        ? `last output:\n${readFileSync(console, 'utf8').trim().split('\n').slice(-15).join('\n')}`
        : 'the scenario never started';
    throw new Error(
      `User-Mode Linux ${result.timedOut ? `ran past ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s` : `ended (exit ${result.exitCode})`} before the scenario finished; ${last} (results: ${resultsDir})`,
    );
  }
  return String(result.all);
}

/** modprobe -d wants DIR/lib/modules/$(uname -r): point that at the kernel's modules. */
function umlModuleDir(): string {
  const kernel = umlKernel();
  const dir = '/tmp/frr-supervisor-uml-modules';
  const link = join(dir, 'lib', 'modules', kernel.version);
  if (!existsSync(link)) {
    mkdirSync(join(dir, 'lib', 'modules'), { recursive: true });
    // Another run may make the same link at the same moment: that one is as good.
    try {
      symlinkSync(kernel.modules, link);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return dir;
}
