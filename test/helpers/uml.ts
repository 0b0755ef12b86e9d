import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * Boots one User-Mode Linux kernel (Debian's user-mode-linux: Linux 6.1 with vrf, veth, dummy,
 * 8021q and bonding modules) with the host's filesystem as its root, runs `script` as PID 1's
 * child, and halts. The guest writes its results straight into `resultsDir` on the host. This is
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
for m in vrf dummy veth 8021q bonding; do modprobe -d ${moduleDir} $m; done
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
    'linux.uml',
    [`mem=${options.memory ?? '1G'}`, 'root=/dev/root', 'rootfstype=hostfs', 'rootflags=/', 'rw', `init=${init}`, 'con=null', 'con0=fd:0,fd:1'],
    { input: '', reject: false, timeout: options.timeoutMs ?? 600_000, all: true },
  );
  if (!existsSync(join(resultsDir, 'scenario.rc'))) {
    throw new Error(`UML did not finish the scenario (exit ${result.exitCode}, timed out: ${result.timedOut}):\n${String(result.all).slice(-3000)}`);
  }
  return String(result.all);
}

/** modprobe -d wants DIR/lib/modules/$(uname -r): point that at the UML package's modules. */
function umlModuleDir(): string {
  const base = '/usr/lib/uml/modules';
  if (!existsSync(base)) throw new Error('User-Mode Linux is not installed: apt-get install user-mode-linux (scripts/setup.sh does)');
  const version = readdirSync(base)[0];
  if (!version) throw new Error(`no kernel modules in ${base}`);
  const dir = '/tmp/frr-supervisor-uml-modules';
  const link = join(dir, 'lib', 'modules', version);
  if (!existsSync(link)) {
    mkdirSync(join(dir, 'lib', 'modules'), { recursive: true });
    symlinkSync(join(base, version), link);
  }
  return dir;
}

export function umlAvailable(): boolean {
  try {
    execFileSync('which', ['linux.uml'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
