import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { FrrFacts } from './facts.js';

/**
 * A throwaway FRR that reads configs as the node's FRR would and says what it made of them, with
 * no effect outside: its own mount, network and PID namespaces (unshare, as root), an empty
 * network (its bgpd opens no port and reaches no peer), its own /etc/frr and /var/run/frr on
 * tmpfs, and every process gone when the namespace's first process ends. Each config is applied
 * in turn with `vtysh -f` (what `vtysh -b` does with frr.conf at a start), then its running config
 * is read. The daemons are the node's, less staticd; values come as arguments, never in the
 * script's text.
 */
const script = `
set -u
bin=$1 vtysh=$2 work=$3
shift 3
daemons=
while [ "$1" != -- ]; do daemons="$daemons $1"; shift; done
shift
mount -t tmpfs -o mode=0755 frr-sandbox /var/run/frr || exit 90
mount -t tmpfs -o mode=0755 frr-sandbox /etc/frr || exit 90
chown frr:frr /var/run/frr /etc/frr || exit 90
printf 'service integrated-vtysh-config\\n' > /etc/frr/vtysh.conf
for daemon in $daemons; do
  case $daemon in bgpd) port='-p 0';; *) port=;; esac
  "$bin/$daemon" -d -A 127.0.0.1 -P 0 $port > "$work/$daemon.start" 2>&1 || { tail -n 3 "$work/$daemon.start"; exit 91; }
done
for config in "$@"; do
  "$vtysh" -f "$work/$config" > "$work/$config.applied" 2>&1
  "$vtysh" -c 'show running-config' > "$work/$config.running" 2>&1 || { tail -n 3 "$work/$config.running"; exit 92; }
done
`;

export class SandboxError extends Error {}

/** The running config after each of `configs` is applied in turn, in one throwaway FRR. */
export async function runningConfigsInSandbox(facts: FrrFacts, configs: readonly string[]): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'frr-sandbox-'));
  try {
    const names = configs.map((_, i) => `config-${i}.conf`);
    await Promise.all(configs.map((text, i) => writeFile(join(work, names[i] ?? ''), text, { mode: 0o600 })));
    const daemons = facts.daemons.filter((daemon) => daemon !== 'staticd');
    const [vtysh = 'vtysh'] = facts.vtysh;
    const run = await execa(
      'unshare',
      ['-m', '-n', '-p', '-f', '--propagation', 'private', 'sh', '-c', script, 'frr-sandbox', facts.binDir, vtysh, work, ...daemons, '--', ...names],
      {
        reject: false,
        all: true,
        timeout: 120_000,
        // execa's signal-exit handlers would re-raise a SIGTERM meant for the supervisor.
        cleanup: false,
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
        extendEnv: false,
      },
    );
    if (run.exitCode !== 0)
      throw new SandboxError(
        `a throwaway FRR could not read it (unshare exited ${run.exitCode ?? run.signal}: ${
          String(run.all ?? '')
            .trim()
            .split('\n')
            .pop() ?? ''
        })`,
      );
    return await Promise.all(names.map((name) => readFile(join(work, `${name}.running`), 'utf8')));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
