import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootsDir } from '../extension/debian-tree.js';

/** A User-Mode Linux kernel: its program, and the directory of its modules. */
export interface UmlKernel {
  readonly name: string;
  readonly binary: string;
  readonly modules: string;
  readonly version: string;
}

/** Debian 12's user-mode-linux package: Linux 6.1, what every lab figure so far came from. */
function debianKernel(): UmlKernel | undefined {
  const base = '/usr/lib/uml/modules';
  const version = existsSync(base) ? readdirSync(base)[0] : undefined;
  if (!existsSync('/usr/bin/linux.uml') || !version) return undefined;
  return { name: `Debian 12's Linux ${version}`, binary: '/usr/bin/linux.uml', modules: join(base, version), version };
}

/** Debian forky's, unpacked by scripts/uml-kernel.sh: Linux 7.2, for the hosts 6.1 cannot run on. */
function forkyKernel(): UmlKernel | undefined {
  const dir = join(rootsDir, 'uml');
  if (!existsSync(join(dir, 'linux.uml')) || !existsSync(join(dir, 'version'))) return undefined;
  const version = readFileSync(join(dir, 'version'), 'utf8').trim();
  return { name: `forky's Linux ${version}`, binary: join(dir, 'linux.uml'), modules: join(dir, 'modules'), version };
}

const marker = 'frr-supervisor: this kernel starts processes';

/** Whether `kernel` boots here and starts a process: a second's boot of a one-line init. */
function startsProcesses(kernel: UmlKernel): boolean {
  const dir = '/tmp/frr-supervisor-uml-probe';
  mkdirSync(dir, { recursive: true });
  const init = join(dir, 'init.sh');
  writeFileSync(init, `#!/bin/sh\necho '${marker}'\nhalt -f\n`);
  chmodSync(init, 0o755);
  const result = spawnSync(
    kernel.binary,
    ['mem=64M', 'root=/dev/root', 'rootfstype=hostfs', 'rootflags=/', 'rw', `init=${init}`, 'con=null', 'con0=fd:0,fd:1'],
    { input: '', encoding: 'utf8', timeout: 60_000 },
  );
  return result.stdout.includes(marker);
}

let chosen: UmlKernel | undefined;

/**
 * The kernel the suite boots: Debian 12's 6.1 where it can start a process, else forky's 7.2.
 * 6.1 cannot on a host whose CPUs have AMX: its ptrace of a process's FPU state uses a buffer
 * smaller than the host's XSAVE area, and init dies at once ("userspace - ptrace set fp regs
 * failed, errno = 14"). 7.2 sizes that buffer from the host's CPU; it needs io_uring off (uml.ts
 * says why), and every lab figure before it came from 6.1, so 6.1 stays wherever it works. FRR_SUPERVISOR_UML=debian or =forky chooses without the probe.
 */
export function umlKernel(): UmlKernel {
  if (chosen) return chosen;
  const debian = debianKernel();
  const forky = forkyKernel();
  const asked = process.env.FRR_SUPERVISOR_UML;
  const pick = asked === 'debian' ? debian : asked === 'forky' ? forky : debian && startsProcesses(debian) ? debian : forky;
  if (!pick)
    throw new Error(
      `no User-Mode Linux kernel that starts processes here${asked ? ` (FRR_SUPERVISOR_UML=${asked})` : ''}: scripts/setup.sh installs Debian 12's and unpacks forky's (scripts/uml-kernel.sh)`,
    );
  chosen = pick;
  return pick;
}
