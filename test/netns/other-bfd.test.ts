import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync, chownSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useNetns, type Netns } from '../helpers/netns.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/**
 * Two bfdd daemons of the host's FRR in one network namespace, as this extension's and MetalLB's
 * (FRR or frr-k8s mode) would be: the supervisor finds the other one by its sockets, and never
 * takes its own bfdd's for another's.
 */
describe('another BFD daemon in the network namespace (real bfdd, network namespaces)', () => {
  const netns = useNetns();
  const started: string[] = [];
  afterEach(async () => {
    for (const pathspace of started.splice(0)) {
      await execa('pkill', ['-f', `bfdd -d -N ${pathspace}`], { reject: false });
      rmSync(`/var/run/frr/${pathspace}`, { recursive: true, force: true });
    }
  });

  // The host's FRR user, which bfdd drops to: its run directory must be its own.
  const [, , uid = '', gid = ''] =
    readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('frr:'))
      ?.split(':') ?? [];
  async function startBfdd(ns: Netns, pathspace: string): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'frr-supervisor-bfdd-'));
    const runDir = `/var/run/frr/${pathspace}`;
    mkdirSync(runDir, { recursive: true });
    chownSync(runDir, Number(uid), Number(gid));
    writeFileSync(join(dir, 'bfdd.conf'), 'bfd\nexit\n');
    started.push(pathspace);
    await execa(ns.exec[0] ?? 'ip', [
      ...ns.exec.slice(1),
      '/usr/lib/frr/bfdd',
      '-d',
      '-N',
      pathspace,
      '-f',
      join(dir, 'bfdd.conf'),
      '-P',
      '0',
      '-i',
      join(runDir, 'bfdd.pid'),
      '--log',
      `file:${join(dir, 'bfdd.log')}`,
    ]);
    // Its sockets are bound once it answers on its vty.
    for (let i = 0; i < 80; i += 1) {
      if ((await execa('vtysh', ['-N', pathspace, '-c', 'show bfd peers'], { reject: false })).exitCode === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const pid = Number(readFileSync(join(runDir, 'bfdd.pid'), 'utf8').trim());
    rmSync(dir, { recursive: true, force: true });
    return pid;
  }
  const found = async (ns: Netns, ours: number) =>
    JSON.parse((await execa(ns.exec[0] ?? 'ip', [...ns.exec.slice(1), 'npx', 'tsx', join(fixtures, 'other-bfd.ts'), String(ours)])).stdout) as number[];

  it("finds another bfdd's sockets, and not its own bfdd's", async () => {
    const ns = await netns();
    await ns.batch(['link set lo up']);
    expect(await found(ns, 0)).toEqual([]);
    const ours = await startBfdd(ns, `frr-supervisor-ours-${process.pid}`);
    // Its own bfdd alone: nothing else.
    expect(await found(ns, ours)).toEqual([]);
    // Before its own bfdd is known (the start's pre-flight), any BFD socket is another's.
    expect((await found(ns, 0)).length).toBeGreaterThan(0);
    await startBfdd(ns, `frr-supervisor-other-${process.pid}`);
    // Single hop and multihop, IPv4 and IPv6: the other bfdd binds them all.
    expect(await found(ns, ours)).toEqual([3784, 3784, 4784, 4784]);
  });
});
